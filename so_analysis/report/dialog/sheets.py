"""The dialog template's sheets for the visit itself: Anvisningar, Dialog and Uppföljning.

Anvisningar says how to fill in the template, by when to return it (a real date: the period's
`svar_senast` in the config, by default four weeks after the as-of date) and to whom
(`svar_till`). Dialog has a row per topic (`load.dialog_layout.TOPICS`) for the expert's comment
and the municipality's notes. Uppföljning lists the previous period's plan items of the expert
(area, action, due pre-filled) for it to give status and follow-up. Every text cell goes through
`report.xlsx.set_text`; where things sit is shared with the reader (`load.dialog_layout`).
"""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl.styles import Alignment, Border, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from so_analysis.core.texts import Texts
from so_analysis.load.dialog.layout import (
    CELL_RETURN_BY,
    DIALOG_FIELDS,
    DIALOG_HEADER_ROW,
    FOLLOW_UP_FIELDS,
    FOLLOW_UP_HEADER_ROW,
    RETURN_DAYS,
    TOPICS,
)
from so_analysis.load.tables import CODES
from so_analysis.measure.followup import plan_items
from so_analysis.report.dialog.statistics import provider_name
from so_analysis.report.dialog.style import (
    BOLD,
    DATE_FORMAT,
    THIN,
    TITLE,
    WRAP_TOP,
    date_validation,
    fit_height,
    header,
    list_validation,
    print_setup,
    widths,
)
from so_analysis.report.publication.formatting import format_date, is_missing
from so_analysis.report.publication.model import Report
from so_analysis.report.xlsx import set_text

_GIVEN = PatternFill("solid", fgColor="F2F5F8")  # cells the municipality filled in
_ASKED = PatternFill("solid", fgColor="FFF7D6")  # the date to return by


def return_by(report: Report) -> date:
    """The date to return the template by: the period's `svar_senast`, or as-of + four weeks."""
    settings = report.analysis.dataset.config.period_settings(report.analysis.period.label)
    given = settings.svar_senast
    return given if given is not None else report.analysis.as_of + timedelta(days=RETURN_DAYS)


def return_to(report: Report, t: Texts) -> str:
    """Who the template goes back to: `svar_till` in the config, or the municipality."""
    config = report.analysis.dataset.config
    given = config.svar_till
    return given or t("template.return_to_default", municipality=config.municipality)


def previous_items(report: Report, pid: str):
    """The expert's plan items of the previous period, in the plans table's order."""
    items = plan_items(report.analysis.dataset.plans, report.analysis.period.previous().label)
    if items is None:
        return None
    return items[items["provider_id"] == pid]


