"""Survey detail and teaching languages (docs/method.md §3.10, §3.15): per expert and over all.

Survey detail: the mean per course block (`module_*`: the eight named blocks, then any other
module column as the file has it), "förstod språket" and "rekommendera", each with its own n,
over the answers of the period. Languages: free text in exports, so
spellings are folded to one name (`normalise_languages`, with the config's table of variants);
over all experts, the days to start and the share started within the target per language. All
figures are unsuppressed: publication decides.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from so_analysis.core.periods import Period
from so_analysis.load.validation import MODULE_PREFIX
from so_analysis.measure.figures import ALL

# The eight course blocks the survey's module columns may rate (SPEC §1), in report order.
BLOCKS: tuple[str, ...] = (
    "module_komma_till_sverige",
    "module_bo_i_sverige",
    "module_forsorja_sig",
    "module_rattigheter_skyldigheter",
    "module_familj_och_barn",
    "module_paverka",
    "module_varda_halsan",
    "module_aldras",
)
# The survey's optional questions besides the module columns, after them in the report.
OTHER_ITEMS: tuple[str, ...] = ("language_understood", "recommend")


def survey_items_of(columns: Iterable[object]) -> list[str]:
    """The survey's optional questions among `columns`, in report order: the eight named blocks,
    then every other module column (`Modul 1` …) in the file's order, then the other two."""
    present = [c for c in columns if isinstance(c, str)]
    others = [c for c in present if c.startswith(MODULE_PREFIX) and c not in BLOCKS]
    return [
        *(c for c in BLOCKS if c in present),
        *others,
        *(c for c in OTHER_ITEMS if c in present),
    ]


# Spelling variants of common teaching languages, folded to the Swedish name; a data folder's
# `[languages]` table in so_analysis.toml adds to it.
LANGUAGE_VARIANTS: dict[str, tuple[str, ...]] = {
    "arabiska": ("arabic", "arab", "arabi"),
    "dari": ("dari persiska", "afghanska"),
    "persiska": ("persian", "farsi", "farsiska"),
    "somaliska": ("somali",),
    "tigrinja": ("tigrinya", "tigrigna", "tigrinska"),
    "engelska": ("english",),
    "svenska": ("swedish",),
    "pashto": ("pashtu", "pushto", "pashtu/pashto"),
    "kurdiska": ("kurdish", "sorani", "kurmanji"),
    "amhariska": ("amharic",),
    "franska": ("french",),
    "ryska": ("russian",),
    "ukrainska": ("ukrainian",),
    "turkiska": ("turkish",),
    "spanska": ("spanish",),
    "bosniska/kroatiska/serbiska": ("bosniska", "kroatiska", "serbiska", "bks"),
}
NOT_GIVEN = "ej angivet"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return " ".join(text.replace("_", " ").split())


def language_lookup(extra: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, str]:
    """Folded spelling -> the language's name, from the built-in table and `extra`."""
    lookup: dict[str, str] = {}
    for table in (LANGUAGE_VARIANTS, extra or {}):
        for name, variants in table.items():
            for spelling in (name, *variants):
                lookup[_fold(spelling)] = name
    return lookup


def normalise_languages(
    languages: pd.Series, extra: Mapping[str, tuple[str, ...]] | None = None
) -> pd.Series:
    """One name per language: case, spacing and known variants folded; unknown kept, folded."""
    lookup = language_lookup(extra)
    text = languages.astype("object")
    # Folded once per distinct spelling, not once per row: a million enrolments have a few
    # hundred spellings at most.
    codes, uniques = pd.factorize(text)
    if not all(isinstance(value, str) for value in uniques):
        # 1, 1.0 and True are one key to factorize but three texts: factorize the texts
        codes, uniques = pd.factorize(text.astype(str).where(text.notna()))
    names = np.empty(len(uniques) + 1, dtype="object")
    for i, value in enumerate(uniques):
        spelling = str(value)
        folded = _fold(spelling)
        names[i] = lookup.get(folded, folded) if spelling.strip() != "" else NOT_GIVEN
    names[-1] = NOT_GIVEN  # code -1: missing
    return pd.Series(names[codes], index=languages.index, dtype="object")


