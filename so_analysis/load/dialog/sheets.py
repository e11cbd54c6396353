"""A returned dialog template read within bounds, in one linear pass per sheet.

Templates come from outside the municipality. The file is refused above `MAX_TEMPLATE_BYTES`
(and above `MAX_UNPACKED_BYTES` once unpacked, a zip bomb); each sheet is streamed once by
openpyxl in read-only mode (merged cells, validations and styles are never expanded) into a
small grid of values, at most `MAX_COLUMNS` wide. A filled cell below `MAX_ROWS` is a fault
naming it. Cells are then looked up in the grid, never in the file again. Each refusal names
the bound it hit (the file's size, its size unpacked, the rows of a sheet) with the limit and
the value that broke it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from so_analysis.core.errors import InputFault
from so_analysis.core.texts import texts

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
MAX_ROWS = 1000  # a template has some twenty rows per sheet; room for many more
MAX_COLUMNS = 20


@dataclass(frozen=True)
class Cell:
    """One cell's value and place, like openpyxl's (row and column from 1)."""

    value: Any
    row: int
    column: int

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


class Grid:
    """The values of one sheet, rows 1..MAX_ROWS and columns 1..MAX_COLUMNS."""

    def __init__(self, title: str, rows: list[tuple[Any, ...]]):
        self.title = title
        self._rows = rows
        last = len(rows)
        while last and all(v is None for v in rows[last - 1]):
            last -= 1
        self.max_row = max(last, 1)

    def cell(self, row: int, column: int) -> Cell:
        values = self._rows[row - 1] if row <= len(self._rows) else ()
        value = values[column - 1] if column <= len(values) else None
        return Cell(value, row, column)

    def __getitem__(self, coordinate: str) -> Cell:
        letters, row = coordinate_from_string(coordinate)
        return self.cell(row, column_index_from_string(letters))


class Workbook:
    """The sheets of a template as grids, by name."""

    def __init__(self, sheets: dict[str, Grid]):
        self._sheets = sheets
        self.sheetnames = list(sheets)

    def __getitem__(self, name: str) -> Grid:
        return self._sheets[name]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def megabytes(n: int) -> str:
    """A size in MB as a Swedish message shows it: '2', '1,1', '1024'; rounded up (to a tenth,
    from 100 MB to a whole), so that a size over a limit never reads as the limit itself."""
    mb = 1024 * 1024
    if n >= 100 * mb:
        return str(-(-n // mb))
    whole, tenth = divmod(-(-n * 10 // mb), 10)
    return f"{whole},{tenth}" if tenth else f"{whole}"


def read_template(data: bytes, label: str) -> tuple[Workbook | None, list[InputFault]]:
    """The template's sheets as grids, or None and the faults saying why it cannot be read."""
    t = texts("sv")
    if len(data) > MAX_TEMPLATE_BYTES:
        expected = t(
            "load.template_file_too_large",
            limit=megabytes(MAX_TEMPLATE_BYTES),
            size=megabytes(len(data)),
        )
        return None, [InputFault(label, expected)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            expected = t(
                "load.template_unpacked_too_large",
                limit=megabytes(MAX_UNPACKED_BYTES),
                unpacked=megabytes(unpacked),
                size=megabytes(len(data)),
            )
            return None, [InputFault(label, expected)]
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is one input fault
        return None, [InputFault(file=label, expected=t("dialog.faults.not_a_workbook"))]
    faults: list[InputFault] = []
    sheets: dict[str, Grid] = {}
    try:
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # trust the cells, not the size the file states
            rows: list[tuple[Any, ...]] = []
            for number, values in enumerate(
                worksheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                if number <= MAX_ROWS:
                    rows.append(tuple(values))
                elif values.count(None) < len(values) and not all(_blank(v) for v in values):
                    column = next(i for i, v in enumerate(values, start=1) if not _blank(v))
                    expected = t(
                        "load.template_too_many_rows",
                        rows=MAX_ROWS,
                        row=number,
                        cell=f"{get_column_letter(column)}{number}",
                    )
                    faults.append(
                        InputFault(
                            label,
                            expected,
                            row=number,
                            sheet=worksheet.title,
                            cell=f"{get_column_letter(column)}{number}",
                        )
                    )
                    break
            sheets[worksheet.title] = Grid(worksheet.title, rows)
    except Exception:  # noqa: BLE001 - a broken sheet is one input fault
        return None, [InputFault(file=label, expected=t("dialog.faults.not_a_workbook"))]
    finally:
        workbook.close()
    return (None if faults else Workbook(sheets)), faults
