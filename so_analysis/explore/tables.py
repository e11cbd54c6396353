"""For the analyst in JupyterLab (`notebooks/utforska.ipynb`): the period's records and answers.

Internal, never published: figures are unsuppressed. Tables read in Swedish, with figures
rounded to one decimal and counts as whole numbers. Every function takes an analysis of one
period and returns a frame; the notebook only calls and displays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from so_analysis.measure.figures import ALL, MEAN
from so_analysis.measure.indicators import enrolment_measures
from so_analysis.measure.outcomes import counts, touches_period

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

    from so_analysis.measure.analysis import Analysis

# Swedish column names for the analyst's tables.
SWEDISH: dict[str, str] = {
    "participant_id": "Deltagare",
    "provider_id": "Expert-id",
    "provider": "Expert",
    "registered": "Anmäld",
    "started": "Start",
    "ended": "Slut",
    "outcome": "Utfall",
    "reason": "Avbrottsorsak",
    "language": "Språk",
    "lead_time_days": "Dagar till start",
    "duration_days": "Dagar för genomförande",
    "waiting_days": "Dagar i väntan",
    "n_registered": "Anmälda",
    "n_started": "Startade",
    "n_completed": "Genomförda",
    "n_dropouts": "Avbrott",
    "n_waiting": "Väntar",
    "lead_time_mean_days": "Dagar till start, medel",
    "lead_time_median_days": "Dagar till start, median",
    "lead_time_within_target_share": "Andel start inom målet (%)",
    "duration_mean_days": "Genomförande, medel",
    "duration_median_days": "Genomförande, median",
    "duration_within_target_share": "Andel genomförda inom målet (%)",
    "dropout_rate": "Andel avbrott (%)",
    "dropouts_positive": "Positiva avbrott",
    "dropouts_negative": "Negativa avbrott",
    "satisfaction_mean": "Medelbetyg (1–5)",
    "satisfaction_n": "Enkätsvar",
    "response_rate": "Svarsfrekvens (%)",
    "open_deficiencies": "Öppna brister",
    "overdue_deficiencies": "Försenade brister",
    "n": "Antal",
    "mean_days": "Medel, dagar",
    "median_days": "Median, dagar",
    "max_days": "Längst, dagar",
    "within_target_share": "Andel inom målet (%)",
    "period": "Period",
    "previous": "Förra perioden",
    "now": "Perioden",
    "change": "Förändring",
    "figure": "Mått",
}
OUTCOMES_SV = {
    "completed": "genomförd",
    "dropout": "avbrott",
    "ongoing": "pågående",
    "not_started": "ej påbörjad",
}
_SHARES = ("_share", "dropout_rate", "response_rate")


class UnknownExpert(ValueError):
    """A provider id that is not in the data; the message lists the valid ones."""

    def __init__(self, provider_id: str, valid: list[str]):
        self.provider_id, self.valid = provider_id, valid
        super().__init__(
            f"Experten '{provider_id}' finns inte i data. Giltiga id: {', '.join(valid)}."
        )


def check_expert(analysis: Analysis, provider_id: str | None) -> str | None:
    """`provider_id` when it is an expert of the data (None or '' means all experts)."""
    if not provider_id:
        return None
    valid = list(analysis.expert_ids)
    if provider_id not in valid:
        raise UnknownExpert(provider_id, valid)
    return provider_id


def in_swedish(frame: pd.DataFrame) -> pd.DataFrame:
    """Swedish headers, shares as per cent, figures to one decimal, counts as whole numbers."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.dt.date
        elif pd.api.types.is_float_dtype(series):
            if column.endswith(_SHARES) or column in _SHARES:
                series = series * 100
            whole = series.dropna()
            if len(whole) and np.allclose(whole, whole.round()) and not column.endswith("_days"):
                out[column] = series.round().astype("Int64")
            else:
                out[column] = series.round(1)
    if "outcome" in out:
        out["outcome"] = out["outcome"].map(OUTCOMES_SV).fillna(out["outcome"])
    return out.rename(columns=SWEDISH)


