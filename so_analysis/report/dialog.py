"""The dialog template (*dialogmall*) each expert gets before the visit, and reading it back.

Before a visit the municipality sends every expert its statistics and a checklist; at the visit
a development plan (*utvecklingsplan*) is agreed per parameter. `build_workbook` makes one Excel
workbook per expert with three sheets:

- Statistik: the expert, the period and a table of the expert's figures against the targets,
  the experts' mean and the figure over all participants (suppressed below `min_n`);
- Utvecklingsplan: one row per parameter with the finding pre-filled from the figures, the
  action, responsible, due date and status left to fill in, drop-down lists for area and status;
- Checklista: the visit date and one row per authorization requirement, ja/nej to fill in.

`statistics_html` is the same statistics as a self-contained HTML page for e-mail.
Reading a returned template back is `so_analysis.load.dialog_reader`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from so_analysis.core.texts import Texts, texts
from so_analysis.load.dialog_layout import (
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
from so_analysis.measure.indicators import ALL, MEAN
from so_analysis.measure.suppression import FIGURE_BASIS, OK, TOO_FEW
from so_analysis.report.formatting import format_date, format_number, format_percent, is_missing

DAYS, SHARE, RATE, COUNT, SCORE = "days", "share", "rate", "count", "score"
EXCEL_FORMATS = {
    "sv": {DAYS: "0.0", SCORE: "0.0", SHARE: "0 %", RATE: "0.0 %", COUNT: "0"},
    "en": {DAYS: "0.0", SCORE: "0.0", SHARE: "0%", RATE: "0.0%", COUNT: "0"},
}
DATE_FORMAT = "yyyy-mm-dd"

# (figure column, kind, parameter whose target and verdict the row carries)
_Row = tuple[str, str, str | None]
STATISTICS_ROWS: tuple[tuple[str, tuple[_Row, ...]], ...] = (
    (
        "lead_time",
        (
            ("lead_time_mean_days", DAYS, "lead_time"),
            ("lead_time_median_days", DAYS, None),
            ("lead_time_within_target_share", SHARE, None),
            ("lead_time_n", COUNT, None),
            ("n_waiting", COUNT, None),
            ("waiting_mean_days", DAYS, None),
        ),
    ),
    (
        "duration",
        (
            ("duration_mean_days", DAYS, "duration"),
            ("duration_median_days", DAYS, None),
            ("duration_within_target_share", SHARE, None),
            ("duration_n", COUNT, None),
        ),
    ),
    (
        "dropouts",
        (
            ("dropout_rate", RATE, "dropouts"),
            ("n_dropouts", COUNT, None),
            ("dropout_base_n", COUNT, None),
            ("dropouts_positive", COUNT, None),
            ("dropouts_negative", COUNT, None),
        ),
    ),
    (
        "satisfaction",
        (
            ("satisfaction_mean", SCORE, "satisfaction"),
            ("satisfaction_n", COUNT, None),
            ("response_rate", SHARE, None),
        ),
    ),
    (
        "authorization",
        (
            ("open_deficiencies", COUNT, None),
            ("overdue_deficiencies", COUNT, "authorization"),
        ),
    ),
)
# Figures outside FIGURE_BASIS that rest on a count of their own.
_EXTRA_BASIS = {"waiting_mean_days": "n_waiting"}
# The figure each parameter's verdict is made on.
_PARAMETER_FIGURE = {
    "lead_time": "lead_time_mean_days",
    "duration": "duration_mean_days",
    "dropouts": "dropout_rate",
    "satisfaction": "satisfaction_mean",
    "authorization": "overdue_deficiencies",
}

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")
_GROUP_FILL = PatternFill("solid", fgColor="F2F5F8")
_THIN = Side(style="thin", color="C9D1DA")
_HEADER_BORDER = Border(bottom=Side(style="medium", color="1B1F24"))
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------- the figures, shared by both


@dataclass(frozen=True)
class _Cell:
    """One figure: its number (None when shown as text) and the text a reader sees."""

    number: float | int | None
    text: str
    kind: str


@dataclass(frozen=True)
class _StatRow:
    label: str
    group: bool = False
    expert: _Cell | None = None
    mean: _Cell | None = None
    total: _Cell | None = None
    target: str = ""
    met: str = ""


def _round(x: float, decimals: int) -> float:
    # the formatting module rounds half away from zero on the decimal text; reuse it exactly
    return float(format_number(x, decimals, "en").replace(",", ""))


def _status(analysis: Analysis, pid: str, column: str) -> str:
    """'ok', 'too_few' or why the figure is empty, for any statistics row."""
    row = analysis.indicators.set_index("provider_id").loc[pid]
    if column in FIGURE_BASIS and column in analysis.status.columns:
        return str(analysis.status.loc[pid, column])
    if is_missing(row[column]):
        return "missing"
    basis = _EXTRA_BASIS.get(column)
    if (
        basis is not None
        and not is_missing(row[basis])
        and row[basis] < analysis.dataset.config.min_n
    ):
        return TOO_FEW
    return OK


def _cell(analysis: Analysis, pid: str, column: str, kind: str, t: Texts) -> _Cell:
    value = analysis.indicators.set_index("provider_id").loc[pid, column]
    status = _status(analysis, pid, column)
    if status == TOO_FEW:
        return _Cell(None, t("dialog.too_few", min_n=analysis.dataset.config.min_n), kind)
    if status != OK or is_missing(value):
        return _Cell(None, t("dialog.missing"), kind)
    lang = t.lang
    if kind == SHARE:
        return _Cell(_round(float(value), 2), format_percent(value, 0, lang), kind)
    if kind == RATE:
        return _Cell(_round(float(value), 3), format_percent(value, 1, lang), kind)
    if kind == COUNT:
        return _Cell(int(round(float(value))), format_number(value, 0, lang), kind)
    return _Cell(_round(float(value), 1), format_number(value, 1, lang), kind)


def _short(x: float, lang: str) -> str:
    """A figure in prose: '43' for a whole number, '30,5' otherwise (one decimal)."""
    rounded = _round(float(x), 1)
    return format_number(rounded, 0 if rounded == int(rounded) else 1, lang)


def _target_text(analysis: Analysis, parameter: str, t: Texts) -> str:
    targets, lang = analysis.dataset.config.targets, t.lang
    if parameter == "lead_time":
        return t("dialog.targets.lead_time", max=_short(targets.lead_time_max_days, lang))
    if parameter == "duration":
        return t(
            "dialog.targets.duration",
            min=_short(targets.duration_min_days, lang),
            max=_short(targets.duration_max_days, lang),
        )
    if parameter == "dropouts":
        return t("dialog.targets.dropouts", max=format_percent(targets.dropout_rate_max, 0, lang))
    if parameter == "satisfaction":
        return t(
            "dialog.targets.satisfaction", min=format_number(targets.satisfaction_min, 1, lang)
        )
    return t("dialog.targets.authorization")


def _verdict(analysis: Analysis, pid: str, parameter: str, t: Texts) -> str:
    """'ja' / 'nej' for the expert's publishable figure, '–' otherwise."""
    if _status(analysis, pid, _PARAMETER_FIGURE[parameter]) != OK:
        return t("dialog.missing")
    verdict = analysis.assessment.loc[pid, parameter]
    if verdict is None or is_missing(verdict):
        return t("dialog.missing")
    return t("dialog.yes") if bool(verdict) else t("dialog.no")


