"""Every indicator of SPEC §3, per expert and for the totals `_all` and `_mean`.

All figures are unrounded and unsuppressed: rounding and "för få" belong to presentation.
A missing figure (no starts, no completions, no survey) is NaN, never 0.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from so_analysis.core.config import Config, ReasonClasses, Targets
from so_analysis.core.periods import Period
from so_analysis.measure.checklist import deficiency_counts

ALL, MEAN = "_all", "_mean"
TOTAL_LABELS = {ALL: "Samtliga deltagare", MEAN: "Genomsnitt per expert"}

# The contract of `indikatorer.csv` (SPEC §5), in order.
INDICATOR_COLUMNS: tuple[str, ...] = (
    "provider_id",
    "provider",
    "n_registered",
    "n_started",
    "n_completed",
    "n_dropouts",
    "n_waiting",
    "lead_time_mean_days",
    "lead_time_median_days",
    "lead_time_within_target_share",
    "duration_mean_days",
    "duration_median_days",
    "duration_within_target_share",
    "dropout_rate",
    "dropouts_positive",
    "dropouts_negative",
    "satisfaction_mean",
    "satisfaction_n",
    "response_rate",
    "open_deficiencies",
    "overdue_deficiencies",
)
# After the contract's columns, in `indikatorer.csv` too (SPEC §5: more may follow them).
CSV_EXTRA_COLUMNS: tuple[str, ...] = ("dropout_rate_negative",)
CSV_COLUMNS = INDICATOR_COLUMNS + CSV_EXTRA_COLUMNS
# Whole-number counts: summed for `_all`, left empty for `_mean`.
COUNT_COLUMNS: tuple[str, ...] = (
    "n_registered",
    "n_started",
    "n_completed",
    "n_dropouts",
    "n_waiting",
    "dropouts_positive",
    "dropouts_negative",
    "satisfaction_n",
    "open_deficiencies",
    "overdue_deficiencies",
    "lead_time_n",
    "duration_n",
    "dropout_base_n",
    "dropouts_neutral",
    "dropouts_not_given",
)
# Beyond the contract, for the report: the basis of each figure, spread and waiting days.
EXTRA_COLUMNS: tuple[str, ...] = (
    *CSV_EXTRA_COLUMNS,
    "lead_time_n",
    "lead_time_min_days",
    "lead_time_max_days",
    "duration_n",
    "dropout_base_n",
    "dropouts_neutral",
    "dropouts_not_given",
    "waiting_mean_days",
    "waiting_max_days",
    # `_mean` only: the experts' mean duration with a missing figure counted as 0 days, the
    # way the municipality's published 2016 report counted it (34,2); never published by us
    "duration_mean_days_missing_as_zero",
    # the dropout rate over every ending of the period, ignoring `dropouts_registered_from`:
    # how the published 2016 report counted (14 dropouts from June of 117 endings: 12 %);
    # for comparison only, never published by us
    "dropout_rate_all_endings",
)
ALL_COLUMNS = INDICATOR_COLUMNS + EXTRA_COLUMNS


def enrolment_measures(
    enrolments: pd.DataFrame,
    period: Period,
    targets: Targets,
    reasons: ReasonClasses,
    dropouts_from: date | None = None,
) -> pd.DataFrame:
    """Per enrolment that counts: flags and day counts of SPEC §3 for this period.

    `enrolments` are classified ones with out-of-order records already removed. `rate_ending`
    marks the endings the dropout rates count: all of them, or those on or after
    `dropouts_from` (the day dropouts began to be registered).
    """
    end = pd.Timestamp(period.end)
    reg, start, stop = enrolments["registered"], enrolments["started"], enrolments["ended"]
    start_in = period.contains(start)
    end_in = period.contains(stop)
    outcome = enrolments["outcome"]
    completed = (outcome == "completed") & end_in
    dropout = (outcome == "dropout") & end_in
    # NaT compares False, so "not started by the end" holds for an empty start too.
    waiting = (reg <= end) & ~(start <= end) & ~(stop <= end)
    lead = (start - reg).dt.days.where(start_in)
    duration = (stop - start).dt.days.where(completed)
    counted = pd.Series(True, index=enrolments.index)
    if dropouts_from is not None:
        counted = stop >= pd.Timestamp(dropouts_from)
    low = -np.inf if targets.duration_min_days is None else targets.duration_min_days
    codes = enrolments["reason"]  # each distinct code classed once, not once per row
    reason_class = codes.map({c: reasons.class_of(c) for c in codes.dropna().unique()})
    return pd.DataFrame(
        {
            "provider_id": enrolments["provider_id"],
            "registered": period.contains(reg),
            "started": start_in,
            "completed": completed,
            "dropout": dropout,
            "waiting": waiting,
            "lead_days": lead.astype("float64"),
            "lead_within": (lead <= targets.lead_time_max_days)
            .where(lead.notna())
            .astype("float64"),
            "duration_days": duration.astype("float64"),
            "duration_within": duration.between(low, targets.duration_max_days)
            .where(duration.notna())
            .astype("float64"),
            "waiting_days": (end - reg).dt.days.where(waiting).astype("float64"),
            "positive": dropout & (reason_class == "positive"),
            "neutral": dropout & (reason_class == "neutral"),
            "negative": dropout & (reason_class == "negative"),
            "not_given": dropout & reason_class.isna(),
            "rate_ending": (completed | dropout) & counted,
            "rate_dropout": dropout & counted,
            "rate_negative": dropout & counted & (reason_class == "negative"),
        },
        index=enrolments.index,
    )


def _aggregate(measures: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Counts and figures of the measures grouped by `key` (a provider id or a constant)."""
    g = measures.groupby(key, sort=False)
    counts = g[
        [
            "registered",
            "started",
            "completed",
            "dropout",
            "waiting",
            "positive",
            "neutral",
            "negative",
            "not_given",
            "rate_ending",
            "rate_dropout",
            "rate_negative",
        ]
    ].sum()
    out = pd.DataFrame(
        {
            "n_registered": counts["registered"],
            "n_started": counts["started"],
            "n_completed": counts["completed"],
            "n_dropouts": counts["dropout"],
            "n_waiting": counts["waiting"],
            "lead_time_mean_days": g["lead_days"].mean(),
            "lead_time_median_days": g["lead_days"].median(),
            "lead_time_within_target_share": g["lead_within"].mean(),
            "duration_mean_days": g["duration_days"].mean(),
            "duration_median_days": g["duration_days"].median(),
            "duration_within_target_share": g["duration_within"].mean(),
            "dropouts_positive": counts["positive"],
            "dropouts_negative": counts["negative"],
            "lead_time_n": g["lead_days"].count(),
            "lead_time_min_days": g["lead_days"].min(),
            "lead_time_max_days": g["lead_days"].max(),
            "duration_n": g["duration_days"].count(),
            "dropouts_neutral": counts["neutral"],
            "dropouts_not_given": counts["not_given"],
            "waiting_mean_days": g["waiting_days"].mean(),
            "waiting_max_days": g["waiting_days"].max(),
        }
    )
    # the rates count the endings on or after `dropouts_registered_from` (all when it is unset)
    base = counts["rate_ending"]
    out["dropout_base_n"] = base
    out["dropout_rate"] = (counts["rate_dropout"] / base.where(base > 0)).astype("float64")
    out["dropout_rate_negative"] = (counts["rate_negative"] / base.where(base > 0)).astype(
        "float64"
    )
    every = out["n_completed"] + out["n_dropouts"]
    out["dropout_rate_all_endings"] = (out["n_dropouts"] / every.where(every > 0)).astype("float64")
    return out


