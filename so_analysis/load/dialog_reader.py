"""Reading a returned dialog template (*dialogmall*) back as rows of the plans and checklist tables.

`read_dialog_workbook` validates every cell like any other input and names file, sheet and cell
in every fault; `read_dialog_folder` reads `DATA/dialogmallar/`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.core.periods import PeriodError, parse_period
from so_analysis.core.slugs import slugify, unique_slugs
from so_analysis.core.texts import LANGUAGES, Texts, texts
from so_analysis.load.dialog_layout import (
    CELL_PERIOD,
    CELL_PROVIDER_ID,
    CELL_VISIT_DATE,
    CHECKLIST_COLUMNS,
    CHECKLIST_FIELDS,
    CHECKLIST_HEADER_ROW,
    PLAN_COLUMNS,
    PLAN_FIELDS,
    PLAN_HEADER_ROW,
)
from so_analysis.load.tables import CODES, code_lookup, normalize_key
from so_analysis.load.template_sheets import read_template

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")


class _Bad:
    """Marker for a value that could not be parsed (the fault is already recorded)."""


_BAD = _Bad()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _parse_date(value: Any) -> pd.Timestamp | _Bad | None:
    """A real Excel date or ISO text -> Timestamp; empty -> None; anything else -> _BAD."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return pd.Timestamp(value).normalize()
    if isinstance(value, date):
        return pd.Timestamp(value)
    if isinstance(value, str):
        m = _ISO_DATE.match(value.strip())
        if m:
            try:
                return pd.Timestamp(date.fromisoformat(m[1]))
            except ValueError:
                return _BAD
    return _BAD


def _label_lookup(section: str, codes: str) -> dict[str, str]:
    """Normalized spelling -> code: the code list's spellings plus the template's labels."""
    lookup = code_lookup(codes)
    for lang in LANGUAGES:
        for code, label in texts(lang).section("dialog")[section].items():
            lookup.setdefault(normalize_key(label), code)
    return lookup


def _template_language(sheetnames: list[str]) -> str:
    """The language whose sheet names the workbook has most of (Swedish on a tie)."""
    best, score = "sv", -1
    for lang in LANGUAGES:
        t = texts(lang)
        names = {t(f"dialog.sheet_{s}") for s in ("statistics", "plan", "checklist")}
        hits = len(names & set(sheetnames))
        if hits > score:
            best, score = lang, hits
    return best


@dataclass
class _Reader:
    label: str
    t: Texts
    faults: list[InputFault]

    def fault(
        self,
        expected: str,
        sheet: str | None = None,
        cell: str | None = None,
        column: str | None = None,
        value: Any = None,
        row: int | None = None,
    ) -> None:
        self.faults.append(
            InputFault(
                file=self.label,
                expected=expected,
                row=row,
                column=column,
                value=None if value is None else _shown(value),
                sheet=sheet,
                cell=cell,
            )
        )

    def sheet(self, wb, key: str):
        name = self.t(f"dialog.sheet_{key}")
        if name in wb.sheetnames:
            return wb[name]
        self.fault(
            self.t("dialog.faults.sheet_missing", sheet=name),
            sheet=name,
            value=", ".join(wb.sheetnames),
        )
        return None

    def header_ok(self, ws, row: int, expected: list[str]) -> bool:
        ok = True
        for col, want in enumerate(expected, start=1):
            cell = ws.cell(row=row, column=col)
            if normalize_key(cell.value if cell.value is not None else "") != normalize_key(want):
                ok = False
                self.fault(
                    self.t("dialog.faults.header", header=want),
                    sheet=ws.title,
                    cell=cell.coordinate,
                    column=want,
                    value="" if cell.value is None else cell.value,
                    row=row,
                )
        return ok

    def date(self, ws, cell, column: str) -> pd.Timestamp | None | _Bad:
        parsed = _parse_date(cell.value)
        if parsed is _BAD:
            self.fault(
                self.t("dialog.faults.date"),
                sheet=ws.title,
                cell=cell.coordinate,
                column=column,
                value=cell.value,
                row=cell.row,
            )
        return parsed

    def code(
        self, ws, cell, column: str, lookup: dict[str, str], expected: str
    ) -> str | None | _Bad:
        if _blank(cell.value):
            return None
        code = lookup.get(normalize_key(cell.value))
        if code is None:
            self.fault(
                expected,
                sheet=ws.title,
                cell=cell.coordinate,
                column=column,
                value=cell.value,
                row=cell.row,
            )
            return _BAD
        return code


