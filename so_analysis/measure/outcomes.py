"""Derived outcomes and the out-of-order rules of SPEC §3: which enrolments count, and why not."""

from __future__ import annotations

import pandas as pd

from so_analysis.core.periods import Period
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
    started = enrolments["started"].notna()
    ended = enrolments["ended"].notna()
    has_reason = enrolments["dropout_reason"].notna()
    derived = pd.Series("not_started", index=enrolments.index, dtype="object")
    derived = derived.mask(started & ended & has_reason, "dropout")
    derived = derived.mask(started & ended & ~has_reason, "completed")
    derived = derived.mask(started & ~ended, "ongoing")
    given = enrolments["outcome"].astype("object")
    return given.where(given.notna(), derived)


def exclusion_rule(enrolments: pd.DataFrame, outcome: pd.Series) -> pd.Series:
    """The first out-of-order rule an enrolment breaks, or NA when its dates are in order."""
    reg, start, end = enrolments["registered"], enrolments["started"], enrolments["ended"]
    closed = outcome.isin(["completed", "dropout"])
    broken = {
        "start_before_registration": start.notna() & reg.notna() & (start < reg),
        "end_before_start": end.notna() & start.notna() & (end < start),
        "end_without_start": end.notna() & start.isna() & (outcome != "not_started"),
        "closed_without_end": closed & end.isna(),
    }
    rule = pd.Series(pd.NA, index=enrolments.index, dtype="object")
    for name in reversed(EXCLUSION_RULES):  # the first rule in the tuple wins
        rule = rule.mask(broken[name], name)
    return rule


def classify_enrolments(enrolments: pd.DataFrame) -> pd.DataFrame:
    """Enrolments with `outcome` filled in, `reason` (dropouts without one: 'ej_angiven') and
    `excluded_rule` (NA for records that count)."""
    out = enrolments.copy()
    outcome = derive_outcome(enrolments)
    reason = enrolments["dropout_reason"].astype("object")
    reason = reason.mask((outcome == "dropout") & reason.isna(), REASON_NOT_GIVEN)
    out["outcome"] = outcome
    out["reason"] = reason.where(outcome == "dropout")
    out["excluded_rule"] = exclusion_rule(enrolments, outcome)
    return out


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
    relevant = classified[touches_period(classified, period)]
    parts = []
    excluded = relevant[relevant["excluded_rule"].notna()]
    if len(excluded):
        counts = excluded.groupby(["excluded_rule", "provider_id"], sort=False).size()
        frame = counts.rename("n").reset_index().rename(columns={"excluded_rule": "rule"})
        frame["excluded"] = True
        parts.append(frame)
    no_reason = relevant[
        relevant["excluded_rule"].isna()
        & (relevant["reason"] == REASON_NOT_GIVEN)
        & period.contains(relevant["ended"])
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
