"""The rules in force today (SPEC §7, docs/method.md §3.16–3.18): the hours of SO a participant
must be offered, and completing SO within a year of its start.

`minimum_hours` gives each start the legal minimum in force on its day (`hours_minimum` in the
config: 60 hours before 1 February 2020, 100 from then, SFS 2019:1310); `hours_shortfalls` counts,
per expert and minimum, the completions of the period offered fewer hours than their minimum (the
finding the report and the dialog template name). The figures themselves are columns of the
indicator table (`measure.indicators`). All unsuppressed: publication decides.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from so_analysis.core.config import HoursMinimum
from so_analysis.core.periods import Period
from so_analysis.measure.figures import ALL, HOURS_COLUMN
from so_analysis.measure.outcomes import counting_records, nanos
from so_analysis.measure.survey_languages import teaching_languages

# SO should normally be completed within a year of its start (Förordning (2010:1138) 4 §): a
# course of at most this many days is within a year; 366 is not.
YEAR_DAYS = 365


def minimum_hours(start: np.ndarray, rules: tuple[HoursMinimum, ...]) -> np.ndarray:
    """The legal minimum of hours for each start (int64 nanoseconds): the rule in force on it."""
    days = [pd.Timestamp(r.valid_from).value for r in rules[1:] if r.valid_from is not None]
    hours = np.array([r.hours for r in rules], dtype="float64")
    return hours[np.searchsorted(np.array(days, dtype="int64"), start, side="right")]


def hours_shortfalls(
    classified: pd.DataFrame, period: Period, rules: tuple[HoursMinimum, ...]
) -> pd.DataFrame:
    """Completions of the period with the hours offered given and below the minimum for their
    start: per expert and minimum, then `_all` per minimum. Columns provider_id, minimum, n
    (minimum ascending within each); empty without the hours column."""
    columns = ["provider_id", "minimum", "n"]
    if HOURS_COLUMN not in classified:
        return pd.DataFrame(columns=columns)
    read = ["provider_id", "started", "ended", "outcome", HOURS_COLUMN]
    counting = counting_records(classified, read)
    start, _ = nanos(counting["started"])
    hours = counting[HOURS_COLUMN].to_numpy(dtype="float64", na_value=np.nan)
    minimum = minimum_hours(start, rules)
    completed = (counting["outcome"] == "completed").to_numpy() & period.contains(
        counting["ended"]
    ).to_numpy()
    with np.errstate(invalid="ignore"):
        short = completed & (hours < minimum)  # NaN is never below
    frame = pd.DataFrame({"provider_id": counting["provider_id"][short], "minimum": minimum[short]})
    per_expert = frame.groupby(["provider_id", "minimum"], sort=False).size().rename("n")
    total = frame.groupby("minimum").size().rename("n").reset_index()
    total.insert(0, "provider_id", ALL)
    out = pd.concat([per_expert.reset_index(), total], ignore_index=True)
    out = out.sort_values("minimum", kind="stable").reset_index(drop=True)
    out["n"] = out["n"].astype("int64")
    return out[columns]


# The national survey's basis (Länsstyrelsen's SO survey): the people whose first start in the
# data falls in the period, each once, with the expert of that start, by sex and language.
SEX_COLUMN = "sex"
SEXES: tuple[str, ...] = ("kvinna", "man")
UNKNOWN_SEX = "unknown"


def first_start_people(
    classified: pd.DataFrame,
    period: Period,
    extra_languages: Mapping[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """One row per person whose first start in the data (`outcomes.first_starts`) falls in the
    period: provider_id (the expert of that start), sex (`kvinna`, `man` or UNKNOWN_SEX; None
    when the data has no sex at all) and language (folded, `survey_languages.NOT_GIVEN` when
    missing)."""
    first = (
        classified["first_start"].to_numpy(dtype=bool)
        & period.contains(classified["started"]).to_numpy()
    )
    rows = counting_records(classified, ["provider_id", SEX_COLUMN, "language"], first)
    if SEX_COLUMN in rows:
        # (a Series.where would give every row its own copy of the text: a million objects)
        values = rows[SEX_COLUMN].to_numpy(dtype=object, copy=True)
        values[~rows[SEX_COLUMN].isin(SEXES).to_numpy()] = UNKNOWN_SEX
        sex = pd.Series(values, index=rows.index, dtype="object")
    else:
        sex = pd.Series(None, index=rows.index, dtype="object")
    return pd.DataFrame(
        {
            "provider_id": rows["provider_id"].astype("object"),
            "sex": sex,
            "language": teaching_languages(rows, extra_languages),
        }
    ).reset_index(drop=True)