def _names_for(pid: str, providers: pd.DataFrame) -> set[str]:
    """The file name stems that belong to an expert: its id, its slug and its unique slug."""
    names = [str(n) for n in providers["name"]]
    ids = [str(p) for p in providers["provider_id"]]
    stems = {pid.casefold()}
    for other, name, unique in zip(ids, names, unique_slugs(names), strict=True):
        if other == pid:
            stems |= {slugify(name), unique}
    return stems


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def _plans_frame(records: list[dict]) -> pd.DataFrame:
    if not records:
        frame = _empty(PLAN_COLUMNS)
    else:
        frame = pd.DataFrame.from_records(records, columns=list(PLAN_COLUMNS))
    return _plans_frame_types(frame)


def _checklist_frame(records: list[dict]) -> pd.DataFrame:
    if not records:
        frame = _empty(CHECKLIST_COLUMNS)
    else:
        frame = pd.DataFrame.from_records(records, columns=list(CHECKLIST_COLUMNS))
    return _checklist_frame_types(frame)


def read_dialog_workbook(
    path: Path, label: str, providers: pd.DataFrame, data: bytes | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, list[InputFault]]:
    """Read a filled-in dialog template as (plan rows, checklist rows, faults).

    Plan rows have the PLANS columns plus `_row`; checklist rows the CHECKLIST columns plus
    `_row`. Rows with nothing filled in but the pre-filled area and finding are skipped. Every
    fault names `label`, the sheet and the cell; all of them are collected. The file is read
    within bounds and in linear time (`template_sheets`).
    """
    path = Path(path)
    wb, faults = read_template(path.read_bytes() if data is None else data, label)
    if wb is None:
        return _plans_frame([]), _checklist_frame([]), faults
    t = texts(_template_language(wb.sheetnames))
    reader = _Reader(label, t, faults)
    known = {str(p) for p in providers["provider_id"]}
    stem = path.stem

    # ---- who and when: the statistics sheet
    pid: str | None = None
    period: str | None = None
    stats = reader.sheet(wb, "statistics")
    if stats is not None:
        id_cell, period_cell = stats[CELL_PROVIDER_ID], stats[CELL_PERIOD]
        id_header = t("dialog.provider_id")
        pid = _text(id_cell.value)
        if pid is None:
            reader.fault(
                t("dialog.faults.provider_missing"),
                sheet=stats.title,
                cell=CELL_PROVIDER_ID,
                column=id_header,
                value="",
                row=id_cell.row,
            )
        elif pid not in known:
            reader.fault(
                t("dialog.faults.provider_unknown"),
                sheet=stats.title,
                cell=CELL_PROVIDER_ID,
                column=id_header,
                value=pid,
                row=id_cell.row,
            )
            pid = None
        elif stem.casefold() not in _names_for(pid, providers) and stem != pid:
            stems = sorted(_names_for(pid, providers))
            reader.fault(
                t("dialog.faults.file_name", names=", ".join(f"{s}.xlsx" for s in stems)),
                sheet=stats.title,
                cell=CELL_PROVIDER_ID,
                column=id_header,
                value=pid,
                row=id_cell.row,
            )
        period = _text(period_cell.value)
        try:
            period = parse_period(period).label if period is not None else None
        except PeriodError:
            period = None
        if period is None:
            reader.fault(
                t("dialog.faults.period"),
                sheet=stats.title,
                cell=CELL_PERIOD,
                column=t("dialog.period"),
                value="" if period_cell.value is None else period_cell.value,
                row=period_cell.row,
            )
    else:
        # without the statistics sheet, the file name may still tell the expert
        for candidate in known:
            if stem == candidate or stem.casefold() in _names_for(candidate, providers):
                pid = candidate
                break

    plans = _read_plans(wb, reader, pid, period)
    checklist = _read_checklist(wb, reader, pid)
    return plans, checklist, faults