def period_enrolments(analysis: Analysis, provider_id: str | None = None) -> pd.DataFrame:
    """The records that count in the period (registered, started or ended in it, or waiting).

    Records left out for dates out of order are not here (the data-quality appendix counts
    them). Adds the days to start, the days of the course and the days waited so far.
    """
    pid = check_expert(analysis, provider_id)
    config = analysis.dataset.config
    counting = analysis.classified[counts(analysis.classified)]
    measures = enrolment_measures(counting, analysis.period, config.targets, config.reasons)
    keep = touches_period(counting, analysis.period) | measures["waiting"]
    rows = counting[keep]
    if pid is not None:
        rows = rows[rows["provider_id"] == pid]
    m = measures.loc[rows.index]
    names = analysis.dataset.expert_names()
    columns = ["participant_id", "provider_id", "registered", "started", "ended", "outcome"]
    out = rows[columns + ["reason"] + (["language"] if "language" in rows else [])].copy()
    out.insert(2, "provider", out["provider_id"].map(names))
    out["lead_time_days"] = m["lead_days"]
    out["duration_days"] = m["duration_days"]
    out["waiting_days"] = m["waiting_days"]
    return out.reset_index(drop=True)


def indicator_table(analysis: Analysis, provider_id: str | None = None) -> pd.DataFrame:
    """The period's indicators per expert and the totals, unsuppressed, in Swedish."""
    pid = check_expert(analysis, provider_id)
    table = analysis.indicators
    if pid is not None:
        table = table[table["provider_id"].isin([pid, ALL, MEAN])]
    return in_swedish(table[[c for c in table.columns if c in SWEDISH]])


def longest_waiting(analysis: Analysis, n: int = 10) -> pd.DataFrame:
    """Who waits longest for a start at the period's end: the `n` longest waits, in Swedish."""
    rows = period_enrolments(analysis)
    waiting = rows[rows["waiting_days"].notna()].sort_values("waiting_days", ascending=False)
    columns = ["participant_id", "provider", "registered", "waiting_days"]
    columns += ["language"] if "language" in waiting else []
    return in_swedish(waiting[columns].head(n).reset_index(drop=True))


def lead_time_by(analysis: Analysis, by: str = "language") -> pd.DataFrame:
    """Days to start by a column (language or expert): starts, mean, median, longest, share."""
    rows = period_enrolments(analysis)
    started = rows[rows["lead_time_days"].notna()]
    target = analysis.dataset.config.targets.lead_time_max_days
    g = started.groupby(started[by].fillna("(uppgift saknas)"), sort=False)["lead_time_days"]
    table = pd.DataFrame(
        {
            "n": g.count().astype("float64"),
            "mean_days": g.mean(),
            "median_days": g.median(),
            "max_days": g.max(),
            "within_target_share": g.apply(lambda s: float((s <= target).mean())),
        }
    ).sort_values("mean_days", ascending=False)
    table.index.name = SWEDISH.get(by, by)
    return in_swedish(table.reset_index())


def changes_since_previous(analysis: Analysis) -> pd.DataFrame:
    """The main figures per expert now and in the previous period, with the change."""
    previous = analysis.previous
    figures = (
        "lead_time_mean_days",
        "duration_mean_days",
        "dropout_rate",
        "satisfaction_mean",
    )
    now = analysis.indicators.set_index("provider_id")
    before = previous.set_index("provider_id") if previous is not None else None
    records = []
    for pid in analysis.expert_ids:
        for figure in figures:
            value = now.at[pid, figure]
            old = before.at[pid, figure] if before is not None and pid in before.index else np.nan
            scale = 100 if figure == "dropout_rate" else 1
            records.append(
                {
                    "provider": now.at[pid, "provider"],
                    "figure": SWEDISH[figure],
                    "now": value * scale,
                    "previous": old * scale,
                    "change": (value - old) * scale,
                }
            )
    table = pd.DataFrame.from_records(records)
    table["_order"] = table["change"].abs()
    table = table.sort_values(["figure", "_order"], ascending=[True, False], kind="stable")
    return in_swedish(table.drop(columns="_order").reset_index(drop=True))


def show(frame: pd.DataFrame) -> Styler:
    """A table as an analyst reads it in Swedish: decimal comma, thousands grouped, no index."""
    return frame.style.format(decimal=",", thousands="\u00a0", precision=1, na_rep="–").hide(
        axis="index"
    )