def instructions_sheet(ws: Worksheet, report: Report, pid: str, t: Texts) -> None:
    """How to fill in the template, by when and to whom to return it."""
    period = report.analysis.period
    set_text(ws["A1"], t("dialog.title", name=provider_name(report, pid))).font = TITLE
    line = t(
        "template.period_line",
        period=period.label,
        start=format_date(period.start),
        end=format_date(period.end),
        as_of=format_date(report.analysis.as_of),
    )
    set_text(ws["A2"], line)
    when = ws[CELL_RETURN_BY]
    set_text(ws.cell(row=when.row, column=1), t("template.return_by")).font = BOLD
    when.value = return_by(report)
    when.number_format = DATE_FORMAT
    when.font = BOLD
    when.fill = _ASKED
    when.alignment = Alignment(horizontal="left")
    set_text(ws.cell(row=when.row + 1, column=1), t("template.return_to")).font = BOLD
    set_text(ws.cell(row=when.row + 1, column=2), return_to(report, t))
    items = previous_items(report, pid)
    previous = period.previous().label
    follow = (
        "template.step_follow_up"
        if items is not None and len(items)
        else "template.step_follow_up_none"
    )
    steps = [
        t("template.step_statistics"),
        t("template.step_dialog"),
        t("template.step_plan"),
        t(follow, previous=previous),
        t("template.step_checklist"),
    ]
    first = when.row + 3
    set_text(ws.cell(row=first, column=1), t("template.how")).font = BOLD
    column_widths = [24, 96]
    widths(ws, column_widths)
    for i, step in enumerate([*steps, t("template.rules")], start=first + 1):
        cell = set_text(ws.cell(row=i, column=1), step)
        cell.alignment = WRAP_TOP
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
        ws.row_dimensions[i].height = 16 * (len(step) // 95 + 1) + 8
    print_setup(ws)
    ws.page_setup.orientation = "portrait"


def _free_text(t: Texts) -> DataValidation:
    dv = DataValidation(allow_blank=True)
    dv.showInputMessage = True
    dv.prompt = t("template.comment_prompt")
    return dv


def dialog_sheet(ws: Worksheet, t: Texts) -> None:
    """A row per topic for the expert's comment and the municipality's notes."""
    header(ws, DIALOG_HEADER_ROW, [t(f"template.dialog.{f}") for f in DIALOG_FIELDS])
    labels = [t(f"template.topics.{code}") for code in TOPICS]
    topics = list_validation(labels, t, t("template.topic_prompt"))
    notes = _free_text(t)
    for dv in (topics, notes):
        ws.add_data_validation(dv)
    first = DIALOG_HEADER_ROW + 1
    last = first + len(labels) - 1
    for row, label in enumerate(labels, start=first):
        cell = set_text(ws.cell(row=row, column=1), label)
        cell.font = BOLD
        cell.fill = _GIVEN
        for col in range(1, 4):
            ws.cell(row=row, column=col).alignment = WRAP_TOP
            ws.cell(row=row, column=col).border = Border(bottom=THIN)
        ws.row_dimensions[row].height = 92
    topics.add(f"A{first}:A{last}")
    notes.add(f"B{first}:C{last}")
    widths(ws, [26, 66, 66])
    ws.freeze_panes = f"B{first}"
    print_setup(ws)
    ws.print_title_rows = f"{DIALOG_HEADER_ROW}:{DIALOG_HEADER_ROW}"


def follow_up_sheet(ws: Worksheet, report: Report, pid: str, t: Texts) -> None:
    """The previous period's plan items, for the expert to give status and follow-up."""
    header(ws, FOLLOW_UP_HEADER_ROW, [t(f"template.follow_up.{f}") for f in FOLLOW_UP_FIELDS])
    items = previous_items(report, pid)
    rows = [] if items is None else items.to_dict("records")
    first = FOLLOW_UP_HEADER_ROW + 1
    last = max(first, first + len(rows) - 1)
    statuses = [t(f"dialog.statuses.{code}") for code in CODES["status"]]
    status_dv = list_validation(statuses, t, t("dialog.plan.status_prompt"))
    due_dv = date_validation(t)
    text_dv = _free_text(t)
    for dv in (status_dv, due_dv, text_dv):
        ws.add_data_validation(dv)
    column_widths = [16, 56, 14, 15, 56]
    for row, item in enumerate(rows, start=first):
        area = t.get(f"dialog.areas.{item.get('area')}", str(item.get("area")))
        set_text(ws.cell(row=row, column=1), area)
        set_text(ws.cell(row=row, column=2), str(item.get("action") or ""))
        due = item.get("due")
        ws.cell(row=row, column=3).value = None if is_missing(due) else due.date()
        for col in range(1, 4):
            ws.cell(row=row, column=col).fill = _GIVEN
    for row in range(first, last + 1):
        for col in range(1, 6):
            cell = ws.cell(row=row, column=col)
            cell.alignment = WRAP_TOP
            cell.border = Border(bottom=THIN)
        ws.cell(row=row, column=3).number_format = DATE_FORMAT
        fit_height(ws, row, column_widths, minimum=3)
    status_dv.add(f"D{first}:D{last}")
    due_dv.add(f"C{first}:C{last}")
    text_dv.add(f"E{first}:E{last}")
    widths(ws, column_widths)
    ws.freeze_panes = f"A{first}"
    print_setup(ws)
    ws.print_title_rows = f"{FOLLOW_UP_HEADER_ROW}:{FOLLOW_UP_HEADER_ROW}"


__all__ = [
    "dialog_sheet",
    "follow_up_sheet",
    "instructions_sheet",
    "previous_items",
    "return_by",
    "return_to",
]
