"""Which file (or sheet of a workbook) holds which table of a data folder (docs/data.md §1).

One file per table, named by the table (`deltagare.csv`, `Deltagare.xlsx` …), or one workbook
with a sheet per table. Only a workbook's visible sheets count. Subfolders (such as
`dialogmallar/`) are never read here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from so_analysis.core.config import CONFIG_FILENAME
from so_analysis.core.errors import InputFault
from so_analysis.core.texts import texts
from so_analysis.load.tables import TABLES, Table, normalize_key

CSV_SUFFIX = ".csv"
XLSX_SUFFIX = ".xlsx"

T = texts("sv")

STEMS: dict[str, Table] = {normalize_key(stem): t for t in TABLES for stem in t.files}


@dataclass
class Source:
    """Where one table is: a file, and for a workbook of several tables the sheet."""

    table: Table
    path: Path
    sheet: str | None  # None: a file for one table (its matching or first visible sheet)
    label: str


def visible_sheets(workbook) -> list[str]:
    """Names of the sheets a reader of the workbook sees (hidden and very hidden left out)."""
    return [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"]


def open_workbook(data: bytes):
    """A read-only openpyxl workbook of cached values (formulas read by their saved value)."""
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _sheet_names(path: Path) -> list[str]:
    workbook = open_workbook(path.read_bytes())
    try:
        return visible_sheets(workbook)
    finally:
        workbook.close()


def discover(folder: Path) -> tuple[dict[str, Source], list[InputFault]]:
    """Which file (or sheet) holds which table; faults for ambiguous or unreadable sources."""
    found: dict[str, list[Source]] = {t.name: [] for t in TABLES}
    faults: list[InputFault] = []
    workbooks: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith((".", "~$")) or path.name == CONFIG_FILENAME:
            continue
        suffix = path.suffix.lower()
        if suffix not in (CSV_SUFFIX, XLSX_SUFFIX):
            continue
        table = STEMS.get(normalize_key(path.stem))
        if table is not None:
            found[table.name].append(Source(table, path, None, path.name))
        elif suffix == XLSX_SUFFIX:
            workbooks.append(path)
    for path in workbooks:
        try:
            names = _sheet_names(path)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is an input fault
            expected = T("load.unreadable_workbook", error=type(exc).__name__)
            faults.append(InputFault(path.name, expected))
            continue
        for sheet in names:
            table = STEMS.get(normalize_key(sheet))
            if table is not None:
                found[table.name].append(Source(table, path, sheet, f"{path.name} [{sheet}]"))
    chosen: dict[str, Source] = {}
    for table in TABLES:
        sources = found[table.name]
        if len(sources) > 1:
            faults.append(
                InputFault(
                    file=", ".join(s.label for s in sources),
                    expected=T("load.table_twice", table=table.files[0]),
                )
            )
        elif sources:
            chosen[table.name] = sources[0]
        elif table.required:
            stem = table.files[0]
            faults.append(
                InputFault(
                    file=stem,
                    expected=T("load.table_missing", table=stem),
                )
            )
    return chosen, faults
