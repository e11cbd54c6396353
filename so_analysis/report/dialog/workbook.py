"""The dialog template as an Excel workbook: sheets Statistik, Utvecklingsplan and Checklista.

Every text cell goes through `report.xlsx.set_text`, so no text from the data can become a
formula. Where things sit is shared with the reader (`load.dialog_layout`).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from so_analysis.core.texts import Texts, texts
from so_analysis.load.dialog_layout import (
    CELL_PERIOD,
    CELL_PROVIDER_ID,
    CELL_VISIT_DATE,
    CHECKLIST_FIELDS,
    CHECKLIST_HEADER_ROW,
    MIN_DATE_SERIAL,
    PLAN_FIELDS,
    PLAN_HEADER_ROW,
    PLAN_PARAMETERS,
    SPARE_CHECKLIST_ROWS,
    SPARE_PLAN_ROWS,
    STATISTICS_HEADER_ROW,
)
from so_analysis.load.tables import CODES
from so_analysis.measure.analysis import Analysis
from so_analysis.report.dialog.statistics import (
    COLUMNS,
    Figure,
    finding,
    has_private,
    model,
    provider_name,
    statistics_rows,
)
from so_analysis.report.formatting import format_date, is_missing
from so_analysis.report.publication import COUNT, DAYS, RATE, SCORE, SHARE
from so_analysis.report.xlsx import set_text

EXCEL_FORMATS = {
    "sv": {DAYS: "0.0", SCORE: "0.0", SHARE: "0 %", RATE: "0.0 %", COUNT: "0"},
    "en": {DAYS: "0.0", SCORE: "0.0", SHARE: "0%", RATE: "0.0%", COUNT: "0"},
}
DATE_FORMAT = "yyyy-mm-dd"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_NOTE = Font(italic=True, size=9, color="5A6470")
_PRIVATE = Font(italic=True, color="5A6470")
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_GROUP_FILL = PatternFill("solid", fgColor="F2F5F8")
_THIN = Side(style="thin", color="C9D1DA")
_HEADER_BORDER = Border(bottom=Side(style="medium", color="1B1F24"))
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = set_text(ws.cell(row=row, column=col), label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _fit_height(ws: Worksheet, row: int, widths: list[float], minimum: int = 1) -> None:
    """Give a row with wrapped text the height of its longest cell (not done on load)."""
    lines = minimum
    for col, width in enumerate(widths, start=1):
        value = ws.cell(row=row, column=col).value
        if isinstance(value, str) and value:
            per_line = max(int(width * 1.05) - 2, 8)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    ws.row_dimensions[row].height = 15 * lines + 2


def _print_setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _list_validation(values: list[str], t: Texts, prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorTitle = t("dialog.plan.error_title")
    dv.error = t("dialog.plan.list_error")
    dv.showInputMessage = True
    dv.prompt = prompt
    return dv


def _date_validation(t: Texts) -> DataValidation:
    dv = DataValidation(
        type="date", operator="greaterThanOrEqual", formula1=str(MIN_DATE_SERIAL), allow_blank=True
    )
    dv.showErrorMessage = True
    dv.errorTitle = t("dialog.plan.error_title")
    dv.error = t("dialog.plan.date_error")
    dv.showInputMessage = True
    dv.prompt = t("dialog.plan.due_prompt")
    return dv


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
        cell.font = _PRIVATE
    cell.number_format = number_format


def _statistics_sheet(ws: Worksheet, analysis: Analysis, pid: str, t: Texts) -> None:
    m = model(analysis, pid, t.lang)
    period = analysis.period
    name = provider_name(analysis, pid)
    set_text(ws["A1"], t("dialog.title", name=name)).font = _TITLE
    block = [
        ("dialog.provider_id", pid),  # read back to identify the expert
        ("dialog.period", period.label),  # read back as the plans' period
        ("dialog.expert", name),
        (
            "dialog.period_dates",
            t("dialog.period_range", start=format_date(period.start), end=format_date(period.end)),
        ),
        ("dialog.as_of", analysis.as_of),
        ("dialog.municipality", analysis.dataset.config.municipality),
    ]
    # the block starts at the cell the reader identifies the expert by, the period below it
    first = ws[CELL_PROVIDER_ID].row
    assert ws[CELL_PERIOD].row == first + 1
    for i, (key, value) in enumerate(block, start=first):
        set_text(ws.cell(row=i, column=1), t(key)).font = _BOLD
        cell = ws.cell(row=i, column=2)
        if isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            set_text(cell, value)
        cell.alignment = Alignment(horizontal="left")
    set_text(ws.cell(row=8, column=1), t("dialog.intro")).alignment = _WRAP_TOP
    ws.merge_cells(start_row=8, start_column=1, end_row=8, end_column=6)
    ws.row_dimensions[8].height = 48

    header = STATISTICS_HEADER_ROW
    _header(ws, header, [t(f"dialog.columns.{k}") for k in COLUMNS])
    ws.row_dimensions[header].height = 32
    rows = statistics_rows(analysis, pid, t.lang)
    r = header
    for stat in rows:
        r += 1
        label = set_text(ws.cell(row=r, column=1), stat.label)
        if stat.group:
            label.font = _BOLD
            for col in range(1, 7):
                ws.cell(row=r, column=col).fill = _GROUP_FILL
            continue
        label.alignment = Alignment(indent=1, wrap_text=True)
        for col, fig in ((2, stat.expert), (5, stat.mean), (6, stat.total)):
            assert fig is not None
            _put_figure(ws, r, col, fig, t)
        target = set_text(ws.cell(row=r, column=3), stat.target or None)
        target.alignment = Alignment(horizontal="center")
        met = set_text(ws.cell(row=r, column=4), stat.met or None)
        met.alignment = Alignment(horizontal="center")
        for col in range(1, 7):
            ws.cell(row=r, column=col).border = Border(bottom=_THIN)
    notes = [
        t("dialog.note_too_few", min_n=m.min_n),
        t("dialog.note_missing"),
        t("dialog.note_mean"),
    ]
    if has_private(rows):
        notes.insert(0, t("dialog.note_private", mark=t("dialog.private_mark"), min_n=m.min_n))
    for i, note in enumerate(notes, start=r + 2):
        set_text(ws.cell(row=i, column=1), note).font = _NOTE
    _widths(ws, [46, 22, 18, 11, 22, 20])
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    ws.sheet_view.zoomScale = 100
    _print_setup(ws)
    ws.page_setup.fitToHeight = 1  # the statistics and their notes on one A4 page


def _plan_sheet(ws: Worksheet, analysis: Analysis, pid: str, t: Texts) -> None:
    _header(ws, PLAN_HEADER_ROW, [t(f"dialog.plan.{f}") for f in PLAN_FIELDS])
    areas = [t(f"dialog.areas.{code}") for code in CODES["area"]]
    statuses = [t(f"dialog.statuses.{code}") for code in CODES["status"]]
    area_dv = _list_validation(areas, t, t("dialog.plan.area_prompt"))
    status_dv = _list_validation(statuses, t, t("dialog.plan.status_prompt"))
    due_dv = _date_validation(t)
    for dv in (area_dv, status_dv, due_dv):
        ws.add_data_validation(dv)
    first = PLAN_HEADER_ROW + 1
    r = PLAN_HEADER_ROW
    for parameter, area in PLAN_PARAMETERS:
        r += 1
        set_text(ws.cell(row=r, column=1), t(f"dialog.areas.{area}"))
        set_text(ws.cell(row=r, column=2), finding(analysis, pid, parameter, t.lang))
    last = r + SPARE_PLAN_ROWS
    for row in range(first, last + 1):
        for col in range(1, 7):
            cell = ws.cell(row=row, column=col)
            cell.alignment = _WRAP_TOP
            cell.border = Border(bottom=_THIN)
        ws.cell(row=row, column=5).number_format = DATE_FORMAT
    area_dv.add(f"A{first}:A{last}")
    status_dv.add(f"F{first}:F{last}")
    due_dv.add(f"E{first}:E{last}")
    widths = [16, 48, 44, 20, 14, 15]
    _widths(ws, widths)
    for row in range(first, last + 1):
        _fit_height(ws, row, widths, minimum=2)
    ws.freeze_panes = "A2"
    _print_setup(ws)


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


def _checklist_sheet(ws: Worksheet, analysis: Analysis, pid: str, t: Texts) -> None:
    visit = ws[CELL_VISIT_DATE]
    label = set_text(
        ws.cell(row=visit.row, column=visit.column - 1), t("dialog.checklist.visit_date")
    )
    label.font = _BOLD
    visit.number_format = DATE_FORMAT
    visit.fill = PatternFill("solid", fgColor="FFF7D6")
    visit.border = Border(bottom=_THIN, top=_THIN, left=_THIN, right=_THIN)
    set_text(ws["A2"], t("dialog.checklist.hint")).font = _NOTE
    as_of = format_date(analysis.as_of)
    _header(
        ws,
        CHECKLIST_HEADER_ROW,
        [t(f"dialog.checklist.{f}") for f in CHECKLIST_FIELDS]
        + [t("dialog.checklist.state", as_of=as_of)],
    )

    state: dict[str, pd.Series] = {}
    if analysis.checklist is not None:
        mine = analysis.checklist[analysis.checklist["provider_id"] == pid]
        state = {str(r["requirement"]): r for _, r in mine.iterrows()}
    requirements = list(dict.fromkeys([*analysis.dataset.config.requirements, *state]))

    yes_no = _list_validation([t("dialog.yes"), t("dialog.no")], t, t("dialog.checklist.hint"))
    visit_dv = _date_validation(t)
    deadline_dv = _date_validation(t)
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
            cell.alignment = _WRAP_TOP
            cell.border = Border(bottom=_THIN)
        ws.cell(row=row, column=2).alignment = Alignment(horizontal="center", vertical="top")
        ws.cell(row=row, column=3).number_format = DATE_FORMAT
    yes_no.add(f"B{first}:B{last}")
    deadline_dv.add(f"C{first}:C{last}")
    widths = [52, 11, 16, 40, 34]
    _widths(ws, widths)
    for row in range(first, last + 1):
        _fit_height(ws, row, widths)
    ws.freeze_panes = ws.cell(row=first, column=1)
    _print_setup(ws)


def build_workbook(analysis: Analysis, provider_id: str, lang: str = "sv") -> Workbook:
    """The dialog template of one expert: sheets Statistik, Utvecklingsplan and Checklista."""
    model(analysis, provider_id, lang)  # refuses an id that is not an expert of the analysis
    t = texts(lang)
    wb = Workbook()
    stats = wb.active
    stats.title = t("dialog.sheet_statistics")
    _statistics_sheet(stats, analysis, provider_id, t)
    _plan_sheet(wb.create_sheet(t("dialog.sheet_plan")), analysis, provider_id, t)
    _checklist_sheet(wb.create_sheet(t("dialog.sheet_checklist")), analysis, provider_id, t)
    wb.properties.title = t("dialog.title", name=provider_name(analysis, provider_id))
    wb.properties.creator = "so-analysis"
    return wb
