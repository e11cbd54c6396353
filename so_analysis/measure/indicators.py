"""Every indicator of docs/method.md §3, per expert and for the totals `_all` and `_mean`.

All figures are unrounded and unsuppressed: rounding and "för få" belong to presentation.
A missing figure (no starts, no completions, no survey) is NaN, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from so_analysis.core.config import Config, HoursMinimum, ReasonClasses, Targets
from so_analysis.core.periods import Period
from so_analysis.core.texts import texts
from so_analysis.load import codes as by_codes
from so_analysis.measure.aggregation import aggregate
from so_analysis.measure.checklist import deficiency_counts
from so_analysis.measure.figures import (
    ALL,
    COLUMNS,
    COUNT_COLUMNS,
    FIGURES,
    HOURS_COLUMN,
    MEAN,
    TOTALS,
)
from so_analysis.measure.outcomes import among, counting_records, counts, nanos
from so_analysis.measure.rules import YEAR_DAYS, minimum_hours

DAY_NS = 86_400_000_000_000

# The columns of a classified enrolment the measures read, and those they read when present.
MEASURED: list[str] = ["provider_id", "registered", "started", "ended", "outcome", "reason"]
OPTIONAL: tuple[str, ...] = ("first_start", HOURS_COLUMN)
DEFAULT_HOURS = Config().hours_minimum


def _where(condition: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` as float64 where `condition` holds, NaN elsewhere."""
    return np.where(condition, values, np.nan)


