"""Trend across periods: the same indicators for every period of the same kind in the data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from so_analysis.core.config import Config
from so_analysis.core.periods import Period
from so_analysis.measure.indicators import MEASURED, OPTIONAL, compute_indicators
from so_analysis.measure.outcomes import counts

# Periods looked back at most (a guard against a stray date decades off).
MAX_PERIODS = 20


def earlier_periods(period: Period, first_date: pd.Timestamp | None) -> list[Period]:
    """Periods of the same kind before `period`, oldest first, back to the one holding `first_date`."""
    found: list[Period] = []
    if first_date is None or pd.isna(first_date):
        return found
    current = period
    while len(found) < MAX_PERIODS:
        current = current.previous()
        if pd.Timestamp(current.end) < first_date:
            break
        found.append(current)
    return list(reversed(found))


def first_activity(classified: pd.DataFrame) -> pd.Timestamp | None:
    """The earliest start or end date among records that count.

    Registrations do not count: an export for 2016 holds people who registered late in 2015
    and started in 2016, which says nothing of 2015's starts and completions."""
    counting = counts(classified)
    started, ended = (classified[c].to_numpy() for c in ("started", "ended"))
    if started.dtype != ended.dtype or started.dtype.kind != "M":  # not plain dates: pandas
        dates = pd.concat([classified["started"], classified["ended"]])[np.tile(counting, 2)]
        return None if dates.dropna().empty else dates.min()
    both = np.concatenate([started[counting], ended[counting]])
    both = both[~np.isnat(both)]
    return pd.Timestamp(both.min()) if len(both) else None


def may_count_in(classified: pd.DataFrame, period: Period) -> pd.Series:
    """Records that can count in `period`: every record but those wholly outside it.

    A record counts in a period through a date inside it, or by waiting at its end (registered,
    neither started nor ended by then). So a record whose dates all fall after the period, or
    that started or ended and has every date before it, adds nothing to its figures; leaving
    them out makes each earlier period cost its own records, not the whole history's.
    """
    start, end = np.datetime64(pd.Timestamp(period.start)), np.datetime64(pd.Timestamp(period.end))
    after = np.ones(len(classified), dtype=bool)
    before = np.ones(len(classified), dtype=bool)
    given = {}
    for column in ("registered", "started", "ended"):
        dates = np.asarray(classified[column].to_numpy(), dtype="datetime64")
        given[column] = ~np.isnat(dates)
        after &= (dates > end) | ~given[column]  # NaT compares false
        before &= (dates < start) | ~given[column]
    moved = given["started"] | given["ended"]
    return pd.Series(~after & ~(before & moved), index=classified.index)


def indicator_history(
    providers: pd.DataFrame,
    classified: pd.DataFrame,
    survey: pd.DataFrame | None,
    period: Period,
    config: Config,
    current: pd.DataFrame,
) -> pd.DataFrame:
    """Indicators for every period of the same kind in the data up to `period` (given as `current`).

    Long format: a `period` column (the label) first, then the indicator columns; oldest first.
    A period inside the span with no data has zero counts and empty figures, never left out.
    Deficiencies are a state as of a date, not a period figure: they are empty for earlier periods.
    Each earlier period is computed from the records that can count in it (`may_count_in`).
    """
    frames = []
    # only the columns compute_indicators reads: filtering the others would copy them for nothing
    read = [c for c in ("excluded_rule", *MEASURED, *OPTIONAL) if c in classified]
    for earlier in earlier_periods(period, first_activity(classified)):
        rows = classified.loc[may_count_in(classified, earlier).to_numpy(), read]
        frame = compute_indicators(providers, rows, survey, None, earlier, config)
        frames.append(frame.assign(period=earlier.label))
    frames.append(current.assign(period=period.label))
    history = pd.concat(frames, ignore_index=True)
    return history[["period", *[c for c in history.columns if c != "period"]]]


def previous_figures(history: pd.DataFrame, period: Period) -> pd.DataFrame | None:
    """The indicators of the period just before `period`, or None when the data does not reach it."""
    label = period.previous().label
    rows = history[history["period"] == label]
    return None if rows.empty else rows.drop(columns="period").reset_index(drop=True)
