"""How the dialog template's sheets look: fonts, fills, header rows, widths, lists, print set-up."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from so_analysis.core.texts import Texts
from so_analysis.load.dialog.layout import MIN_DATE_SERIAL
from so_analysis.measure.figures import COUNT, DAYS, HOURS, RATE, SCORE, SHARE
from so_analysis.report.xlsx import set_text

EXCEL_FORMATS = {
    "sv": {DAYS: "0.0", HOURS: "0.0", SCORE: "0.0", SHARE: "0 %", RATE: "0.0 %", COUNT: "0"},
    "en": {DAYS: "0.0", HOURS: "0.0", SCORE: "0.0", SHARE: "0%", RATE: "0.0%", COUNT: "0"},
}
DATE_FORMAT = "yyyy-mm-dd"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
NOTE = Font(italic=True, size=9, color="5A6470")
PRIVATE = Font(italic=True, color="5A6470")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
GROUP_FILL = PatternFill("solid", fgColor="F2F5F8")
THIN = Side(style="thin", color="C9D1DA")
HEADER_BORDER = Border(bottom=Side(style="medium", color="1B1F24"))
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = set_text(ws.cell(row=row, column=col), label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def fit_height(ws: Worksheet, row: int, widths: Sequence[float], minimum: int = 1) -> None:
    """Give a row with wrapped text the height of its longest cell (not done on load)."""
    lines = minimum
    for col, width in enumerate(widths, start=1):
        value = ws.cell(row=row, column=col).value
        if isinstance(value, str) and value:
            per_line = max(int(width * 1.05) - 2, 8)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    ws.row_dimensions[row].height = 15 * lines + 2


def print_setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def list_validation(values: list[str], t: Texts, prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.showErrorMessage = True
    dv.errorTitle = t("dialog.plan.error_title")
    dv.error = t("dialog.plan.list_error")
    dv.showInputMessage = True
    dv.prompt = prompt
    return dv


def date_validation(t: Texts) -> DataValidation:
    dv = DataValidation(
        type="date", operator="greaterThanOrEqual", formula1=str(MIN_DATE_SERIAL), allow_blank=True
    )
    dv.showErrorMessage = True
    dv.errorTitle = t("dialog.plan.error_title")
    dv.error = t("dialog.plan.date_error")
    dv.showInputMessage = True
    dv.prompt = t("dialog.plan.due_prompt")
    return dv
