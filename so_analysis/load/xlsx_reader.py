"""Reading one table from an XLSX workbook with openpyxl in read-only mode.

The header is on row 1 and data rows are numbered as Excel shows them. Only visible sheets are
read. A formula cell is read by the value Excel saved with it; a formula with no saved value
(a file written by a program that does not compute formulas) is a fault naming sheet and cell,
since reading it as empty would silently change the figures.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.load.discovery import STEMS, Source, open_workbook, visible_sheets
from so_analysis.load.raw import RawTable, T, empty_cells, text_faults
from so_analysis.load.tables import normalize_key
from so_analysis.load.validation import display_value

# A formula element in a worksheet's XML (`<f>`, `<f t="shared" …/>`, with or without prefix).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _records_to_frame(records: list[list], width: int) -> pd.DataFrame:
    """Rows as object columns 0..n-1 (at least `width`); short rows are padded with None."""
    if not records:
        return empty_cells(width)
    width = max(width, max(map(len, records)))
    for record in records:
        if len(record) < width:
            record.extend([None] * (width - len(record)))
    return pd.DataFrame(records, dtype=object)


def formula_faults(data: bytes, raw: RawTable, worksheet_title: str) -> list[InputFault]:
    """Formula cells of the sheet that have no saved value, by A1 cell."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        worksheet = workbook[worksheet_title]
        worksheet.reset_dimensions()  # trust the cells, not the stated size
        with_values = {int(r): i for i, r in enumerate(raw.rows)}
        faults = []
        for row in worksheet.iter_rows(min_row=1, min_col=1):
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                number, position = cell.row, cell.column - 1
                index = with_values.get(number)
                if number == 1:
                    value = None if position >= len(raw.headers) else raw.headers[position] or None
                elif index is None or position >= raw.cells.shape[1]:
                    value = None
                else:
                    value = raw.cells.iat[index, position]
                if value is None:
                    if index is not None:
                        raw.reported.add((index, position))
                    faults.append(
                        InputFault(
                            file=raw.label,
                            expected=T("load.formula_without_value", formula=str(cell.value)),
                            row=number,
                            column=raw.header_of(position),
                            sheet=raw.cell_sheet if raw.sheet is None else None,
                            cell=cell.coordinate,
                        )
                    )
        return faults
    finally:
        workbook.close()


def _has_formulas(data: bytes, worksheet) -> bool:
    """Whether the sheet's XML holds a formula element at all (a cheap check on the bytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read(worksheet._worksheet_path)
    except (KeyError, AttributeError, zipfile.BadZipFile):
        return True  # cannot tell: look cell by cell
    return _FORMULA_TAG.search(xml) is not None


def read_workbook_table(source: Source, data: bytes) -> RawTable | InputFault:
    """One table of a workbook (its named sheet, or the matching or first visible sheet)."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        workbook = open_workbook(data)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one input fault
        return InputFault(source.label, T("load.unreadable_xlsx", error=type(exc).__name__))
    try:
        visible = visible_sheets(workbook)
        if source.sheet is not None:
            title = source.sheet
        else:
            matching = [s for s in visible if STEMS.get(normalize_key(s)) is source.table]
            if not matching and not visible:
                return InputFault(source.label, T("load.no_visible_sheet"))
            title = matching[0] if matching else visible[0]
        raw = _read_sheet(source, workbook[title], sha)
        if raw.usable and _has_formulas(data, workbook[title]):
            raw.faults += formula_faults(data, raw, title)
        return raw
    finally:
        workbook.close()


def _read_sheet(source: Source, worksheet, sha: str) -> RawTable:
    """A worksheet: header on row 1, data rows numbered as Excel shows them."""
    with contextlib.suppress(AttributeError):  # only read-only worksheets have it
        worksheet.reset_dimensions()  # trust the cells, not the size the file states
    header: list[str] = []
    records: list[list] = []
    rows: list[int] = []
    for number, values in enumerate(
        worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
    ):
        if number == 1:
            header = ["" if v is None else display_value(v).strip() for v in values]
            continue
        if all(_is_blank(v) for v in values):
            continue
        records.append(list(values))
        rows.append(number)
    raw = RawTable(
        source.table,
        source.label,
        Path(source.path).name,
        source.sheet,
        sha,
        header,
        _records_to_frame(records, len(header)),
        np.asarray(rows, dtype="int64"),
        text_only=False,
        cell_sheet=worksheet.title,
    )
    raw.faults += text_faults(raw)
    return raw