def _read_plans(wb, reader: _Reader, pid: str | None, period: str | None) -> pd.DataFrame:
    t = reader.t
    ws = reader.sheet(wb, "plan")
    if ws is None:
        return _plans_frame([])
    headers = [t(f"dialog.plan.{f}") for f in PLAN_FIELDS]
    if not reader.header_ok(ws, PLAN_HEADER_ROW, headers):
        return _plans_frame([])
    areas = _label_lookup("areas", "area")
    statuses = _label_lookup("statuses", "status")
    area_choices = ", ".join(t(f"dialog.areas.{c}") for c in CODES["area"])
    status_choices = ", ".join(t(f"dialog.statuses.{c}") for c in CODES["status"])
    col = dict(zip(PLAN_FIELDS, headers, strict=True))
    records = []
    for r in range(PLAN_HEADER_ROW + 1, ws.max_row + 1):
        cells = {f: ws.cell(row=r, column=i) for i, f in enumerate(PLAN_FIELDS, start=1)}
        if all(_blank(cells[f].value) for f in ("action", "responsible", "due", "status")):
            continue  # only the pre-filled area and finding (or nothing): not used
        bad = False
        action = _text(cells["action"].value)
        if action is None:
            reader.fault(
                t("dialog.faults.action"),
                sheet=ws.title,
                cell=cells["action"].coordinate,
                column=col["action"],
                value="",
                row=r,
            )
            bad = True
        area = reader.code(
            ws, cells["area"], col["area"], areas, t("dialog.faults.area", choices=area_choices)
        )
        if area is None:
            reader.fault(
                t("dialog.faults.area", choices=area_choices),
                sheet=ws.title,
                cell=cells["area"].coordinate,
                column=col["area"],
                value="",
                row=r,
            )
        status = reader.code(
            ws,
            cells["status"],
            col["status"],
            statuses,
            t("dialog.faults.status", choices=status_choices),
        )
        due = reader.date(ws, cells["due"], col["due"])
        if bad or area is None or _BAD in (area, status, due) or pid is None or period is None:
            continue
        records.append(
            {
                "provider_id": pid,
                "period": period,
                "area": area,
                "finding": _text(cells["finding"].value),
                "action": action,
                "responsible": _text(cells["responsible"].value),
                "due": due,
                "status": status,
                "follow_up": None,
                "_row": r,
            }
        )
    return _plans_frame(records)


