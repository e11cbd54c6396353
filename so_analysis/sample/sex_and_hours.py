"""The sample's `kön` and `erbjudna timmar` (SPEC §2, §7), added to enrolments already drawn.

Nothing else of a row changes: every date, outcome and reason stays what the generator drew, so
the 2016 figures still reproduce the published Tabell 1. The values come from their own random
stream, so the other tables do not move either.

- Sex: each expert's participants of a year, in order of their days to start, are dealt out in
  pairs, a woman and a man in a random order, so that women and men wait about as long. Not so
  at Integra in 2017: there women more often have the longest waits (the county administrative
  boards find women's waits more often caused by childcare queues), a difference of well over
  ten days that the report names. A few rows have no `kön`: their sex is unknown (the sample's
  ids are not personnummer). They are all Omsorgslyftet's, courses begun and completed within
  both 2017 and the reporting year 2016-10-01..2017-09-30, by people enrolled once: figures by
  sex are hidden for every sex of an expert where one sex rests on too few (docs/disclosure.md
  §11), so a handful of unknowns spread over the experts would hide every comparison.
- Hours: everyone who started is offered hours of SO; the 2016–2017 starts are under the
  60-hour rule (SFS 2019:1310 raised it to 100 from 2020-02-01), and each expert offers its
  own usual number, 60–80 hours, some with a half hour. A few completions at Integra and
  Jobblotsen in 2017 were offered fewer than 60.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

WOMAN, MAN = "kvinna", "man"
# The expert and year where women wait longer, and how much likelier the longest waits are a
# woman's (the longer half of the waits: this share women; the shorter half: the rest).
WAITING_WOMEN = ("integra", 2017)
WOMEN_IN_LONGER_HALF = 0.65
UNKNOWN_SEX = 9  # rows whose `kön` is left empty
# Where: the expert, and the days the course begins and ends within (see above).
UNKNOWN_AT = ("omsorgslyftet", date(2017, 1, 1), date(2017, 9, 30))

# The hours each expert usually offers (at least the 60 of the rule before 2020-02-01).
USUAL_HOURS = {
    "disara": 70,
    "jobblotsen": 66,
    "omsorgslyftet": 76,
    "strombergs": 62,
    "eductus": 72,
    "integra": 63,
}
# Completions of 2017 offered fewer hours than the rule's 60: (expert, hours) each.
BELOW_MINIMUM_2017 = (("integra", 48.0), ("integra", 54.5), ("jobblotsen", 56.0))


def add_sex_and_hours(enrolments: pd.DataFrame, seed: int) -> pd.DataFrame:
    """`enrolments` with `sex` (kvinna, man or None) and `hours_offered` (NaN when not started)."""
    rng = np.random.default_rng(seed + 2)
    out = enrolments.copy()
    out["sex"] = _sexes(rng, out)
    out["hours_offered"] = _hours(rng, out)
    return out


def _lead_days(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [
            (s - r).days if isinstance(s, date) else np.nan
            for r, s in zip(frame["registered"], frame["started"], strict=True)
        ],
        index=frame.index,
        dtype="float64",
    )


def _year(frame: pd.DataFrame) -> pd.Series:
    """The year a row belongs to: its start's, else its registration's."""
    return pd.Series(
        [
            (s if isinstance(s, date) else r).year
            for r, s in zip(frame["registered"], frame["started"], strict=True)
        ],
        index=frame.index,
    )


def _sexes(rng: np.random.Generator, frame: pd.DataFrame) -> pd.Series:
    sex = pd.Series(None, index=frame.index, dtype=object)
    lead = _lead_days(frame)
    year = _year(frame)
    for (provider, y), group in frame.groupby([frame["provider_id"], year], sort=True):
        order = lead[group.index].sort_values(ascending=False, kind="stable", na_position="last")
        rows = order.index.tolist()
        if (provider, y) == WAITING_WOMEN:
            started = [i for i in rows if not np.isnan(lead[i])]
            half = len(started) // 2
            for k, i in enumerate(started):
                share = WOMEN_IN_LONGER_HALF if k < half else 1 - WOMEN_IN_LONGER_HALF
                sex[i] = WOMAN if rng.random() < share else MAN
            rows = [i for i in rows if np.isnan(lead[i])]
        for k in range(0, len(rows), 2):
            pair = [WOMAN, MAN] if rng.random() < 0.5 else [MAN, WOMAN]
            for i, s in zip(rows[k : k + 2], pair, strict=False):
                sex[i] = s
    provider, first, last = UNKNOWN_AT
    once = ~frame["participant_id"].duplicated(keep=False)
    within = [
        isinstance(r, date) and isinstance(e, date) and first <= r and e <= last
        for r, e in zip(frame["registered"], frame["ended"], strict=True)
    ]
    mine = (frame["provider_id"] == provider) & (frame["outcome"] == "completed") & once
    candidates = np.flatnonzero(mine.to_numpy() & np.array(within, dtype=bool))
    unknown = rng.choice(candidates, size=UNKNOWN_SEX, replace=False)
    sex.iloc[np.sort(unknown)] = None
    return sex


def _hours(rng: np.random.Generator, frame: pd.DataFrame) -> pd.Series:
    hours = pd.Series(np.nan, index=frame.index, dtype="float64")
    for i, provider, started in zip(
        frame.index, frame["provider_id"], frame["started"], strict=True
    ):
        if not isinstance(started, date):
            continue
        usual = max(60, USUAL_HOURS[provider] + int(rng.integers(-3, 5)))
        half = rng.random() < 0.1
        hours[i] = usual + (0.5 if half else 0.0)
    completed_2017 = frame[
        (frame["outcome"] == "completed")
        & frame["ended"].map(lambda d: isinstance(d, date) and d.year == 2017)
    ]
    taken: set[object] = set()
    for provider, below in BELOW_MINIMUM_2017:
        mine = completed_2017.index[completed_2017["provider_id"] == provider]
        candidates = [i for i in mine if i not in taken]
        chosen = candidates[int(rng.integers(0, len(candidates)))]
        taken.add(chosen)
        hours[chosen] = below
    return hours
