"""Aggregating the measured enrolments by group (an expert, an expert and a sex, a sex): the
counts, sums and means of docs/method.md §3 per group and over all, exactly as a pandas groupby
would give them. One pass by the finest grouping serves the coarser ones (`_coarsened`): counts,
sums and n add up, minimums and maximums reduce, medians come from summed counting tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

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


def _group_stat(values: np.ndarray, codes: np.ndarray, k: int, how: str) -> np.ndarray:
    """Per group 0..k-1 the median, min or max of the non-NaN values (NaN for an empty group),
    then the same over every value (the total, as row k)."""
    valid = ~np.isnan(values)
    # float64, as `out`: ufunc.at is slow when it must cast (the day measures are float32)
    kept, groups = values[valid].astype(np.float64, copy=False), codes[valid]
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
    # a flag's count: the groups of the rows it holds for, counted (as float64, as a sum of
    # the flags would be)
    counts = {
        name: np.bincount(codes[measures[name]], minlength=k).astype(np.float64)
        for name in FLAG_MEASURES
    }
    n, sums, whole = {}, {}, {}
    for name in DAY_MEASURES:
        values = measures[name]
        valid = ~np.isnan(values)
        zeroed = np.where(valid, values, 0.0)
        n[name] = np.bincount(codes[valid], minlength=k).astype(np.float64)
        sums[name] = np.bincount(codes, weights=zeroed, minlength=k)
        # float32 measures hold whole numbers only (`indicators._whole`); the hours may not
        whole[name] = values.dtype == np.float32 or bool(np.array_equal(zeroed, np.floor(zeroed)))
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


def aggregate(
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
