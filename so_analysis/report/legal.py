"""The rules in force today as published (SPEC §7): the hours offered against the legal minimum,
and completing SO within a year of its start.

A completion offered fewer hours than the minimum for its start date (`measure.rules`) is a
finding for its expert: in its section, in the conclusions, in what the municipality asks of it and
in its dialog template's pre-filled finding for duration. Only published figures are stated (a
dialog template's model shows the expert its own, `private`); without the hours column the hours
are said to be missing once, in the data-quality appendix (`hours_missing_line`). The texts are
the catalogues' `legal.*`.
"""

from __future__ import annotations

import pandas as pd

from so_analysis.measure.figures import ALL, HOURS_COLUMN
from so_analysis.measure.rules import hours_shortfalls
from so_analysis.report.publication.formatting import format_count
from so_analysis.report.publication.model import Publication, Report
from so_analysis.report.publication.targets_text import short_number


def hours_in_data(model: Publication) -> bool:
    """Whether the data has the hours offered at all."""
    return "hours_offered_mean" not in model.absent


def shortfalls(report: Report) -> pd.DataFrame:
    """The period's completions below the hours minimum per expert (`measure.rules.
    hours_shortfalls`, made once per report)."""
    a = report.analysis
    return report.once(
        ("hours_shortfalls",),
        lambda: hours_shortfalls(a.classified, a.period, a.dataset.config.hours_minimum),
    )


def hours_below(report: Report, model: Publication, provider_id: str) -> str | None:
    """'2 deltagare erbjöds färre än 60 timmar' (one phrase per minimum, joined) when the
    expert's count below the minimum is published (or shown to it alone) and above zero."""
    cell = model.cell(provider_id, "hours_below_minimum")
    if not cell.ok or not cell.value > 0:
        return None
    found = shortfalls(report)
    mine = found[found["provider_id"] == provider_id]
    parts = [
        model.t.n(
            "legal.hours_below",
            int(r.n),
            n=format_count(r.n, model.lang),
            hours=short_number(float(r.minimum), model.lang),
        )
        for r in mine.itertuples()
    ]
    return model.t.join(parts) or None


def hours_below_line(report: Report, model: Publication, provider_id: str) -> str | None:
    """The finding as a sentence of the expert's own section or dialog template, or None."""
    found = hours_below(report, model, provider_id)
    return None if found is None else model.t("legal.hours_below_line", list=found)


def hours_missing_line(report: Report, lang: str = "sv") -> str | None:
    """The one sentence saying the hours are not in the data (the data-quality appendix)."""
    model = report.model(lang)
    return None if hours_in_data(model) else model.t("legal.hours_missing", column=HOURS_COLUMN)


def conclusions(report: Report, model: Publication) -> list[str]:
    """The duration part's sentences on today's rules: completed within a year and still going
    after one, over all participants; the hours against the minimum; each expert whose
    completions were offered fewer hours than the minimum. An ended expert is named in none of
    them (docs/method.md §3.12)."""
    t = model.t
    active = [pid for pid in model.expert_ids if pid not in model.ended]
    out = []
    within = model.cell(ALL, "completed_within_year_share")
    if within.ok:
        out.append(t("legal.within_year", share=within.text))
    over = model.cell(ALL, "ongoing_over_year")
    if over.ok and over.value > 0:
        named = [
            t("legal.expert_count", name=model.name(pid), n=c.text)
            for pid in active
            if (c := model.cell(pid, "ongoing_over_year")).ok and c.value > 0
        ]
        key = "legal.over_year_named" if named else "legal.over_year"
        out.append(t.n(key, over.value, n=over.text, list=model.t.join(named)))
    if hours_in_data(model):
        met, mean = (model.cell(ALL, f) for f in ("hours_minimum_met_share", "hours_offered_mean"))
        if met.ok and mean.ok:
            out.append(t("legal.hours_all", share=met.text, hours=mean.text))
        for pid in active:
            found = hours_below(report, model, pid)
            if found is not None:
                out.append(t("legal.hours_below_expert", name=model.name(pid), list=found))
    return out


def hours_ask(model: Publication, provider_id: str) -> str | None:
    """What the municipality asks of an expert whose completions were offered too few hours."""
    cell = model.cell(provider_id, "hours_below_minimum")
    if not cell.ok or cell.private or not cell.value > 0:
        return None
    return model.t.n("legal.ask_hours", cell.value, n=cell.text)
