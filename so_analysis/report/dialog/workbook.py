"""The dialog template as an Excel workbook: Anvisningar, Statistik, Dialog, Utvecklingsplan,
Uppföljning and Checklista (the visit's sheets, Anvisningar, Dialog and Uppföljning, in `sheets`).

Every text cell goes through `report.xlsx.set_text`, so no text from the data can become a
formula. Where things sit is shared with the reader (`load.dialog_layout`).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from so_analysis.core.texts import Texts, texts
from so_analysis.load.dialog.layout import (
    CELL_PERIOD,
    CELL_PROVIDER_ID,
    CELL_VISIT_DATE,
    CHECKLIST_FIELDS,
    CHECKLIST_HEADER_ROW,
    PLAN_FIELDS,
    PLAN_HEADER_ROW,
    PLAN_PARAMETERS,
    SPARE_CHECKLIST_ROWS,
    SPARE_PLAN_ROWS,
    STATISTICS_HEADER_ROW,
)
from so_analysis.load.tables import CODES
from so_analysis.report.dialog.sheets import dialog_sheet, follow_up_sheet, instructions_sheet
from so_analysis.report.dialog.statistics import (
    COLUMNS,
    Figure,
    finding,
    model,
    provider_name,
    statistics_notes,
    statistics_rows,
)
from so_analysis.report.dialog.style import (
    BOLD,
    DATE_FORMAT,
    EXCEL_FORMATS,
    GROUP_FILL,
    NOTE,
    PRIVATE,
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

STATISTICS_SCALE = 60  # per cent: the statistics sheet's print scale where it has two pages


def _put_figure(ws: Worksheet, row: int, col: int, fig: Figure, t: Texts) -> None:
    cell = ws.cell(row=row, column=col)
    if fig.number is None:
        set_text(cell, fig.text)
        cell.alignment = Alignment(horizontal="right")
        return
    cell.value = fig.number
    number_format = EXCEL_FORMATS.get(t.lang, EXCEL_FORMATS["sv"])[fig.kind]
    if fig.private:  # the expert's own figure on too few observations, marked as not published
        number_format += f'" {t("dialog.private_mark")}"'
        cell.font = PRIVATE
    cell.number_format = number_format


def _statistics_sheet(ws: Worksheet, report: Report, pid: str, t: Texts) -> None:
    period = report.analysis.period
    name = provider_name(report, pid)
    set_text(ws["A1"], t("dialog.title", name=name)).font = TITLE
    block = [
        ("dialog.provider_id", pid),  # read back to identify the expert
        ("dialog.period", period.label),  # read back as the plans' period
        ("dialog.expert", name),
        (
            "dialog.period_dates",
            t("dialog.period_range", start=format_date(period.start), end=format_date(period.end)),
        ),
        ("dialog.as_of", report.analysis.as_of),
        ("dialog.municipality", report.analysis.dataset.config.municipality),
    ]
    # the block starts at the cell the reader identifies the expert by, the period below it
    first = ws[CELL_PROVIDER_ID].row
    assert ws[CELL_PERIOD].row == first + 1
    for i, (key, value) in enumerate(block, start=first):
        set_text(ws.cell(row=i, column=1), t(key)).font = BOLD
        cell = ws.cell(row=i, column=2)
        if isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            set_text(cell, value)
        cell.alignment = Alignment(horizontal="left")
    set_text(ws.cell(row=8, column=1), t("template.statistics_intro")).alignment = WRAP_TOP
    ws.merge_cells(start_row=8, start_column=1, end_row=8, end_column=6)
    ws.row_dimensions[8].height = 48

    top = STATISTICS_HEADER_ROW
    header(ws, top, [t(f"dialog.columns.{k}") for k in COLUMNS])
    ws.row_dimensions[top].height = 32
    rows = statistics_rows(report, pid, t.lang)
    by_sex = t("dialog.by_sex.group")
    r = top
    for stat in rows:
        r += 1
        label = set_text(ws.cell(row=r, column=1), stat.label)
        if stat.group and stat.label == by_sex:  # women and men start the second page
            ws.row_breaks.append(Break(id=r - 1))
        if stat.group:
            label.font = BOLD
            for col in range(1, 7):
                ws.cell(row=r, column=col).fill = GROUP_FILL
            continue
        label.alignment = Alignment(indent=1, wrap_text=True)
        for col, fig in ((2, stat.expert), (5, stat.mean), (6, stat.total)):
            if fig is not None:  # no experts' mean on a row by sex
                _put_figure(ws, r, col, fig, t)
        target = set_text(ws.cell(row=r, column=3), stat.target or None)
        target.alignment = Alignment(horizontal="center")
        met = set_text(ws.cell(row=r, column=4), stat.met or None)
        met.alignment = Alignment(horizontal="center")
        for col in range(1, 7):
            ws.cell(row=r, column=col).border = Border(bottom=THIN)
    column_widths = [46, 22, 18, 11, 22, 20]
    notes = statistics_notes(report, pid, rows, t.lang)
    for i, note in enumerate(notes, start=r + 2):  # each across the table, wrapped
        cell = set_text(ws.cell(row=i, column=1), note)
        cell.font = NOTE
        cell.alignment = WRAP_TOP
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(COLUMNS))
        fit_height(ws, i, [sum(column_widths) * 1.2])  # its font is smaller
    widths(ws, column_widths)
    ws.freeze_panes = ws.cell(row=top + 1, column=2)
    ws.sheet_view.zoomScale = 100
    print_setup(ws)
    ws.print_title_rows = f"{top}:{top}"
    if not ws.row_breaks.brk:
        ws.page_setup.fitToHeight = 1  # the statistics and their notes on one A4 page
        return
    # the parameters on one A4 page, women and men with the notes on a second: a page break is
    # ignored when fitting to pages, so a scale at which the parameters' rows (the same for every
    # expert) fit one page in Excel and LibreOffice alike
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = STATISTICS_SCALE
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _plan_sheet(ws: Worksheet, report: Report, pid: str, t: Texts) -> None:
    header(ws, PLAN_HEADER_ROW, [t(f"dialog.plan.{f}") for f in PLAN_FIELDS])
    areas = [t(f"dialog.areas.{code}") for code in CODES["area"]]
    statuses = [t(f"dialog.statuses.{code}") for code in CODES["status"]]
    area_dv = list_validation(areas, t, t("dialog.plan.area_prompt"))
    status_dv = list_validation(statuses, t, t("dialog.plan.status_prompt"))
    due_dv = date_validation(t)
    for dv in (area_dv, status_dv, due_dv):
        ws.add_data_validation(dv)
    first = PLAN_HEADER_ROW + 1
    r = PLAN_HEADER_ROW
    for parameter, area in PLAN_PARAMETERS:
        r += 1
        set_text(ws.cell(row=r, column=1), t(f"dialog.areas.{area}"))
        set_text(ws.cell(row=r, column=2), finding(report, pid, parameter, t.lang))
    last = r + SPARE_PLAN_ROWS
    for row in range(first, last + 1):
        for col in range(1, 7):
            cell = ws.cell(row=row, column=col)
            cell.alignment = WRAP_TOP
            cell.border = Border(bottom=THIN)
        ws.cell(row=row, column=5).number_format = DATE_FORMAT
    area_dv.add(f"A{first}:A{last}")
    status_dv.add(f"F{first}:F{last}")
    due_dv.add(f"E{first}:E{last}")
    column_widths = [16, 48, 44, 20, 14, 15]
    widths(ws, column_widths)
    for row in range(first, last + 1):
        fit_height(ws, row, column_widths, minimum=2)
    ws.freeze_panes = "A2"
    print_setup(ws)


def _state_text(row: pd.Series, t: Texts) -> str:
    if bool(row.get("overdue", False)):
        return t("dialog.checklist.state_overdue", deadline=format_date(row["deadline"]))
    if bool(row.get("open", False)):
        if is_missing(row.get("deadline")):
            return t("dialog.checklist.state_open")
        return t("dialog.checklist.state_open_deadline", deadline=format_date(row["deadline"]))
    if not bool(row["fulfilled"]):
        return t("dialog.checklist.state_remedied")
    return t("dialog.checklist.state_ok")


def _checklist_sheet(ws: Worksheet, report: Report, pid: str, t: Texts) -> None:
    visit = ws[CELL_VISIT_DATE]
    label = set_text(
        ws.cell(row=visit.row, column=visit.column - 1), t("dialog.checklist.visit_date")
    )
    label.font = BOLD
    visit.number_format = DATE_FORMAT
    visit.fill = PatternFill("solid", fgColor="FFF7D6")
    visit.border = Border(bottom=THIN, top=THIN, left=THIN, right=THIN)
    set_text(ws["A2"], t("dialog.checklist.hint")).font = NOTE
    as_of = format_date(report.analysis.as_of)
    header(
        ws,
        CHECKLIST_HEADER_ROW,
        [t(f"dialog.checklist.{f}") for f in CHECKLIST_FIELDS]
        + [t("dialog.checklist.state", as_of=as_of)],
    )

    state: dict[str, pd.Series] = {}
    if report.analysis.checklist is not None:
        mine = report.analysis.checklist[report.analysis.checklist["provider_id"] == pid]
        state = {str(r["requirement"]): r for _, r in mine.iterrows()}
    requirements = list(dict.fromkeys([*report.analysis.dataset.config.requirements, *state]))

    yes_no = list_validation([t("dialog.yes"), t("dialog.no")], t, t("dialog.checklist.hint"))
    visit_dv = date_validation(t)
    deadline_dv = date_validation(t)
    for dv in (yes_no, visit_dv, deadline_dv):
        ws.add_data_validation(dv)
    visit_dv.add(CELL_VISIT_DATE)
    first = CHECKLIST_HEADER_ROW + 1
    r = CHECKLIST_HEADER_ROW
    for requirement in requirements:
        r += 1
        set_text(ws.cell(row=r, column=1), requirement)
        known = state.get(requirement)
        text = _state_text(known, t) if known is not None else t("dialog.checklist.state_none")
        set_text(ws.cell(row=r, column=5), text).font = Font(color="5A6470")
    last = r + SPARE_CHECKLIST_ROWS
    for row in range(first, last + 1):
        for col in range(1, 6):
            cell = ws.cell(row=row, column=col)
            cell.alignment = WRAP_TOP
            cell.border = Border(bottom=THIN)
        ws.cell(row=row, column=2).alignment = Alignment(horizontal="center", vertical="top")
        ws.cell(row=row, column=3).number_format = DATE_FORMAT
    yes_no.add(f"B{first}:B{last}")
    deadline_dv.add(f"C{first}:C{last}")
    column_widths = [52, 11, 16, 40, 34]
    widths(ws, column_widths)
    for row in range(first, last + 1):
        fit_height(ws, row, column_widths)
    ws.freeze_panes = ws.cell(row=first, column=1)
    print_setup(ws)


def build_workbook(report: Report, provider_id: str, lang: str = "sv") -> Workbook:
    """The dialog template of one expert: Anvisningar, Statistik, Dialog, Utvecklingsplan,
    Uppföljning and Checklista (sheet names in `lang`)."""
    model(report, provider_id, lang)  # refuses an id that is not an expert of the analysis
    t = texts(lang)
    wb = Workbook()
    first = wb.active
    first.title = t("template.sheet_instructions")
    instructions_sheet(first, report, provider_id, t)
    _statistics_sheet(wb.create_sheet(t("dialog.sheet_statistics")), report, provider_id, t)
    dialog_sheet(wb.create_sheet(t("template.sheet_dialog")), t)
    _plan_sheet(wb.create_sheet(t("dialog.sheet_plan")), report, provider_id, t)
    follow_up_sheet(wb.create_sheet(t("template.sheet_follow_up")), report, provider_id, t)
    _checklist_sheet(wb.create_sheet(t("dialog.sheet_checklist")), report, provider_id, t)
    wb.properties.title = t("dialog.title", name=provider_name(report, provider_id))
    wb.properties.creator = "so-analysis"
    return wb
