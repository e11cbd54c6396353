"""Reading the cells of a returned dialog template: values, dates, codes and located faults.

Shared by the reader of each sheet (`dialog_reader`, `dialog_notes`). Every fault names the file,
the sheet and the cell (A1), the column's header and the value found.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.core.texts import LANGUAGES, Texts, texts
from so_analysis.load.tables import CODES, code_lookup, normalize_key

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")

# Where each sheet's name is found in the texts.
SHEET_TEXT = {
    "instructions": "template.sheet_instructions",
    "statistics": "dialog.sheet_statistics",
    "dialog": "template.sheet_dialog",
    "plan": "dialog.sheet_plan",
    "follow_up": "template.sheet_follow_up",
    "checklist": "dialog.sheet_checklist",
}


class Bad:
    """Marker for a value that could not be parsed (the fault is already recorded)."""


BAD = Bad()


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str | None:
    """A cell's value as stripped text; None when empty."""
    if blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def note_text(value: Any) -> str | None:
    """Free text as written (line breaks kept, only the ends' blank space trimmed); None when empty."""
    if blank(value):
        return None
    if not isinstance(value, str):
        return text(value)
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def shown(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def parse_date(value: Any) -> pd.Timestamp | Bad | None:
    """A real Excel date or ISO text -> Timestamp; empty -> None; anything else -> BAD."""
    if blank(value):
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
                return BAD
    return BAD


def label_lookup(keys: dict[str, str], codes: str | None = None) -> dict[str, str]:
    """Normalized spelling -> code: a code list's spellings plus each language's labels.

    `keys` maps a code to the dotted text key of its label (`{"klar": "dialog.statuses.klar"}`).
    """
    lookup = code_lookup(codes) if codes is not None else {}
    for lang in LANGUAGES:
        t = texts(lang)
        for code, key in keys.items():
            lookup.setdefault(normalize_key(t(key)), code)
    return lookup


def template_language(sheetnames: list[str]) -> str:
    """The language whose sheet names the workbook has most of (Swedish on a tie)."""
    best, score = "sv", -1
    for lang in LANGUAGES:
        t = texts(lang)
        hits = len({t(key) for key in SHEET_TEXT.values()} & set(sheetnames))
        if hits > score:
            best, score = lang, hits
    return best


@dataclass
class Reader:
    """Reads cells of one template and records a located fault for each bad one."""

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
                value=None if value is None else shown(value),
                sheet=sheet,
                cell=cell,
            )
        )

    def at(self, ws, cell, expected: str, column: str, value: Any = None) -> None:
        """A fault at `cell` of `ws` (its value, or `value` when given)."""
        found = cell.value if value is None else value
        self.fault(
            expected,
            sheet=ws.title,
            cell=cell.coordinate,
            column=column,
            value="" if found is None else found,
            row=cell.row,
        )

    def sheet(self, wb, key: str):
        """The sheet `key` in the template's language, or None and a fault naming the sheets."""
        name = self.t(SHEET_TEXT[key])
        if name in wb.sheetnames:
            return wb[name]
        self.fault(
            self.t("dialog.faults.sheet_missing", sheet=name),
            sheet=name,
            value=", ".join(wb.sheetnames),
        )
        return None

    def columns(self, ws, row: int, prefix: str, fields: tuple[str, ...]) -> dict[str, str] | None:
        """Each field's column heading (the text `prefix.field` in the template's language), if
        row `row` of `ws` holds them in order; else None, with a fault per wrong heading."""
        headers = [self.t(f"{prefix}.{f}") for f in fields]
        if not self.header_ok(ws, row, headers):
            return None
        return dict(zip(fields, headers, strict=True))

    def header_ok(self, ws, row: int, expected: list[str]) -> bool:
        ok = True
        for col, want in enumerate(expected, start=1):
            cell = ws.cell(row=row, column=col)
            if normalize_key(cell.value if cell.value is not None else "") != normalize_key(want):
                ok = False
                self.at(ws, cell, self.t("dialog.faults.header", header=want), want)
        return ok

    def date(self, ws, cell, column: str) -> pd.Timestamp | None | Bad:
        parsed = parse_date(cell.value)
        if parsed is BAD:
            self.at(ws, cell, self.t("dialog.faults.date"), column)
        return parsed

    def code(
        self, ws, cell, column: str, lookup: dict[str, str], expected: str
    ) -> str | None | Bad:
        if blank(cell.value):
            return None
        code = lookup.get(normalize_key(cell.value))
        if code is None:
            self.at(ws, cell, expected, column)
            return BAD
        return code


def empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def frame(records: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    """Records as a frame with exactly `columns` (empty: typed object columns)."""
    if not records:
        return empty(columns)
    return pd.DataFrame.from_records(records, columns=list(columns))


@functools.cache
def _plan_codes(lang: str) -> tuple[dict[str, str], str, dict[str, str], str]:
    """A plan row's area and status: each lookup of spellings, and its fault text in `lang`."""
    t = texts(lang)
    areas = label_lookup({c: f"dialog.areas.{c}" for c in CODES["area"]}, "area")
    statuses = label_lookup({c: f"dialog.statuses.{c}" for c in CODES["status"]}, "status")
    area_choices = ", ".join(t(f"dialog.areas.{c}") for c in CODES["area"])
    status_choices = ", ".join(t(f"dialog.statuses.{c}") for c in CODES["status"])
    return (
        areas,
        t("dialog.faults.area", choices=area_choices),
        statuses,
        t("dialog.faults.status", choices=status_choices),
    )


def read_plan_item(
    reader: Reader,
    ws: Any,
    cells: dict[str, Any],
    col: dict[str, str],
    action: str | None,
    action_fault: str,
) -> tuple[str, Any, Any] | None:
    """The area, status and due date of a plan row whose action is `action`, every fault
    located (sheet and cell); None when the row cannot be used. Shared by the plan sheet and
    the follow-up sheet, which list plan items alike."""
    areas, area_expected, statuses, status_expected = _plan_codes(reader.t.lang)
    if action is None:
        reader.at(ws, cells["action"], action_fault, col["action"])
    area = reader.code(ws, cells["area"], col["area"], areas, area_expected)
    if area is None:
        reader.at(ws, cells["area"], area_expected, col["area"])
    status = reader.code(ws, cells["status"], col["status"], statuses, status_expected)
    due = reader.date(ws, cells["due"], col["due"])
    if action is None or area is None or isinstance(area, Bad) or BAD in (status, due):
        return None
    return area, status, due