def _read_checklist(wb, reader: _Reader, pid: str | None) -> pd.DataFrame:
    t = reader.t
    ws = reader.sheet(wb, "checklist")
    if ws is None:
        return _checklist_frame([])
    visit_label = t("dialog.checklist.visit_date")
    label_cell = ws.cell(row=1, column=1)
    if normalize_key(label_cell.value or "") != normalize_key(visit_label):
        reader.fault(
            t("dialog.faults.header", header=visit_label),
            sheet=ws.title,
            cell=label_cell.coordinate,
            column=visit_label,
            value="" if label_cell.value is None else label_cell.value,
            row=1,
        )
        return _checklist_frame([])
    headers = [t(f"dialog.checklist.{f}") for f in CHECKLIST_FIELDS]
    if not reader.header_ok(ws, CHECKLIST_HEADER_ROW, headers):
        return _checklist_frame([])
    col = dict(zip(CHECKLIST_FIELDS, headers, strict=True))
    visit = reader.date(ws, ws[CELL_VISIT_DATE], visit_label)
    yes_no = code_lookup("bool")
    records = []
    missing_visit = False
    for r in range(CHECKLIST_HEADER_ROW + 1, ws.max_row + 1):
        cells = {f: ws.cell(row=r, column=i) for i, f in enumerate(CHECKLIST_FIELDS, start=1)}
        if all(_blank(cells[f].value) for f in ("fulfilled", "deadline", "comment")):
            continue  # the requirement (pre-filled) alone: not answered
        requirement = _text(cells["requirement"].value)
        if requirement is None:
            reader.fault(
                t("dialog.faults.requirement"),
                sheet=ws.title,
                cell=cells["requirement"].coordinate,
                column=col["requirement"],
                value="",
                row=r,
            )
        if _blank(cells["fulfilled"].value):
            fulfilled: str | None | _Bad = _BAD
            reader.fault(
                t("dialog.faults.fulfilled"),
                sheet=ws.title,
                cell=cells["fulfilled"].coordinate,
                column=col["fulfilled"],
                value="",
                row=r,
            )
        else:
            fulfilled = reader.code(
                ws, cells["fulfilled"], col["fulfilled"], yes_no, t("dialog.faults.fulfilled")
            )
        deadline = reader.date(ws, cells["deadline"], col["deadline"])
        if visit is None and not missing_visit:
            missing_visit = True
            reader.fault(
                t("dialog.faults.visit_date"),
                sheet=ws.title,
                cell=CELL_VISIT_DATE,
                column=visit_label,
                value="",
                row=1,
            )
        if requirement is None or _BAD in (fulfilled, deadline, visit) or visit is None:
            continue
        if pid is None:
            continue
        records.append(
            {
                "provider_id": pid,
                "requirement": requirement,
                "fulfilled": fulfilled == "true",
                "visit_date": visit,
                "deadline": deadline,
                "remedied": pd.NaT,
                "comment": _text(cells["comment"].value),
                "_row": r,
            }
        )
    return _checklist_frame(records)


def read_dialog_folder(
    folder: Path, data_dir: Path, providers: pd.DataFrame
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, list[InputFault], list[tuple[str, str]]]:
    """Read every filled-in template `*.xlsx` in `folder` (normally `DATA/dialogmallar/`).

    Returns (plan rows, checklist rows, faults, [(path relative to `data_dir`, sha256)]); the
    frames are None when the folder holds no template, and name each row's file in `_file`. Excel's `~$` lock files are skipped.
    """
    folder, data_dir = Path(folder), Path(data_dir)
    if not folder.is_dir():
        return None, None, [], []
    files = sorted(p for p in folder.glob("*.xlsx") if p.is_file() and not p.name.startswith("~$"))
    if not files:
        return None, None, [], []
    plans, checklists, faults, sources = [], [], [], []
    for path in files:
        try:
            label = path.relative_to(data_dir).as_posix()
        except ValueError:
            label = f"{folder.name}/{path.name}"
        data = path.read_bytes()
        sources.append((label, hashlib.sha256(data).hexdigest()))
        p, c, f = read_dialog_workbook(path, label, providers, data)
        plans.append(p.assign(_file=label))
        checklists.append(c.assign(_file=label))
        faults += f
    plan_frame = pd.concat(plans, ignore_index=True) if plans else _plans_frame([])
    checklist_frame = (
        pd.concat(checklists, ignore_index=True) if checklists else _checklist_frame([])
    )
    return _plans_frame_types(plan_frame), _checklist_frame_types(checklist_frame), faults, sources


def _plans_frame_types(frame: pd.DataFrame) -> pd.DataFrame:
    frame["due"] = pd.to_datetime(frame["due"]).astype("datetime64[ns]")
    frame["_row"] = frame["_row"].astype("int64")
    return frame


def _checklist_frame_types(frame: pd.DataFrame) -> pd.DataFrame:
    for col in ("visit_date", "deadline", "remedied"):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    frame["fulfilled"] = frame["fulfilled"].astype(bool)
    frame["_row"] = frame["_row"].astype("int64")
    return frame