def _statistics_rows(analysis: Analysis, pid: str, t: Texts) -> list[_StatRow]:
    rows: list[_StatRow] = []
    for group, figures in STATISTICS_ROWS:
        rows.append(_StatRow(t(f"dialog.groups.{group}"), group=True))
        for column, kind, parameter in figures:
            rows.append(
                _StatRow(
                    label=t(f"dialog.rows.{column}"),
                    expert=_cell(analysis, pid, column, kind, t),
                    mean=_cell(analysis, MEAN, column, kind, t),
                    total=_cell(analysis, ALL, column, kind, t),
                    target=_target_text(analysis, parameter, t) if parameter else "",
                    met=_verdict(analysis, pid, parameter, t) if parameter else "",
                )
            )
    return rows


def finding(analysis: Analysis, provider_id: str, parameter: str, lang: str = "sv") -> str:
    """The pre-filled *iakttagelse* for one parameter: the figure against the target, or why not."""
    t = texts(lang)
    config = analysis.dataset.config
    targets = config.targets
    row = analysis.indicators.set_index("provider_id").loc[provider_id]
    if parameter == "authorization":
        if is_missing(row["open_deficiencies"]):
            return t("dialog.findings.no_checklist")
        open_, overdue = int(row["open_deficiencies"]), int(row["overdue_deficiencies"])
        if overdue > 0:
            return t("dialog.findings.authorization_missed", overdue=overdue, open=open_)
        if open_ > 0:
            return t("dialog.findings.authorization_open", open=open_)
        return t("dialog.findings.authorization_met")

    column = _PARAMETER_FIGURE[parameter]
    status = _status(analysis, provider_id, column)
    if status == TOO_FEW:
        return t("dialog.findings.too_few", min_n=config.min_n)
    if status != OK:
        key = status if status in ("no_starts", "no_completions", "no_endings", "no_survey") else ""
        return t(f"dialog.findings.{key}") if key else t("dialog.missing")
    verdict = analysis.assessment.loc[provider_id, parameter]
    outcome = (
        "met" if verdict is not None and not is_missing(verdict) and bool(verdict) else "missed"
    )
    value = row[column]
    if parameter == "lead_time":
        text = t(
            f"dialog.findings.lead_time_{outcome}",
            value=_short(value, lang),
            max=_short(targets.lead_time_max_days, lang),
        )
        waiting = row["n_waiting"]
        if not is_missing(waiting) and waiting > 0:
            text += t("dialog.findings.waiting", n=format_number(waiting, 0, lang))
        return text
    if parameter == "duration":
        return t(
            f"dialog.findings.duration_{outcome}",
            value=_short(value, lang),
            min=_short(targets.duration_min_days, lang),
            max=_short(targets.duration_max_days, lang),
        )
    if parameter == "dropouts":
        return t(
            f"dialog.findings.dropouts_{outcome}",
            rate=format_percent(value, 1, lang),
            n=format_number(row["n_dropouts"], 0, lang),
            base=format_number(row["dropout_base_n"], 0, lang),
            max=format_percent(targets.dropout_rate_max, 0, lang),
            positive=format_number(row["dropouts_positive"], 0, lang),
            negative=format_number(row["dropouts_negative"], 0, lang),
        )
    return t(
        f"dialog.findings.satisfaction_{outcome}",
        value=format_number(value, 1, lang),
        n=format_number(row["satisfaction_n"], 0, lang),
        min=format_number(targets.satisfaction_min, 1, lang),
    )


