"""Targets met or missed (SPEC §1): one verdict per expert and parameter, None when no figure."""

from __future__ import annotations

import pandas as pd

from so_analysis.core.config import Targets

PARAMETERS: tuple[str, ...] = ("lead_time", "duration", "dropouts", "satisfaction", "authorization")


def _verdict(figure: pd.Series, met: pd.Series) -> pd.Series:
    return met.astype(object).where(figure.notna(), None)


def assess_targets(indicators: pd.DataFrame, targets: Targets) -> pd.DataFrame:
    """Index provider_id; columns PARAMETERS with True (met), False (missed) or None (no figure)."""
    t = indicators.set_index("provider_id")
    lead, duration = t["lead_time_mean_days"], t["duration_mean_days"]
    rate, satisfaction = t["dropout_rate"], t["satisfaction_mean"]
    overdue = t["overdue_deficiencies"]
    return pd.DataFrame(
        {
            "lead_time": _verdict(lead, lead <= targets.lead_time_max_days),
            "duration": _verdict(
                duration, duration.between(targets.duration_min_days, targets.duration_max_days)
            ),
            "dropouts": _verdict(rate, rate <= targets.dropout_rate_max),
            "satisfaction": _verdict(satisfaction, satisfaction >= targets.satisfaction_min),
            "authorization": _verdict(overdue, overdue == 0),
        },
        index=t.index,
    )
