"""Teaching languages as published (docs/disclosure.md §6): per expert the participants started per
language, over all experts the days to start and the share started within the target.

Languages are folded to one name each (`measure.survey_languages`, with the config's
`[languages]` table of variants). A language with fewer than `min_n` starts over all experts is
shown together with the others like it as *övriga språk*, and that group, when still small,
takes in the next smallest language. The counts per expert are a breakdown of its starts
(`report.breakdown`: a count under `min_n` hidden, and so many more, within the expert and within
the language, that no total gives it away); a language whose total would give a hidden count
away joins *övriga språk*. Only published figures are ever named in the conclusions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from so_analysis.measure.figures import ALL
from so_analysis.measure.outcomes import counting_records
from so_analysis.measure.survey_languages import (
    NOT_GIVEN,
    OTHER,
    lead_time_by_language,
    slow_languages,
    teaching_languages,
)
from so_analysis.report.publication.breakdown import Protected, published_breakdown
from so_analysis.report.publication.formatting import format_count
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.publication.targets_text import short_number, short_percent


@dataclass(frozen=True)
class Languages:
    """One period's teaching languages as published."""

    categories: tuple[str, ...]  # named languages (most starts first), then NOT_GIVEN, OTHER
    counts: dict[tuple[str, str], int]  # (provider_id, category) -> participants started
    totals: dict[str, int]  # category -> participants started over all experts
    protected: Protected
    by_language: pd.DataFrame  # category, n, lead_time_mean_days, within_target_share

    def label(self, category: str, t: Any) -> str:
        """How a category reads: the language, 'ej angivet' or 'övriga språk'."""
        if category == OTHER:
            return t("visit.other_languages")
        if category == NOT_GIVEN:
            return t("visit.not_given")
        return category


def _order(totals: pd.Series, merged: set[str]) -> list[str]:
    named = [lang for lang in totals.index if lang not in merged and lang != NOT_GIVEN]
    named.sort(key=lambda lang: (-int(totals[lang]), lang))
    tail = [NOT_GIVEN] if NOT_GIVEN in totals.index and NOT_GIVEN not in merged else []
    return named + tail + ([OTHER] if merged else [])


def grouped_languages(
    model: Publication, frame: pd.DataFrame, basis: str
) -> tuple[list[str], dict[tuple[str, str], int], Protected, set[str]]:
    """People per expert and language (`frame`: provider_id, language) as published, resting on
    the count `basis` of each expert: the categories (the small languages joined as *övriga
    språk*, and so many more that no total gives a hidden count away), the counts per expert
    and category, their protection, and the languages joined."""
    totals = frame["language"].value_counts()
    min_n = model.min_n
    merged = {lang for lang, n in totals.items() if n < min_n}

    def other_total() -> int:
        return int(sum(totals[lang] for lang in merged))

    def merge_smallest(candidates: list[str]) -> None:
        merged.add(min(candidates, key=lambda lang: (int(totals[lang]), lang)))

    while 0 < other_total() < min_n and len(merged) < len(totals):
        merge_smallest([lang for lang in totals.index if lang not in merged])
    while True:
        categories = _order(totals, merged)
        category = frame["language"].where(~frame["language"].isin(merged), OTHER)
        grouped = frame.assign(category=category).groupby(["provider_id", "category"]).size()
        counts = {(str(p), str(c)): int(n) for (p, c), n in grouped.items()}
        protected = published_breakdown(model, counts, categories, basis, rows_add_up=True)
        if not model.cell(ALL, basis).ok:
            break  # every total hidden: nothing to merge that would help
        leaking = [c for c in protected.totals_hidden if c != OTHER]
        if not leaking and OTHER in protected.totals_hidden:
            leaking = [c for c in categories if c != OTHER]
        if not leaking:
            break
        merge_smallest(leaking)
    return categories, counts, protected, merged


def _build(report: Report, model: Publication) -> Languages:
    config = report.analysis.dataset.config
    read = ["provider_id", "language", "registered", "started"]
    counting = counting_records(report.analysis.classified, read)
    languages = teaching_languages(counting, dict(config.languages))
    started = report.analysis.period.contains(counting["started"])
    frame = pd.DataFrame(
        {"provider_id": counting["provider_id"][started], "language": languages[started]}
    )
    categories, counts, protected, merged = grouped_languages(model, frame, "lead_time_n")
    mapped = languages.where(~languages.isin(merged), OTHER)
    target = config.targets.lead_time_max_days
    by_language = lead_time_by_language(counting, report.analysis.period, mapped, target)
    by_language = by_language.set_index("language").reindex(categories).rename_axis("category")
    category_totals = {
        c: int(n) for c, n in frame.assign(c=mapped[started])["c"].value_counts().items()
    }
    return Languages(
        tuple(categories), counts, category_totals, protected, by_language.reset_index()
    )


def published_languages(report: Report, lang: str = "sv") -> Languages:
    """The period's teaching languages as published (made once per report and language)."""
    return report.once(("languages", lang), lambda: _build(report, report.model(lang)))


def slow_language(report: Report, lang: str = "sv") -> dict[str, Any] | None:
    """The language whose starts waited markedly longer (`measure.survey_languages.SLOW_FACTOR`
    times the mean over all starts, on at least `min_n` starts), from published figures only:
    its name and figures, or None. Never 'övriga språk' or 'ej angivet'."""
    model = report.model(lang)
    overall = model.cell(ALL, "lead_time_mean_days")
    if not overall.ok:
        return None
    languages = published_languages(report, lang)
    rows = languages.by_language
    rows = rows[~rows["category"].isin([OTHER, NOT_GIVEN])]
    rows = rows[[c not in languages.protected.totals_hidden for c in rows["category"]]]
    slow = slow_languages(rows, overall.value, model.min_n)
    if slow.empty:
        return None
    top = slow.iloc[0]
    return {
        "language": str(top["category"]),
        "n": int(top["n"]),
        "days": float(top["lead_time_mean_days"]),
        "share": float(top["within_target_share"]),
        "overall": float(overall.value),
    }


def slow_language_sentence(report: Report, lang: str = "sv") -> str | None:
    """A sentence for the conclusions when one language waits markedly longer, else None."""
    found = slow_language(report, lang)
    if found is None:
        return None
    model = report.model(lang)
    return model.t.n(
        "visit.slow_language",
        found["n"],
        language=found["language"],
        days=short_number(found["days"], lang),
        overall=short_number(found["overall"], lang),
        n=format_count(found["n"], lang),
        share=short_percent(found["share"], lang),
        lead=short_number(model.targets.lead_time_max_days, lang),
    )
