"""The participants of the sample, one row per enrolment or survey answer, from the profiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from so_analysis.sample.profiles import MODULES, STROMBERGS_LAST_DAY, ExpertProfile


def exact_mean_values(
    rng: np.random.Generator, n: int, mean: int, low: int, high: int
) -> list[int]:
    """n whole numbers in [low, high] whose mean is exactly `mean` (needs low <= mean <= high)."""
    if n == 0:
        return []
    values = np.clip(np.rint(rng.gamma(4.0, mean / 4.0, size=n)), low, high).astype(int)
    diff = mean * n - int(values.sum())
    order = rng.permutation(n)
    i = 0
    while diff != 0:
        k = order[i % n]
        step = 1 if diff > 0 else -1
        if low <= values[k] + step <= high:
            values[k] += step
            diff -= step
        i += 1
    return [int(v) for v in values]


def _day(rng: np.random.Generator, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))


def enrolments_2016(rng: np.random.Generator, p: ExpertProfile, next_id) -> list[dict]:
    year_start, year_end = date(2016, 1, 1), date(2016, 12, 31)
    n_dropouts = sum(p.dropout_reasons.values())
    n_starters = p.n_completed + n_dropouts + p.n_ongoing
    leads = exact_mean_values(rng, n_starters, p.lead_time_mean, 0, 4 * p.lead_time_mean + 10)
    durations = (
        exact_mean_values(rng, p.n_completed, p.duration_mean, 21, 2 * p.duration_mean)
        if p.duration_mean is not None
        else []
    )
    # Dropouts were registered in the new system from 1 June 2016 (seed report).
    windows = _Windows(
        year_start, date(2016, 6, 1), date(2016, 11, 1), date(2016, 11, 15), year_end
    )
    return _year_rows(rng, p, next_id, leads, durations, windows)


@dataclass(frozen=True)
class _Windows:
    """First days of the year's completed starts, dropout ends, ongoing starts and waiting
    registrations; all end on `last`."""

    completed_start: date
    dropout_end: date
    ongoing_start: date
    waiting_registered: date
    last: date


def _year_rows(
    rng: np.random.Generator,
    p: ExpertProfile,
    next_id,
    leads: list[int],
    durations: list[int],
    w: _Windows,
) -> list[dict]:
    """One expert's enrolments of a year: completed, dropouts (the profile's reasons), ongoing
    and waiting, with the given lead times and durations in that order."""
    rows: list[dict] = []

    def add(registered, started, ended, outcome, reason=""):
        rows.append(
            {
                "participant_id": next_id(),
                "provider_id": p.provider_id,
                "registered": registered,
                "started": started,
                "ended": ended,
                "outcome": outcome,
                "dropout_reason": reason,
                "language": p.languages[int(rng.integers(0, len(p.languages)))],
            }
        )

    lead_iter = iter(leads)
    for duration in durations:
        start = _day(rng, w.completed_start, w.last - timedelta(days=duration))
        add(
            start - timedelta(days=next(lead_iter)),
            start,
            start + timedelta(days=duration),
            "completed",
        )
    for reason in [r for r, k in p.dropout_reasons.items() for _ in range(k)]:
        end = _day(rng, w.dropout_end, w.last)
        start = end - timedelta(days=int(rng.integers(3, 35)))
        add(start - timedelta(days=next(lead_iter)), start, end, "dropout", reason)
    for _ in range(p.n_ongoing):
        start = _day(rng, w.ongoing_start, w.last)
        add(start - timedelta(days=next(lead_iter)), start, None, "ongoing")
    for _ in range(p.n_waiting):
        add(_day(rng, w.waiting_registered, w.last), None, None, "")
    return rows


def survey_answers(
    rng: np.random.Generator, p: ExpertProfile, completions: pd.DataFrame
) -> list[dict]:
    scores = [s for s, k in sorted(p.scores.items(), reverse=True) for _ in range(k)]
    ends = completions.loc[completions["provider_id"] == p.provider_id, "ended"].tolist()
    rows = []
    for i, score in enumerate(scores):
        answered = ends[i % len(ends)] if ends else date(2016, 12, 15)
        row = {
            "provider_id": p.provider_id,
            "answered": answered,
            "overall": score,
            "language_understood": 5
            if p.provider_id in ("eductus", "omsorgslyftet")
            else int(rng.integers(4, 6)),
            "recommend": 5
            if p.provider_id in ("jobblotsen", "omsorgslyftet", "eductus")
            else int(rng.integers(4, 6)),
        }
        for m in MODULES:
            row[f"module_{m}"] = 5 if p.provider_id == "omsorgslyftet" else int(rng.integers(4, 6))
        rows.append(row)
    return rows


def excluded_examples(next_id) -> list[dict]:
    """A few records with dates out of order: left out of every indicator, counted by rule."""
    return [
        {
            "participant_id": next_id(),
            "provider_id": "eductus",
            "registered": date(2016, 5, 10),
            "started": date(2016, 5, 2),
            "ended": date(2016, 6, 20),
            "outcome": "completed",
            "dropout_reason": "",
            "language": "arabiska",
        },
        {
            "participant_id": next_id(),
            "provider_id": "integra",
            "registered": date(2016, 8, 1),
            "started": date(2016, 9, 5),
            "ended": date(2016, 9, 1),
            "outcome": "completed",
            "dropout_reason": "",
            "language": "somaliska",
        },
        {
            "participant_id": next_id(),
            "provider_id": "omsorgslyftet",
            "registered": date(2016, 3, 3),
            "started": date(2016, 4, 4),
            "ended": None,
            "outcome": "completed",
            "dropout_reason": "",
            "language": "dari",
        },
    ]


def enrolments_2017(rng: np.random.Generator, p: ExpertProfile, next_id) -> list[dict]:
    """New 2017 registrations of one expert (none for an expert whose contract ends)."""
    if p.provider_id == "strombergs":
        return []
    year_end = date(2017, 12, 31)
    n_dropouts = sum(p.dropout_reasons.values())
    leads = exact_mean_values(
        rng,
        p.n_completed + n_dropouts + p.n_ongoing,
        p.lead_time_mean,
        0,
        3 * p.lead_time_mean + 10,
    )
    durations = exact_mean_values(
        rng, p.n_completed, p.duration_mean or 0, 30, 2 * (p.duration_mean or 0)
    )
    windows = _Windows(
        date(2017, 2, 1), date(2017, 3, 1), date(2017, 11, 1), date(2017, 11, 15), year_end
    )
    rows = _year_rows(rng, p, next_id, leads, durations, windows)
    _waiting_for_a_language(rows, p)
    return rows


# In 2017 a participant who asks for teaching in Somali waits for a group to fill (the memo: the
# wait for teaching in one's own language delays the start): each expert teaching it gives it
# its longest waits. Only the language changes; every date stays what the generator drew.
SLOW_LANGUAGE_2017 = "somaliska"


def _waiting_for_a_language(rows: list[dict], p: ExpertProfile) -> None:
    if SLOW_LANGUAGE_2017 not in p.languages:
        return
    started = [r for r in rows if r["started"] is not None]
    by_wait = sorted(
        started,
        key=lambda r: ((r["started"] - r["registered"]).days, r["participant_id"]),
        reverse=True,
    )
    slow = {r["participant_id"] for r in by_wait[: len(started) // 5]}
    others = [lang for lang in p.languages if lang != SLOW_LANGUAGE_2017]
    moved = 0
    for r in rows:
        if r["participant_id"] in slow:
            r["language"] = SLOW_LANGUAGE_2017
        elif r["language"] == SLOW_LANGUAGE_2017 and r["started"] is not None:
            r["language"] = others[moved % len(others)]
            moved += 1


def carry_over_into_2017(rng: np.random.Generator, rows: list[dict]) -> None:
    """Those still ongoing or waiting at the end of 2016 finish or start in 2017.

    Strömbergs' ongoing participants end with reason expert_upphort when its contract ends.
    Every change lies in 2017, so no 2016 figure moves.
    """
    for row in rows:
        if row["registered"] > date(2016, 12, 31):
            continue
        if row["outcome"] == "ongoing":
            if row["provider_id"] == "strombergs":
                row.update(
                    ended=_day(rng, date(2017, 3, 1), STROMBERGS_LAST_DAY),
                    outcome="dropout",
                    dropout_reason="expert_upphort",
                )
            else:
                ended = row["started"] + timedelta(days=int(rng.integers(42, 66)))
                row.update(
                    ended=max(ended, date(2017, 1, 2) + timedelta(days=int(rng.integers(0, 20)))),
                    outcome="completed",
                )
        elif row["outcome"] == "" and row["started"] is None:
            start = date(2017, 1, 9) + timedelta(days=int(rng.integers(0, 21)))
            row.update(started=start, outcome="ongoing")
            row.update(ended=start + timedelta(days=int(rng.integers(42, 60))), outcome="completed")