def _whole(condition: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whole numbers (day counts, 0 or 1) as float32 where `condition` holds, NaN elsewhere:
    exact (a float32 holds every whole number up to 16,777,216; pandas' dates span 213,000
    days) in half the memory of float64. Sums are taken in float64 (`np.bincount`)."""
    out = np.full(len(condition), np.nan, dtype=np.float32)
    np.copyto(out, values, casting="unsafe", where=condition)
    return out


def _measure_arrays(
    enrolments: pd.DataFrame,
    period: Period,
    targets: Targets,
    reasons: ReasonClasses,
    dropouts_from: date | None = None,
    hours_minimum: tuple[HoursMinimum, ...] = DEFAULT_HOURS,
) -> dict[str, np.ndarray]:
    """The columns of `enrolment_measures` (but the provider id) as numpy arrays."""
    first, last = pd.Timestamp(period.start).value, pd.Timestamp(period.end).value
    reg, has_reg = nanos(enrolments["registered"])
    start, has_start = nanos(enrolments["started"])
    stop, has_stop = nanos(enrolments["ended"])
    start_in = has_start & (start >= first) & (start <= last)
    end_in = has_stop & (stop >= first) & (stop <= last)
    outcome = enrolments["outcome"]
    outcomes = by_codes.factorized(outcome.to_numpy())
    completed = among(outcomes, "completed") & end_in
    dropout = among(outcomes, "dropout") & end_in
    # an empty date is never "by the end": "not started by the end" holds for it too
    waiting = (
        has_reg & (reg <= last) & ~(has_start & (start <= last)) & ~(has_stop & (stop <= last))
    )
    lead = _where(start_in & has_reg, (start - reg) // DAY_NS)
    duration = _where(completed & has_start, (stop - start) // DAY_NS)
    if dropouts_from is not None:
        counted = has_stop & (stop >= pd.Timestamp(dropouts_from).value)
    else:
        counted = np.ones(len(enrolments), dtype=bool)
    low = -np.inf if targets.duration_min_days is None else targets.duration_min_days
    codes, uniques = pd.factorize(enrolments["reason"])  # each distinct code classed once
    classes = [reasons.class_of(c) for c in uniques]
    positive, neutral, negative = (
        np.isin(codes, [i for i, c in enumerate(classes) if c == name])
        for name in ("positive", "neutral", "negative")
    )
    with np.errstate(invalid="ignore"):  # compared as float64, as the targets are given
        lead_within = _whole(~np.isnan(lead), lead <= targets.lead_time_max_days)
        duration_within = _whole(
            ~np.isnan(duration), (duration >= low) & (duration <= targets.duration_max_days)
        )
        year_within = _whole(~np.isnan(duration), duration <= YEAR_DAYS)
    lead, duration = lead.astype(np.float32), duration.astype(np.float32)  # whole days: exact
    # started more than a year before the period's end, neither ended by then nor never started
    over_year = (
        has_start
        & (start < last - YEAR_DAYS * DAY_NS)
        & ~(has_stop & (stop <= last))
        & ~among(outcomes, "not_started")
    )
    if HOURS_COLUMN in enrolments:
        given = enrolments[HOURS_COLUMN].to_numpy(dtype="float64", na_value=np.nan)
        hours = _where(completed & ~np.isnan(given), given)
        with np.errstate(invalid="ignore"):
            below = hours < minimum_hours(start, hours_minimum)  # NaN is never below
        hours_met = _whole(~np.isnan(hours), ~below)
    else:
        hours = np.full(len(enrolments), np.nan)
        hours_met = np.full(len(enrolments), np.nan, dtype=np.float32)
        below = np.zeros(len(enrolments), dtype=bool)
    if "first_start" in enrolments:  # the person's first start in the data, in the period
        first_start = enrolments["first_start"].to_numpy(dtype=bool) & start_in
    else:
        first_start = np.zeros(len(enrolments), dtype=bool)
    return {
        "registered": has_reg & (reg >= first) & (reg <= last),
        "started": start_in,
        "completed": completed,
        "dropout": dropout,
        "waiting": waiting,
        "lead_days": lead,
        "lead_within": lead_within,
        "duration_days": duration,
        "duration_within": duration_within,
        "waiting_days": _whole(waiting, (last - reg) // DAY_NS),
        "positive": dropout & positive,
        "neutral": dropout & neutral,
        "negative": dropout & negative,
        "not_given": dropout & ~(positive | neutral | negative),
        "rate_ending": (completed | dropout) & counted,
        "rate_dropout": dropout & counted,
        "rate_negative": dropout & counted & negative,
        "year_within": year_within,
        "over_year": over_year,
        "hours": hours,
        "hours_met": hours_met,
        "hours_below": below,
        "first_start": first_start,
    }


def enrolment_measures(
    enrolments: pd.DataFrame,
    period: Period,
    targets: Targets,
    reasons: ReasonClasses,
    dropouts_from: date | None = None,
    hours_minimum: tuple[HoursMinimum, ...] = DEFAULT_HOURS,
) -> pd.DataFrame:
    """Per enrolment that counts: flags and day counts of docs/method.md §3 for this period.

    `enrolments` are classified ones with out-of-order records already removed. `rate_ending`
    marks the endings the dropout rates count: all of them, or those on or after
    `dropouts_from` (the day dropouts began to be registered).
    """
    arrays = _measure_arrays(enrolments, period, targets, reasons, dropouts_from, hours_minimum)
    wide = {k: a.astype("float64") if a.dtype == np.float32 else a for k, a in arrays.items()}
    return pd.DataFrame({"provider_id": enrolments["provider_id"], **wide}, index=enrolments.index)


def _survey_figures(answered: pd.DataFrame | None, key_all: bool) -> pd.DataFrame:
    """Satisfaction per expert (or over all) of the answers in the period (`_answered`)."""
    if answered is None:
        return pd.DataFrame(columns=["satisfaction_mean", "satisfaction_n"], dtype="float64")
    key = pd.Series(ALL, index=answered.index) if key_all else answered["provider_id"]
    scores = pd.to_numeric(answered["overall"]).astype("float64")
    g = scores.groupby(key, sort=False)
    return pd.DataFrame({"satisfaction_mean": g.mean(), "satisfaction_n": g.count()})


def _answered(survey: pd.DataFrame | None, period: Period) -> pd.DataFrame | None:
    """The survey's answers in the period, or None without a survey."""
    if survey is None or survey.empty:
        return None
    return survey[period.contains(survey["answered"])]


def _experts_mean(experts: pd.DataFrame, column: str, min_n: int) -> float:
    """The unweighted mean of the experts' figures, leaving out a missing figure and one resting
    on fewer than `min_n` observations (the analyst's `_mean`; the published mean is taken by
    the publication model over published figures only)."""
    values = experts[column].astype("float64")
    basis = FIGURES[column].basis
    if basis is not None:
        values = values[experts[basis].astype("float64") >= min_n]
    return float(values.mean()) if values.notna().any() else np.nan


@dataclass(frozen=True)
class Measured:
    """The enrolments that count in a period, with their measures (`_measure_arrays`)."""

    counting: pd.DataFrame
    measures: dict[str, np.ndarray]
    hours_given: bool  # whether the enrolments have the optional hours column


def measure_enrolments(
    classified: pd.DataFrame, period: Period, config: Config, extra: tuple[str, ...] = ()
) -> Measured:
    """The measures of every enrolment that counts (`excluded_rule` empty) in `period`; `extra`
    columns of `classified` are kept beside those the measures read (the sex, for one)."""
    # only the columns the measures read: filtering the others would copy them for nothing
    read = MEASURED + [c for c in (*OPTIONAL, *extra) if c in classified]
    counting = counting_records(classified, read)
    measures = _measure_arrays(
        counting,
        period,
        config.targets,
        config.reasons,
        config.dropouts_registered_from,
        config.hours_minimum,
    )
    return Measured(counting, measures, HOURS_COLUMN in classified)


def aggregate_tables(
    measured: Measured,
    codes: np.ndarray,
    k: int,
    coarser: tuple[tuple[np.ndarray, int], ...] = (),
) -> list[pd.DataFrame]:
    """The measured figures per group 0..k-1 of `codes` (one per counting enrolment), then over
    all of them (row k); counts 0 where nothing counts, the hours empty without their column.
    Then the same for each grouping of those groups in `coarser` (`aggregation.aggregate`)."""
    tables = aggregate(measured.measures, codes, k, coarser)
    for table in tables:
        for col in COUNT_COLUMNS:  # the counts measured here (the survey and checklist's follow)
            if col in table:
                table[col] = table[col].fillna(0)
        if not measured.hours_given:  # not in the data: no count of it either
            table[[f.name for f in FIGURES.values() if f.needs == HOURS_COLUMN]] = np.nan
    return tables


def aggregate_table(measured: Measured, codes: np.ndarray, k: int) -> pd.DataFrame:
    """`aggregate_tables` of one grouping."""
    return aggregate_tables(measured, codes, k)[0]


def expert_codes(ids: list[str], counting: pd.DataFrame) -> np.ndarray:
    """Each counting enrolment's expert by position in `ids`; an id not among them (counted in
    `_all` only) as len(ids)."""
    codes = by_codes.get_indexer(ids, counting["provider_id"])
    codes[codes < 0] = len(ids)
    return codes


def compute_indicators(
    providers: pd.DataFrame,
    classified: pd.DataFrame,
    survey: pd.DataFrame | None,
    checklist_state: pd.DataFrame | None,
    period: Period,
    config: Config,
    measured: Measured | None = None,
    per_expert: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per expert (in the providers' order), then `_all` and `_mean`; the catalogue's
    columns (`measure.figures.COLUMNS`). `measured`: `measure_enrolments` of the same, if made;
    `per_expert`: its `aggregate_table` by `expert_codes`, if made."""
    if measured is None:
        measured = measure_enrolments(classified, period, config)
    ids = list(providers["provider_id"])

    if per_expert is None:
        per_expert = aggregate_table(measured, expert_codes(ids, measured.counting), len(ids) + 1)
    table = per_expert.drop(index=len(ids))
    table.index = pd.Index([*ids, ALL], dtype="object")

    answered = _answered(survey, period)
    sat = pd.concat(
        [
            _survey_figures(answered, False).reindex(ids),
            _survey_figures(answered, True).reindex([ALL]),
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
    # the totals named as the Swedish catalogue names them (`indikatorer.csv` is Swedish)
    names = dict(zip(providers["provider_id"], providers["name"], strict=True))
    names |= {pid: texts("sv")(f"totals.{pid}") for pid in TOTALS}
    table.insert(1, "provider", [names.get(pid, pid) for pid in table["provider_id"]])
    return table[list(COLUMNS)]


def dropout_reasons(
    classified: pd.DataFrame,
    period: Period,
    reasons: ReasonClasses,
    measured: Measured | None = None,
) -> pd.DataFrame:
    """Dropouts that ended in the period by expert and reason, plus `_all`; with each reason's class.

    Columns provider_id, reason, reason_class, n; experts in order of first appearance.
    `measured`: `measure_enrolments` of the same in `period`, if made (its `dropout` flag marks
    these very records among those that count).
    """
    if measured is not None:
        rows = measured.counting.loc[measured.measures["dropout"], ["provider_id", "reason"]]
    else:
        rows = classified.loc[
            (
                counts(classified)
                & (classified["outcome"] == "dropout").to_numpy()
                & period.contains(classified["ended"])
            ).to_numpy(),
            ["provider_id", "reason"],
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
