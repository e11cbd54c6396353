"""The dialog template's statistics as a self-contained HTML page for e-mail.

Python gathers the data; `templates/html/dialog.html.j2` builds the page with the report's own
stylesheet. No script and no external resource: the page reads the same offline and on paper.
"""

from __future__ import annotations

from so_analysis.report.dialog.statistics import (
    COLUMNS,
    model,
    provider_name,
    statistics_notes,
    statistics_rows,
)
from so_analysis.report.html import Markup, render, report_css
from so_analysis.report.publication.formatting import format_date
from so_analysis.report.publication.model import Report


def statistics_html(report: Report, provider_id: str, lang: str = "sv") -> str:
    """The statistics sheet as a self-contained HTML page (no script, no external resource)."""
    m = model(report, provider_id, lang)
    t = m.t
    name = provider_name(report, provider_id)
    period = report.analysis.period
    rows = statistics_rows(report, provider_id, lang)
    meta = [
        (t("dialog.expert"), name),
        (t("dialog.provider_id"), provider_id),
        (t("dialog.period"), period.label),
        (
            t("dialog.period_dates"),
            t("dialog.period_range", start=format_date(period.start), end=format_date(period.end)),
        ),
        (t("dialog.as_of"), format_date(report.analysis.as_of)),
        (t("dialog.municipality"), report.analysis.dataset.config.municipality),
    ]
    notes = statistics_notes(report, provider_id, rows, lang)
    mark = t("dialog.private_mark")
    page = render(
        "dialog.html.j2",
        lang=t.lang,
        css=Markup(report_css()),
        kicker=t("dialog.kicker"),
        title=t("dialog.title", name=name),
        meta=meta,
        intro=t("dialog.html_intro"),
        columns=[t(f"dialog.columns.{k}") for k in COLUMNS],
        rows=rows,
        mark=mark,
        notes=notes,
        footer=t("dialog.footer", as_of=format_date(report.analysis.as_of)),
    )
    return str(page) + "\n"
