"""Facts from the data that the municipality's own texts may name: who was visited, and when."""

from __future__ import annotations

from datetime import date

import pandas as pd

from so_analysis.report.publication.formatting import format_date
from so_analysis.report.publication.model import Report


def visits(report: Report) -> list[tuple[str, date]]:
    """(expert name, date) of each expert's latest visit on or before the as-of date."""
    state = report.analysis.checklist
    if state is None or state.empty or "visit_date" not in state:
        return []
    dated = state[state["visit_date"].notna()]
    latest = dated.groupby("provider_id", sort=False)["visit_date"].max()
    names = report.analysis.dataset.expert_names()
    order = {pid: i for i, pid in enumerate(report.analysis.expert_ids)}
    found = sorted(latest.items(), key=lambda item: order.get(item[0], len(order)))
    return [(names.get(pid, pid), pd.Timestamp(day).date()) for pid, day in found]


def facts(report: Report, lang: str = "sv") -> dict[str, str]:
    """The facts a municipality's text may name: `{kommun}`, `{period}`, `{besok}` and more."""
    settings = report.analysis.dataset.config.period_settings(report.analysis.period.label)
    seen = visits(report)
    joiner = " och " if lang == "sv" else " and "
    names = [name for name, _ in seen]
    listed = ", ".join(names[:-1]) + joiner + names[-1] if len(names) > 1 else "".join(names)
    return {
        "kommun": report.analysis.dataset.config.municipality,
        "period": report.analysis.period.label,
        "experter": listed,
        "besok": ", ".join(f"{name} ({format_date(day)})" for name, day in seen),
        "atgard_senast": format_date(settings.atgard_senast) if settings.atgard_senast else "–",
        "svar_senast": format_date(settings.svar_senast) if settings.svar_senast else "–",
    }
