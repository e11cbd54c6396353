"""Targets met or missed (docs/method.md §1): met or not per expert and parameter, None: no figure.

Duration has a ceiling and an optional minimum; the dropout target is judged on the rate its
basis names (negative dropouts by default, or every dropout); the authorization rules have three
states: *uppfyllt* (nothing open), *brist under åtgärd* (open, deadline not passed) and *ej
uppfyllt* (open past its deadline). An expert whose authorization ended before or during the
period is judged on nothing (docs/method.md §3.12): its figures are shown, it is in no count of
experts meeting a target.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import pandas as pd

from so_analysis.core.config import Targets
from so_analysis.core.periods import Period
from so_analysis.measure.figures import PARAMETERS

# The states of the authorization rules (column `authorization_state`), and of an ended expert.
MET, IN_PROGRESS, MISSED = "met", "in_progress", "missed"
ENDED = "ended"


def _met(figure: pd.Series, met: pd.Series) -> pd.Series:
    return met.astype(object).where(figure.notna(), None)


def meets(parameter: str, value: float, targets: Targets) -> bool | None:
    """Whether one figure of `parameter` meets its target; None when there is no figure."""
    if pd.isna(value):
        return None
    if parameter == "lead_time":
        return bool(value <= targets.lead_time_max_days)
    if parameter == "duration":
        low = targets.duration_min_days
        return bool(value <= targets.duration_max_days and (low is None or value >= low))
    if parameter == "dropouts":
        return bool(value <= targets.dropout_rate_max)
    if parameter == "satisfaction":
        return bool(value >= targets.satisfaction_min)
    return bool(value == 0)  # authorization: no deficiency past its deadline


def ended_experts(providers: pd.DataFrame, period: Period) -> dict[str, date]:
    """Experts whose authorization ended (`authorized_to`) before or during `period`, with the day."""
    if "authorized_to" not in providers:
        return {}
    to = pd.to_datetime(providers["authorized_to"])
    ended = to.notna() & (to <= pd.Timestamp(period.end))
    return {
        str(pid): day.date()
        for pid, day in zip(providers.loc[ended, "provider_id"], to[ended], strict=True)
    }


def authorization_state(open_: pd.Series, overdue: pd.Series) -> pd.Series:
    """'met' (nothing open), 'in_progress' (open, none past its deadline), 'missed', or None."""
    state = np.select([overdue > 0, open_ > 0], [MISSED, IN_PROGRESS], MET).astype(object)
    return pd.Series(state, index=open_.index, dtype=object).where(
        open_.notna() & overdue.notna(), None
    )


def assess_targets(
    indicators: pd.DataFrame, targets: Targets, ended: Iterable[str] = ()
) -> pd.DataFrame:
    """Index provider_id; a column per parameter (`measure.figures.PARAMETERS`) with True (met), False (missed) or None (no figure,
    or an ended expert), and `authorization_state` (MET, IN_PROGRESS, MISSED, ENDED or None).

    The authorization target is met while no deficiency is open past its deadline, so a
    deficiency under way (`in_progress`) meets it.
    """
    t = indicators.set_index("provider_id")
    lead, duration = t["lead_time_mean_days"], t["duration_mean_days"]
    rate, satisfaction = t[targets.dropout_figure], t["satisfaction_mean"]
    overdue = t["overdue_deficiencies"]
    within = duration <= targets.duration_max_days
    if targets.duration_min_days is not None:
        within &= duration >= targets.duration_min_days
    assessment = pd.DataFrame(
        {
            "lead_time": _met(lead, lead <= targets.lead_time_max_days),
            "duration": _met(duration, within),
            "dropouts": _met(rate, rate <= targets.dropout_rate_max),
            "satisfaction": _met(satisfaction, satisfaction >= targets.satisfaction_min),
            "authorization": _met(overdue, overdue == 0),
            "authorization_state": authorization_state(t["open_deficiencies"], overdue),
        },
        index=t.index,
    )
    gone = [pid for pid in ended if pid in assessment.index]
    if gone:
        assessment.loc[gone, [p.name for p in PARAMETERS]] = None
        assessment.loc[gone, "authorization_state"] = ENDED
    return assessment