def survey_detail(survey: pd.DataFrame | None, period: Period) -> pd.DataFrame:
    """Per expert and `_all`, per survey item present: mean and n of the period's answers.

    Columns provider_id, item, mean, n; an item nobody answered is left out.
    """
    columns = ["provider_id", "item", "mean", "n"]
    if survey is None or survey.empty:
        return pd.DataFrame(columns=columns)
    items = survey_items_of(survey.columns)
    answered = survey[period.contains(survey["answered"])]
    if not items or answered.empty:
        return pd.DataFrame(columns=columns)
    scores = answered[items].apply(pd.to_numeric, errors="coerce").astype("float64")
    long = scores.assign(provider_id=answered["provider_id"]).melt(
        id_vars="provider_id", var_name="item", value_name="score"
    )
    long = long[long["score"].notna()]
    frames = []
    for key in ("provider_id", None):
        groups = long.groupby(["provider_id", "item"] if key else ["item"], sort=False)["score"]
        part = groups.agg(["mean", "count"]).reset_index()
        if key is None:
            part.insert(0, "provider_id", ALL)
        frames.append(part.rename(columns={"count": "n"}))
    out = pd.concat(frames, ignore_index=True)
    order = {item: i for i, item in enumerate(items)}
    out["_order"] = out["item"].map(order)
    out = out.sort_values(["_order"], kind="stable").drop(columns="_order")
    out["n"] = out["n"].astype("int64")
    return out.reset_index(drop=True)[columns]


def lead_time_by_language(
    enrolments: pd.DataFrame, period: Period, languages: pd.Series, target_days: float
) -> pd.DataFrame:
    """Over all experts, per language: starts (n), mean days to start, share within target.

    Longest mean first. Columns language, n, lead_time_mean_days, within_target_share.
    """
    started = period.contains(enrolments["started"])
    days = (enrolments["started"] - enrolments["registered"]).dt.days[started].astype("float64")
    if not languages.index.equals(enrolments.index):
        return _lead_time_grouped(languages[started], days, target_days)
    # Per language by counting (one pass, no group at a time): day counts are whole numbers,
    # so each sum, and each mean as sum / count, is exactly what a groupby gives.
    codes, uniques = pd.factorize(languages.to_numpy(dtype=object)[started.to_numpy()])
    values = days.to_numpy()
    known = codes >= 0  # a missing language is no group, as in a groupby
    codes, values = codes[known], values[known]
    k = len(uniques)
    valid = ~np.isnan(values)
    n = np.bincount(codes[valid], minlength=k)
    total = np.bincount(codes[valid], weights=values[valid], minlength=k)
    within = np.bincount(codes[values <= target_days], minlength=k)  # NaN is never within
    size = np.bincount(codes, minlength=k)  # the share counts a start without days too
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    out = pd.DataFrame(
        {
            "n": n.astype("int64"),
            "lead_time_mean_days": mean,
            "within_target_share": within / size,
        },
        index=pd.Index(uniques, dtype=object, name="language"),
    )
    out = out.sort_values("lead_time_mean_days", ascending=False, kind="stable")
    return out.reset_index()


def _lead_time_grouped(languages: pd.Series, days: pd.Series, target_days: float) -> pd.DataFrame:
    frame = pd.DataFrame({"language": languages, "days": days})
    g = frame.groupby("language", sort=False)["days"]
    out = pd.DataFrame(
        {
            "n": g.count().astype("int64"),
            "lead_time_mean_days": g.mean(),
            "within_target_share": g.apply(lambda s: float(np.mean(s <= target_days))),
        }
    )
    out = out.sort_values("lead_time_mean_days", ascending=False, kind="stable")
    return out.rename_axis("language").reset_index()


# A language waits markedly longer when its starts' mean days to start are at least this many
# times the mean over every start, on at least min_n starts.
SLOW_FACTOR = 1.5
OTHER = "_other"  # the category of languages shown together (too few starts each)


def teaching_languages(
    enrolments: pd.DataFrame, extra: Mapping[str, tuple[str, ...]] | None = None
) -> pd.Series:
    """Each enrolment's teaching language, one name per language (NOT_GIVEN when missing)."""
    if "language" not in enrolments:
        return pd.Series(NOT_GIVEN, index=enrolments.index, dtype="object")
    return normalise_languages(enrolments["language"], extra)


def slow_languages(
    by_language: pd.DataFrame, overall_mean: float, min_n: int, factor: float = SLOW_FACTOR
) -> pd.DataFrame:
    """Languages whose starts waited markedly longer than all starts: a mean at least `factor`
    times `overall_mean`, on at least `min_n` starts. Rows of `by_language`, longest first."""
    if by_language.empty or not overall_mean > 0:
        return by_language.iloc[0:0]
    slow = (by_language["n"] >= min_n) & (
        by_language["lead_time_mean_days"] >= factor * overall_mean
    )
    out = by_language[slow]
    return out.sort_values("lead_time_mean_days", ascending=False, kind="stable")
