"""One table as read from a file, before conversion: headers as written, cells as text or values.

Both readers (`csv_reader`, `xlsx_reader`) produce a `RawTable`; the checks every cell of text
must pass, whatever the file type, live here too. A control character (NUL, ESC, DEL, C1 …;
tab and line breaks are text) is refused with its place rather than stripped: it means the
export is broken or the file is not what it seems, and silently changing the text could hide
that. A cell longer than `MAX_CELL_CHARS` is refused too (a swallowed file shows up as one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.core.texts import texts
from so_analysis.load.tables import Table

# A cell longer than this is refused: no field of the contract needs it, and a swallowed file
# (an unbalanced quote) shows up as one.
MAX_CELL_CHARS = 128 * 1024
# Control characters are refused: C0 except tab, line feed and carriage return; DEL; C1.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

T = texts("sv")


def column_letter(number: int) -> str:
    """Excel's name of a column: 1 -> 'A', 27 -> 'AA' (openpyxl not needed for a CSV)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class RawTable:
    """One table as read: headers as written and cells as text (CSV) or Excel values (XLSX)."""

    table: Table
    label: str  # file name relative to the data folder, 'data.xlsx [deltagare]' for a sheet
    path: str
    sheet: str | None  # the sheet named in `sources` (None for a CSV or a one-table workbook)
    sha256: str
    headers: list[str]
    cells: pd.DataFrame  # object columns 0..n-1, RangeIndex
    rows: np.ndarray  # the row number the analyst sees, per cell row
    text_only: bool  # True for CSV: every cell is a str
    faults: list[InputFault] = field(default_factory=list)
    usable: bool = True  # False when the cells cannot be trusted: conversion is skipped
    cell_sheet: str | None = None  # the worksheet, for A1 cell references (workbooks only)
    reported: set[tuple[int, int]] = field(default_factory=set)  # (row index, position) done

    def locate(self, fault: InputFault, positions: dict[str, int]) -> InputFault:
        """A workbook fault with a row and a header gets its sheet and A1 cell."""
        if self.text_only or fault.row is None or fault.cell is not None:
            return fault
        position = positions.get(fault.column) if fault.column is not None else None
        if position is None:
            return fault
        cell = f"{column_letter(position + 1)}{fault.row}"
        sheet = self.cell_sheet if self.sheet is None else None
        return replace(fault, cell=cell, sheet=sheet)

    def where(self, index: int, position: int) -> dict[str, Any]:
        """Location of one cell as keyword arguments of `InputFault`: row, and cell for Excel."""
        row = int(self.rows[index])
        if self.text_only:
            return {"row": row}
        cell = f"{column_letter(position + 1)}{row}"
        sheet = self.cell_sheet if self.sheet is None else None  # else the label names it
        return {"row": row, "cell": cell, "sheet": sheet}

    def header_of(self, position: int) -> str:
        if position < len(self.headers) and self.headers[position]:
            return self.headers[position]
        return T("load.unnamed_column", n=position + 1)


def empty_cells(width: int) -> pd.DataFrame:
    return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def text_faults(raw: RawTable, columns: list[int] | None = None) -> list[InputFault]:
    """Cells holding a control character or longer than MAX_CELL_CHARS, located.

    Vectorised per column; only text cells are looked at (a workbook's numbers and dates cannot
    hold either).
    """
    faults: list[InputFault] = []
    cells = raw.cells
    for position in cells.columns if columns is None else columns:
        values = cells[position]
        is_text = values.map(type).eq(str) if not raw.text_only else None
        text = values if is_text is None else values[is_text]
        if text.empty:
            continue
        text = text.astype(object)
        lengths = text.str.len()
        too_long = np.flatnonzero((lengths > MAX_CELL_CHARS).to_numpy())
        control = np.flatnonzero(text.str.contains(CONTROL, regex=True).to_numpy(dtype=bool))
        for i in too_long:
            index = int(text.index[i])
            faults.append(
                InputFault(
                    file=raw.label,
                    column=raw.header_of(position),
                    expected=T("load.cell_too_long", limit=MAX_CELL_CHARS, n=int(lengths.iat[i])),
                    **raw.where(index, position),
                )
            )
        for i in control:
            index = int(text.index[i])
            value = text.iat[i]
            match = CONTROL.search(value)
            assert match is not None
            faults.append(
                InputFault(
                    file=raw.label,
                    column=raw.header_of(position),
                    expected=T(
                        "load.control_character",
                        char=_char_name(match.group()),
                        position=match.start() + 1,
                    ),
                    **raw.where(index, position),
                )
            )
    return faults