def _survey_figures(survey: pd.DataFrame | None, period: Period, key_all: bool) -> pd.DataFrame:
    if survey is None or survey.empty:
        return pd.DataFrame(columns=["satisfaction_mean", "satisfaction_n"], dtype="float64")
    answered = survey[period.contains(survey["answered"])]
    key = pd.Series(ALL, index=answered.index) if key_all else answered["provider_id"]
    scores = pd.to_numeric(answered["overall"]).astype("float64")
    g = scores.groupby(key, sort=False)
    return pd.DataFrame({"satisfaction_mean": g.mean(), "satisfaction_n": g.count()})


# The count each figure rests on: the internal experts' mean (`_mean`) leaves out a figure on
# fewer than min_n; what may be published is decided by `report.publication` alone.
FIGURE_BASIS: dict[str, str] = {
    "lead_time_mean_days": "lead_time_n",
    "lead_time_median_days": "lead_time_n",
    "lead_time_within_target_share": "lead_time_n",
    "duration_mean_days": "duration_n",
    "duration_median_days": "duration_n",
    "duration_within_target_share": "duration_n",
    "dropout_rate": "dropout_base_n",
    "dropout_rate_negative": "dropout_base_n",
    "satisfaction_mean": "satisfaction_n",
    "response_rate": "n_completed",
}


