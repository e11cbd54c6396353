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
from so_analysis.measure.outcomes import among, nanos
from so_analysis.measure.rules import YEAR_DAYS, minimum_hours

DAY_NS = 86_400_000_000_000
# Boolean measures, summed per expert; the float ones (NaN where they do not apply) are averaged.
FLAG_MEASURES: tuple[str, ...] = (
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
    "over_year",
    "first_start",
    "hours_below",
)
DAY_MEASURES: tuple[str, ...] = (
    "lead_days",
    "lead_within",
    "duration_days",
    "duration_within",
    "waiting_days",
    "year_within",
    "hours",
    "hours_met",
)

# The columns of a classified enrolment the measures read, and those they read when present.
MEASURED: list[str] = ["provider_id", "registered", "started", "ended", "outcome", "reason"]
OPTIONAL: tuple[str, ...] = ("first_start", HOURS_COLUMN)
DEFAULT_HOURS = Config().hours_minimum


def _where(condition: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`values` as float64 where `condition` holds, NaN elsewhere."""
    return np.where(condition, values, np.nan)


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
    outcomes = pd.factorize(outcome)
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
    with np.errstate(invalid="ignore"):
        lead_within = _where(~np.isnan(lead), lead <= targets.lead_time_max_days)
        duration_within = _where(
            ~np.isnan(duration), (duration >= low) & (duration <= targets.duration_max_days)
        )
        year_within = _where(~np.isnan(duration), duration <= YEAR_DAYS)
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
        hours_met = _where(~np.isnan(hours), ~below)
    else:
        hours = hours_met = np.full(len(enrolments), np.nan)
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
        "waiting_days": _where(waiting, (last - reg) // DAY_NS),
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
    return pd.DataFrame(
        {"provider_id": enrolments["provider_id"], **arrays}, index=enrolments.index
    )


def _group_stat(values: np.ndarray, codes: np.ndarray, k: int, how: str) -> np.ndarray:
    """Per group 0..k-1 the median, min or max of the non-NaN values (NaN for an empty group),
    then the same over every value (the total, as row k)."""
    valid = ~np.isnan(values)
    kept, groups = values[valid], codes[valid]
    if how in ("min", "max"):  # exact however taken: numpy's unbuffered per-group reduction
        ufunc = np.fmin if how == "min" else np.fmax
        out = np.full(k + 1, np.nan)
        ufunc.at(out, groups, kept)
        out[k] = ufunc.reduce(kept) if len(kept) else np.nan
        return out
    counted = _counted_medians(kept, groups, k) if how == "median" else None
    if counted is not None:
        return counted
    series = pd.Series(kept)
    stat = series.groupby(groups, sort=False).agg(how).reindex(range(k))
    total = series.groupby(np.zeros(len(series), dtype="intp"), sort=False).agg(how).reindex([0])
    return np.concatenate([stat.to_numpy(dtype="float64"), total.to_numpy(dtype="float64")])


# Medians of whole days are found by counting the days when the groups × days span is at most
# this many cells (a table of counts), else by pandas' groupby.
_COUNTED_CELLS = 4_000_000


def _counting_table(
    kept: np.ndarray, groups: np.ndarray, k: int
) -> tuple[float, np.ndarray] | None:
    """For whole values over a modest span: the lowest value and the count of each value per
    group 0..k-1 (row: group, column: value - lowest); else None."""
    if not len(kept):
        return 0.0, np.zeros((k, 1), dtype=np.int64)
    low, high = float(kept.min()), float(kept.max())
    span = int(high - low) + 1
    if span * (k + 1) > _COUNTED_CELLS or not np.array_equal(kept, np.floor(kept)):
        return None
    days = (kept - low).astype(np.int64)
    return low, np.bincount(groups * span + days, minlength=k * span).reshape(k, span)


def _medians_of(low: float, table: np.ndarray) -> np.ndarray:
    """The medians per group of a counting table (`_counting_table`), then over all (row k).

    The middle value, or the two middle ones summed and halved, exactly as pandas takes them
    (`(a + b) / 2` of the values at ranks n//2 - 1 and n//2), so the figures are the same.
    """
    cumulative = np.vstack([table, table.sum(axis=0)]).cumsum(axis=1)
    n = cumulative[:, -1]

    def at_rank(rank: np.ndarray) -> np.ndarray:  # the day of the value at a 0-based rank
        return low + (cumulative <= rank[:, None]).sum(axis=1).astype("float64")

    below, above = at_rank((n - 1) // 2), at_rank(n // 2)
    return np.where(n > 0, (below + above) / 2, np.nan)


def _counted_medians(kept: np.ndarray, groups: np.ndarray, k: int) -> np.ndarray | None:
    """`_group_stat`'s medians by counting, for whole numbers over a modest span, else None."""
    found = _counting_table(kept, groups, k)
    return None if found is None else _medians_of(*found)


@dataclass
class _Groups:
    """The sums, counts and extremes of the measures per group 0..k-1 (`_group_sums`), from
    which `_table` makes the figures, and from which `_coarsened` adds groups together."""

    k: int
    codes: np.ndarray  # each counting enrolment's group
    counts: dict[str, np.ndarray]  # the flags' counts
    n: dict[str, np.ndarray]  # the day measures' non-missing values
    sums: dict[str, np.ndarray]  # and their sums
    whole: dict[str, bool]  # whether a day measure's values are whole (sums exact in any order)
    extremes: dict[tuple[str, str], np.ndarray]  # (measure, "min" | "max") per group, then all
    # per measure with a median: its lowest value and the counts of each value per group
    # (`_counted_medians`), or the medians themselves where counting does not apply
    medians: dict[str, tuple[float, np.ndarray] | np.ndarray]


_MEDIANS = ("lead_days", "duration_days")
_EXTREMES = (("lead_days", "min"), ("lead_days", "max"), ("waiting_days", "max"))


def _group_sums(measures: dict[str, np.ndarray], codes: np.ndarray, k: int) -> _Groups:
    """One pass over the enrolments: `_Groups` of `codes`.

    Sums and counts by `np.bincount`: exact, since the flags and day counts are whole numbers,
    so each mean is the same sum divided by the same count a pandas groupby gives. A missing
    value adds 0 (the sum unchanged), a flag 1 or 0."""
    counts = {
        name: np.bincount(codes, weights=measures[name], minlength=k) for name in FLAG_MEASURES
    }
    n, sums, whole = {}, {}, {}
    for name in DAY_MEASURES:
        values = measures[name]
        valid = ~np.isnan(values)
        zeroed = np.where(valid, values, 0.0)
        n[name] = np.bincount(codes, weights=valid, minlength=k)
        sums[name] = np.bincount(codes, weights=zeroed, minlength=k)
        whole[name] = bool(np.array_equal(zeroed, np.floor(zeroed)))
    extremes = {(name, how): _group_stat(measures[name], codes, k, how) for name, how in _EXTREMES}
    medians: dict[str, tuple[float, np.ndarray] | np.ndarray] = {}
    for name in _MEDIANS:
        values = measures[name]
        valid = ~np.isnan(values)
        table = _counting_table(values[valid], codes[valid], k)
        medians[name] = table if table is not None else _group_stat(values, codes, k, "median")
    return _Groups(k, codes, counts, n, sums, whole, extremes, medians)


def _coarsened(fine: _Groups, measures: dict[str, np.ndarray], to: np.ndarray, k: int) -> _Groups:
    """`_Groups` of the groups 0..k-1 that `to` puts each of `fine`'s groups in, added up from
    `fine`'s sums, counts, extremes and counting tables without passing over the enrolments again
    but where adding up could change a figure: a sum of values not all whole (its order would
    change its rounding), a median not found by counting."""

    def added(per_group: np.ndarray) -> np.ndarray:
        return np.bincount(to, weights=per_group, minlength=k)

    sums = {}
    for name in DAY_MEASURES:
        if fine.whole[name]:
            sums[name] = added(fine.sums[name])
        else:
            values = measures[name]
            sums[name] = np.bincount(
                to[fine.codes], weights=np.where(np.isnan(values), 0.0, values), minlength=k
            )
    extremes = {}
    for (name, how), per_group in fine.extremes.items():
        ufunc = np.fmin if how == "min" else np.fmax
        out = np.full(k + 1, np.nan)
        ufunc.at(out, to, per_group[:-1])
        out[k] = per_group[-1]
        extremes[name, how] = out
    medians: dict[str, tuple[float, np.ndarray] | np.ndarray] = {}
    for name in _MEDIANS:
        found = fine.medians[name]
        if isinstance(found, tuple):
            low, table = found
            coarse = np.zeros((k, table.shape[1]), dtype=table.dtype)
            np.add.at(coarse, to, table)
            medians[name] = (low, coarse)
        else:
            medians[name] = _group_stat(measures[name], to[fine.codes], k, "median")
    return _Groups(
        k,
        to[fine.codes],
        {name: added(c) for name, c in fine.counts.items()},
        {name: added(c) for name, c in fine.n.items()},
        sums,
        fine.whole,
        extremes,
        medians,
    )


def _table(groups: _Groups) -> pd.DataFrame:
    """Counts and figures of the measures per group 0..k-1, then over all (row k)."""

    def with_total(per_group: np.ndarray) -> np.ndarray:
        per_group = per_group.astype("float64")
        return np.append(per_group, per_group.sum())

    def median(name: str) -> np.ndarray:
        found = groups.medians[name]
        return _medians_of(*found) if isinstance(found, tuple) else found

    counts = {name: with_total(c) for name, c in groups.counts.items()}
    n, mean = {}, {}
    for name in DAY_MEASURES:
        n[name] = with_total(groups.n[name])
        total = with_total(groups.sums[name])
        with np.errstate(invalid="ignore", divide="ignore"):
            mean[name] = np.where(n[name] > 0, total / n[name], np.nan)
    out = pd.DataFrame(
        {
            "n_registered": counts["registered"],
            "n_started": counts["started"],
            "n_completed": counts["completed"],
            "n_dropouts": counts["dropout"],
            "n_waiting": counts["waiting"],
            "lead_time_mean_days": mean["lead_days"],
            "lead_time_median_days": median("lead_days"),
            "lead_time_within_target_share": mean["lead_within"],
            "duration_mean_days": mean["duration_days"],
            "duration_median_days": median("duration_days"),
            "duration_within_target_share": mean["duration_within"],
            "dropouts_positive": counts["positive"],
            "dropouts_negative": counts["negative"],
            "lead_time_n": n["lead_days"],
            "lead_time_min_days": groups.extremes["lead_days", "min"],
            "lead_time_max_days": groups.extremes["lead_days", "max"],
            "duration_n": n["duration_days"],
            "dropouts_neutral": counts["neutral"],
            "dropouts_not_given": counts["not_given"],
            "waiting_mean_days": mean["waiting_days"],
            "waiting_max_days": groups.extremes["waiting_days", "max"],
            "completed_within_year_share": mean["year_within"],
            "ongoing_over_year": counts["over_year"],
            "hours_offered_mean": mean["hours"],
            "hours_minimum_met_share": mean["hours_met"],
            "n_first_starts": counts["first_start"],
            "hours_n": n["hours"],
            "hours_below_minimum": counts["hours_below"],
        }
    )
    # the rates count the endings on or after `dropouts_registered_from` (all when it is unset)
    base = out["dropout_base_n"] = counts["rate_ending"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["dropout_rate"] = np.where(base > 0, counts["rate_dropout"] / base, np.nan)
        out["dropout_rate_negative"] = np.where(base > 0, counts["rate_negative"] / base, np.nan)
        every = counts["completed"] + counts["dropout"]
        out["dropout_rate_all_endings"] = np.where(every > 0, counts["dropout"] / every, np.nan)
    return out


def _aggregate(
    measures: dict[str, np.ndarray],
    codes: np.ndarray,
    k: int,
    coarser: tuple[tuple[np.ndarray, int], ...] = (),
) -> list[pd.DataFrame]:
    """Counts and figures of the measures per group 0..k-1 of `codes`, then over all (row k);
    then for each (`to`, k') of `coarser` the same per group 0..k'-1 that `to` puts each group
    in (an enrolment of group g counts in group `to[g]`), added up from the first."""
    fine = _group_sums(measures, codes, k)
    return [_table(fine), *(_table(_coarsened(fine, measures, to, kc)) for to, kc in coarser)]


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
    counting = classified.loc[classified["excluded_rule"].isna().to_numpy(), read]
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
    Then the same for each grouping of those groups in `coarser` (`_aggregate`)."""
    tables = _aggregate(measured.measures, codes, k, coarser)
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
    codes = pd.Index(ids, dtype="object").get_indexer(counting["provider_id"])
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
                classified["excluded_rule"].isna()
                & (classified["outcome"] == "dropout")
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