def _provider_name(analysis: Analysis, pid: str) -> str:
    return str(analysis.dataset.provider_names().get(pid, pid))


def _check_expert(analysis: Analysis, pid: str) -> None:
    if pid not in analysis.expert_ids:
        raise KeyError(f"{pid!r} is not an expert of this analysis")


# ---------------------------------------------------------------- the workbook


def _header(ws, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def _widths(ws, widths: list[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _fit_height(ws, row: int, widths: list[float], minimum: int = 1) -> None:
    """Give a row with wrapped text the height of its longest cell (not done on load)."""
    lines = minimum
    for col, width in enumerate(widths, start=1):
        value = ws.cell(row=row, column=col).value
        if isinstance(value, str) and value:
            per_line = max(int(width * 1.05) - 2, 8)
            lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in value.split("\n")))
    ws.row_dimensions[row].height = 15 * lines + 2


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


def _statistics_sheet(ws, analysis: Analysis, pid: str, t: Texts) -> None:
    config = analysis.dataset.config
    period = analysis.period
    ws["A1"] = t("dialog.title", name=_provider_name(analysis, pid))
    ws["A1"].font = _TITLE
    block = [
        ("dialog.provider_id", pid),  # B2: read back to identify the expert
        ("dialog.period", period.label),  # B3: read back as the plans' period
        ("dialog.expert", _provider_name(analysis, pid)),
        (
            "dialog.period_dates",
            t("dialog.period_range", start=format_date(period.start), end=format_date(period.end)),
        ),
        ("dialog.as_of", analysis.as_of),
        ("dialog.municipality", config.municipality),
    ]
    for i, (key, value) in enumerate(block, start=2):
        ws.cell(row=i, column=1, value=t(key)).font = _BOLD
        cell = ws.cell(row=i, column=2, value=value)
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    ws.cell(row=8, column=1, value=t("dialog.intro")).alignment = Alignment(
        wrap_text=True, vertical="top"
    )
    ws.merge_cells(start_row=8, start_column=1, end_row=8, end_column=6)
    ws.row_dimensions[8].height = 48

    header = STATISTICS_HEADER_ROW
    _header(
        ws,
        header,
        [t(f"dialog.columns.{k}") for k in ("indicator", "value", "target", "met", "mean", "all")],
    )
    ws.row_dimensions[header].height = 32
    formats = EXCEL_FORMATS.get(t.lang, EXCEL_FORMATS["sv"])
    r = header
    for stat in _statistics_rows(analysis, pid, t):
        r += 1
        label = ws.cell(row=r, column=1, value=stat.label)
        if stat.group:
            label.font = _BOLD
            for col in range(1, 7):
                ws.cell(row=r, column=col).fill = _GROUP_FILL
            continue
        label.alignment = Alignment(indent=1, wrap_text=True)
        for col, figure in ((2, stat.expert), (5, stat.mean), (6, stat.total)):
            assert figure is not None
            cell = ws.cell(row=r, column=col)
            if figure.number is None:
                cell.value = figure.text
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.value = figure.number
                cell.number_format = formats[figure.kind]
        ws.cell(row=r, column=3, value=stat.target or None).alignment = Alignment(
            horizontal="center"
        )
        met = ws.cell(row=r, column=4, value=stat.met or None)
        met.alignment = Alignment(horizontal="center")
        for col in range(1, 7):
            ws.cell(row=r, column=col).border = Border(bottom=_THIN)
    notes = [
        t("dialog.note_too_few", min_n=config.min_n),
        t("dialog.note_missing"),
        t("dialog.note_mean"),
    ]
    for i, note in enumerate(notes, start=r + 2):
        ws.cell(row=i, column=1, value=note).font = Font(italic=True, size=9, color="5A6470")
    widths = [46, 22, 18, 11, 22, 20]
    _widths(ws, widths)
    ws.freeze_panes = ws.cell(row=header + 1, column=2)
    ws.sheet_view.zoomScale = 100
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _plan_sheet(ws, analysis: Analysis, pid: str, t: Texts) -> None:
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
        ws.cell(row=r, column=1, value=t(f"dialog.areas.{area}"))
        ws.cell(row=r, column=2, value=finding(analysis, pid, parameter, t.lang))
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
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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


def _checklist_sheet(ws, analysis: Analysis, pid: str, t: Texts) -> None:
    ws[CELL_VISIT_DATE.replace("B", "A")] = t("dialog.checklist.visit_date")
    ws["A1"].font = _BOLD
    ws[CELL_VISIT_DATE].number_format = DATE_FORMAT
    ws[CELL_VISIT_DATE].fill = PatternFill("solid", fgColor="FFF7D6")
    ws[CELL_VISIT_DATE].border = Border(bottom=_THIN, top=_THIN, left=_THIN, right=_THIN)
    ws["A2"] = t("dialog.checklist.hint")
    ws["A2"].font = Font(italic=True, size=9, color="5A6470")
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
        ws.cell(row=r, column=1, value=requirement)
        known = state.get(requirement)
        text = _state_text(known, t) if known is not None else t("dialog.checklist.state_none")
        ws.cell(row=r, column=5, value=text).font = Font(color="5A6470")
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
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def build_workbook(analysis: Analysis, provider_id: str, lang: str = "sv") -> Workbook:
    """The dialog template of one expert: sheets Statistik, Utvecklingsplan and Checklista."""
    _check_expert(analysis, provider_id)
    t = texts(lang)
    wb = Workbook()
    stats = wb.active
    stats.title = t("dialog.sheet_statistics")
    _statistics_sheet(stats, analysis, provider_id, t)
    _plan_sheet(wb.create_sheet(t("dialog.sheet_plan")), analysis, provider_id, t)
    _checklist_sheet(wb.create_sheet(t("dialog.sheet_checklist")), analysis, provider_id, t)
    wb.properties.title = t("dialog.title", name=_provider_name(analysis, provider_id))
    wb.properties.creator = "so-analysis"
    return wb


# ---------------------------------------------------------------- the HTML page

_CSS = """
body { margin: 0 auto; max-width: 56rem; padding: 1.5rem 1.25rem 2.5rem;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: #1b1f24; line-height: 1.5; background: #fff; }
h1 { font-size: 1.6rem; color: #1f4e79; margin: .2rem 0 .6rem; line-height: 1.25; }
.kicker { text-transform: uppercase; letter-spacing: .06em; color: #5a6470; margin: 0;
  font-size: .85rem; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .15rem 1rem;
  margin: .5rem 0 1rem; }
dl.meta dt { font-weight: 600; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid #c9d1da; padding: .3rem .55rem; vertical-align: top;
  text-align: left; }
thead th { border-bottom: 2px solid #1b1f24; background: #f2f5f8; vertical-align: bottom; }
tbody th { font-weight: normal; padding-left: 1.1rem; }
tr.group th { font-weight: 600; background: #f2f5f8; padding-left: .55rem; color: #1f4e79; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.met { text-align: center; }
.yes { color: #1e6b34; font-weight: 600; } .no { color: #a1260d; font-weight: 600; }
.notes { font-size: .85rem; color: #5a6470; } .notes p { margin: .2rem 0; }
footer { margin-top: 2rem; border-top: 1px solid #c9d1da; padding-top: .4rem; color: #5a6470;
  font-size: .85rem; }
@media print { @page { size: A4; margin: 16mm; } body { max-width: none; padding: 0; }
  table, tr { break-inside: avoid; } thead { display: table-header-group; } }
"""


def statistics_html(analysis: Analysis, provider_id: str, lang: str = "sv") -> str:
    """The statistics sheet as a self-contained HTML page (no script, no external resource)."""
    _check_expert(analysis, provider_id)
    t = texts(lang)
    e = html.escape
    name = _provider_name(analysis, provider_id)
    period = analysis.period
    config = analysis.dataset.config
    meta = [
        (t("dialog.expert"), name),
        (t("dialog.provider_id"), provider_id),
        (t("dialog.period"), period.label),
        (
            t("dialog.period_dates"),
            t("dialog.period_range", start=format_date(period.start), end=format_date(period.end)),
        ),
        (t("dialog.as_of"), format_date(analysis.as_of)),
        (t("dialog.municipality"), config.municipality),
    ]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(t.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t('dialog.title', name=name))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f'<p class="kicker">{e(t("dialog.kicker"))}</p>',
        f"<h1>{e(t('dialog.title', name=name))}</h1>",
        '<dl class="meta">',
        *[f"<dt>{e(k)}</dt><dd>{e(str(v))}</dd>" for k, v in meta],
        "</dl>",
        f"<p>{e(t('dialog.html_intro'))}</p>",
        "<table>",
        "<thead><tr>",
        *[
            f'<th scope="col">{e(t(f"dialog.columns.{k}"))}</th>'
            for k in ("indicator", "value", "target", "met", "mean", "all")
        ],
        "</tr></thead>",
        "<tbody>",
    ]
    yes, no = t("dialog.yes"), t("dialog.no")
    for stat in _statistics_rows(analysis, provider_id, t):
        if stat.group:
            out.append(
                f'<tr class="group"><th scope="rowgroup" colspan="6">{e(stat.label)}</th></tr>'
            )
            continue
        assert stat.expert and stat.mean and stat.total
        met_class = {yes: ' class="yes"', no: ' class="no"'}.get(stat.met, "")
        out.append(
            "<tr>"
            f'<th scope="row">{e(stat.label)}</th>'
            f'<td class="num">{e(stat.expert.text)}</td>'
            f"<td>{e(stat.target)}</td>"
            f'<td class="met"><span{met_class}>{e(stat.met)}</span></td>'
            f'<td class="num">{e(stat.mean.text)}</td>'
            f'<td class="num">{e(stat.total.text)}</td>'
            "</tr>"
        )
    out += [
        "</tbody>",
        "</table>",
        '<div class="notes">',
        f"<p>{e(t('dialog.note_too_few', min_n=config.min_n))}</p>",
        f"<p>{e(t('dialog.note_missing'))}</p>",
        f"<p>{e(t('dialog.note_mean'))}</p>",
        "</div>",
        "</main>",
        f"<footer>{e(t('dialog.footer', as_of=format_date(analysis.as_of)))}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def write_dialog_templates(analysis: Analysis, out_dir: Path, lang: str = "sv") -> list[Path]:
    """Write `<slug>.xlsx` and `<slug>.html` per expert into `out_dir`; return the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for pid, slug in analysis.slugs.items():
        xlsx = out_dir / f"{slug}.xlsx"
        build_workbook(analysis, pid, lang).save(xlsx)
        page = out_dir / f"{slug}.html"
        page.write_text(statistics_html(analysis, pid, lang), encoding="utf-8")
        written += [xlsx, page]
    return written