def _experts_mean(experts: pd.DataFrame, column: str, min_n: int) -> float:
    """The unweighted mean of the experts' figures, leaving out a missing figure and one resting
    on fewer than `min_n` observations (the analyst's `_mean`; the published mean is taken by
    the publication model over published figures only)."""
    values = experts[column].astype("float64")
    basis = FIGURE_BASIS.get(column)
    if basis is not None:
        values = values[experts[basis].astype("float64") >= min_n]
    return float(values.mean()) if values.notna().any() else np.nan


def compute_indicators(
    providers: pd.DataFrame,
    classified: pd.DataFrame,
    survey: pd.DataFrame | None,
    checklist_state: pd.DataFrame | None,
    period: Period,
    config: Config,
) -> pd.DataFrame:
    """One row per expert (in the providers' order), then `_all` and `_mean`; ALL_COLUMNS."""
    counting = classified[classified["excluded_rule"].isna()]
    measures = enrolment_measures(
        counting, period, config.targets, config.reasons, config.dropouts_registered_from
    )
    ids = list(providers["provider_id"])

    per_expert = _aggregate(measures, measures["provider_id"]).reindex(ids)
    total = _aggregate(measures, pd.Series(ALL, index=measures.index)).reindex([ALL])
    table = pd.concat([per_expert, total])
    for col in (
        "n_registered",
        "n_started",
        "n_completed",
        "n_dropouts",
        "n_waiting",
        "dropouts_positive",
        "dropouts_negative",
        "lead_time_n",
        "duration_n",
        "dropout_base_n",
        "dropouts_neutral",
        "dropouts_not_given",
    ):
        table[col] = table[col].fillna(0)

    sat = pd.concat(
        [
            _survey_figures(survey, period, False).reindex(ids),
            _survey_figures(survey, period, True).reindex([ALL]),
        ]
    )
    table["satisfaction_mean"] = sat["satisfaction_mean"].astype("float64")
    table["satisfaction_n"] = sat["satisfaction_n"].fillna(0).astype("float64")
    completed = table["n_completed"]
    table["response_rate"] = table["satisfaction_n"] / completed.where(completed > 0)
    if survey is None:
        table["satisfaction_n"] = np.nan
        table["response_rate"] = np.nan

    if checklist_state is not None:
        deficiencies = deficiency_counts(checklist_state).reindex(ids)
        table["open_deficiencies"] = deficiencies["open_deficiencies"]
        table["overdue_deficiencies"] = deficiencies["overdue_deficiencies"]
        table.loc[ALL, "open_deficiencies"] = deficiencies["open_deficiencies"].sum()
        table.loc[ALL, "overdue_deficiencies"] = deficiencies["overdue_deficiencies"].sum()
    else:
        table["open_deficiencies"] = np.nan
        table["overdue_deficiencies"] = np.nan

    experts = table.loc[ids]
    mean_row = {
        col: (np.nan if col in COUNT_COLUMNS else _experts_mean(experts, col, config.min_n))
        for col in table.columns
    }
    table["duration_mean_days_missing_as_zero"] = np.nan
    mean_row["duration_mean_days_missing_as_zero"] = float(
        experts["duration_mean_days"].astype("float64").fillna(0).mean()
    )
    table.loc[MEAN] = pd.Series(mean_row)

    table = table.astype("float64")
    table.index.name = "provider_id"
    table = table.reset_index()
    names = dict(zip(providers["provider_id"], providers["name"], strict=True))
    table.insert(
        1, "provider", [names.get(pid, TOTAL_LABELS.get(pid, pid)) for pid in table["provider_id"]]
    )
    return table[list(ALL_COLUMNS)]


def dropout_reasons(
    classified: pd.DataFrame, period: Period, reasons: ReasonClasses
) -> pd.DataFrame:
    """Dropouts that ended in the period by expert and reason, plus `_all`; with each reason's class.

    Columns provider_id, reason, reason_class, n; experts in order of first appearance.
    """
    rows = classified[
        classified["excluded_rule"].isna()
        & (classified["outcome"] == "dropout")
        & period.contains(classified["ended"])
    ]
    per_expert = (
        rows.groupby(["provider_id", "reason"], sort=False).size().rename("n").reset_index()
    )
    total = rows.groupby("reason", sort=False).size().rename("n").reset_index()
    total.insert(0, "provider_id", ALL)
    frame = pd.concat([per_expert, total], ignore_index=True)
    frame["reason_class"] = frame["reason"].map(reasons.class_of)
    frame = frame.sort_values(["provider_id", "n"], ascending=[True, False], kind="stable")
    order = {pid: i for i, pid in enumerate(dict.fromkeys([*rows["provider_id"], ALL]))}
    frame = frame.sort_values("provider_id", key=lambda s: s.map(order), kind="stable")
    return frame.reset_index(drop=True)[["provider_id", "reason", "reason_class", "n"]]
