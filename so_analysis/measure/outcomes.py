"""Derived outcomes and out-of-order rules (docs/method.md §3.6–3.7): which enrolments count."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from so_analysis.core.periods import Period
from so_analysis.load import codes as by_codes
from so_analysis.load.tables import REASON_NOT_GIVEN

# Rules that leave an enrolment out of every indicator, in the order they are tried.
EXCLUSION_RULES: tuple[str, ...] = (
    "start_before_registration",
    "end_before_start",
    "end_without_start",
    "closed_without_end",
)
# Counted in the data-quality appendix but not left out.
REASON_NOT_GIVEN_RULE = "reason_not_given"
QUALITY_RULES: tuple[str, ...] = (*EXCLUSION_RULES, REASON_NOT_GIVEN_RULE)


def derive_outcome(enrolments: pd.DataFrame) -> pd.Series:
    """The given outcome, or one derived from the dates and the reason when it is empty.

    Start and end with a reason is a dropout, without one completed; a start and no end is
    ongoing; an end and no start, or neither, is not started.
    """
    given = enrolments["outcome"].astype("object")
    missing = np.flatnonzero(by_codes.isna(given))  # derived for these only: most are given
    if not len(missing):
        return given  # the column as it is (and as loading coded it: `load.codes`)
    values = given.to_numpy(dtype=object, copy=True)
    started = enrolments["started"].notna().to_numpy()[missing]
    ended = enrolments["ended"].notna().to_numpy()[missing]
    has_reason = enrolments["dropout_reason"].notna().to_numpy()[missing]
    values[missing] = np.select(
        [started & ended & has_reason, started & ended, started],
        np.array(["dropout", "completed", "ongoing"], dtype=object),
        default="not_started",
    )
    return pd.Series(values, index=enrolments.index, dtype="object", name=given.name, copy=False)


def among(factorized: tuple[np.ndarray, np.ndarray], *wanted: str) -> np.ndarray:
    """Whether each value of a `load.codes.factorized` column is one of `wanted`, each distinct
    value compared once."""
    codes, table = factorized
    return pd.Index(table, dtype="object").isin(wanted)[codes]


def counts(classified: pd.DataFrame) -> np.ndarray:
    """Which records count: those no exclusion rule leaves out (`excluded_rule` empty)."""
    return by_codes.isna(classified["excluded_rule"])


def nanos(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dates as int64 nanoseconds and whether each is given (NaT, the smallest int64, is not)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    return values.view("i8"), ~np.isnat(values)


def _exclusion_rule(enrolments: pd.DataFrame, outcome: tuple[np.ndarray, pd.Index]) -> pd.Series:
    (reg, has_reg), (start, has_start), (end, has_end) = (
        nanos(enrolments[c]) for c in ("registered", "started", "ended")
    )
    broken = {
        "start_before_registration": has_start & has_reg & (start < reg),
        "end_before_start": has_end & has_start & (end < start),
        "end_without_start": has_end & ~has_start & ~among(outcome, "not_started"),
        "closed_without_end": among(outcome, "completed", "dropout") & ~has_end,
    }
    codes = np.full(len(enrolments), -1, dtype=np.int8)
    for i, name in reversed(list(enumerate(EXCLUSION_RULES))):  # the first rule in the tuple wins
        codes[broken[name]] = i
    rule = np.array([*EXCLUSION_RULES, pd.NA], dtype=object)[codes]
    by_codes.remember(rule, codes, EXCLUSION_RULES, missing=pd.NA)  # `counts` asks each once
    return pd.Series(rule, index=enrolments.index, dtype="object", copy=False)


def first_starts(enrolments: pd.DataFrame, counts: np.ndarray) -> np.ndarray:
    """Whether each enrolment is its participant's first start in the data: among the records
    that count (`counts`) with a start date, the earliest start of each participant_id (the
    pseudonym links a person across experts), the first such record in the data on a tie.

    Marked once over the whole data, so a subset (an earlier period's records, one sex) keeps
    each person's first start where it is.
    """
    start, has_start = nanos(enrolments["started"])
    rows = np.flatnonzero(has_start & counts)
    all_ids = enrolments["participant_id"].to_numpy(dtype=object)
    known = by_codes.labels(all_ids)  # loading factorised these very ids (load/codes.py)
    if known is not None:
        people = known[rows]  # a copy: fancy indexing
        labels = int(known.max(initial=-1)) + 1
    else:
        people, _ = pd.factorize(all_ids[rows], size_hint=len(rows))
        labels = int(people.max(initial=-1)) + 1
    alone = people < 0  # no id: a person of their own
    people[alone] = labels + np.arange(int(alone.sum()))
    k = labels + int(alone.sum())
    # per person the earliest start, then the first row holding it (unbuffered: no sort)
    starts = start[rows]
    earliest = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(earliest, people, starts)
    candidates = np.flatnonzero(starts == earliest[people])
    first = np.full(k, len(rows))
    np.minimum.at(first, people[candidates], candidates)
    out = np.zeros(len(enrolments), dtype=bool)
    out[rows[first[first < len(rows)]]] = True  # (a person with no record here has none)
    return out


def classify_enrolments(enrolments: pd.DataFrame) -> pd.DataFrame:
    """Enrolments with `outcome` filled in, `reason` (dropouts without one: 'ej_angiven'),
    `excluded_rule` (NA for records that count) and `first_start` (the participant's first
    start in the data, `first_starts`)."""
    outcome = derive_outcome(enrolments)
    factorized = by_codes.factorized(outcome.to_numpy())  # each distinct outcome compared once
    dropout = among(factorized, "dropout")
    reason = enrolments["dropout_reason"].to_numpy(dtype=object, copy=True)
    reason[dropout & pd.isna(reason)] = REASON_NOT_GIVEN
    reason[~dropout] = np.nan
    excluded = _exclusion_rule(enrolments, factorized)
    # no copy of the enrolments: the new frame shares their columns (copy on write)
    return by_codes.guard(  # a write to it copies a column: its codes stay true
        enrolments.assign(
            outcome=outcome,
            reason=pd.Series(reason, index=enrolments.index, dtype="object", copy=False),
            excluded_rule=excluded,
            first_start=pd.Series(
                first_starts(enrolments, excluded.isna().to_numpy()),
                index=enrolments.index,
                copy=False,
            ),
        )
    )


def counting_records(
    classified: pd.DataFrame, columns: Iterable[str], where: np.ndarray | None = None
) -> pd.DataFrame:
    """The records that count (`excluded_rule` empty) and for which `where` holds, with only
    `columns` (those the frame has): filtering every column would copy a million rows of each
    for nothing."""
    keep = counts(classified)
    if where is not None:
        keep = keep & where
    read = [c for c in columns if c in classified.columns]
    if keep.all():  # the columns as they are (shared, copy on write), no row left out
        return classified[read]
    return classified.loc[keep, read]


def touches_period(classified: pd.DataFrame, period: Period) -> pd.Series:
    """Records with a registration, start or end date in the period."""
    return (
        period.contains(classified["registered"])
        | period.contains(classified["started"])
        | period.contains(classified["ended"])
    )


def quality_summary(classified: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per rule and expert: records left out (or dropouts without a reason) touching the period.

    Columns rule, provider_id, n, excluded; one row per rule and expert with n > 0, in rule order.
    """
    # the rows are found on the whole columns and only they are copied (a few, of a million)
    touching, counting = touches_period(classified, period).to_numpy(), counts(classified)
    parts = []
    excluded = classified.loc[touching & ~counting, ["excluded_rule", "provider_id"]]
    if len(excluded):
        per_rule = excluded.groupby(["excluded_rule", "provider_id"], sort=False).size()
        frame = per_rule.rename("n").reset_index().rename(columns={"excluded_rule": "rule"})
        frame["excluded"] = True
        parts.append(frame)
    no_reason = classified.loc[
        touching
        & counting
        & (classified["reason"] == REASON_NOT_GIVEN).to_numpy()
        & period.contains(classified["ended"]).to_numpy(),
        ["provider_id"],
    ]
    if len(no_reason):
        frame = no_reason.groupby("provider_id", sort=False).size().rename("n").reset_index()
        frame.insert(0, "rule", REASON_NOT_GIVEN_RULE)
        frame["excluded"] = False
        parts.append(frame)
    if not parts:
        return pd.DataFrame(
            {
                "rule": pd.Series(dtype="object"),
                "provider_id": pd.Series(dtype="object"),
                "n": pd.Series(dtype="int64"),
                "excluded": pd.Series(dtype="bool"),
            }
        )
    result = pd.concat(parts, ignore_index=True)
    order = {rule: i for i, rule in enumerate(QUALITY_RULES)}
    result = result.sort_values("rule", key=lambda s: s.map(order), kind="stable")
    return result.reset_index(drop=True)[["rule", "provider_id", "n", "excluded"]]
