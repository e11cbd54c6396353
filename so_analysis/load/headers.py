"""Matching a file's headers to the canonical columns of its table (docs/data.md §2).

Headers match case-insensitively, ignoring spaces, '-', '_' and accents. The survey's module
columns (`Modul …`) are recognised by their prefix. A required column that no header matches
is a fault that lists the headers the file has and, where one is close, suggests it. A column
read but used for nothing (a header that names no column, a second header for a column already
found, a column without a header that holds values) is kept in `unused_columns`, for the
data-quality appendix to name: nothing read is dropped without a word.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

from so_analysis.core.errors import InputFault
from so_analysis.core.personal_numbers import mask_personal_numbers
from so_analysis.load.dataset import UnusedColumn
from so_analysis.load.raw import RawTable, T, column_letter
from so_analysis.load.tables import PROVIDER_NAME_REF, SWEDISH_HEADERS, Table, normalize_key
from so_analysis.load.validation import MODULE_PREFIX, REFERRING_TABLES


@dataclass
class ColumnMap:
    """Canonical column -> position in the file, and the header as written."""

    positions: dict[str, int]
    headers: dict[str, str]
    modules: list[str]
    missing: list[str]
    unmatched: list[str]  # headers of the file that name no column
    unused: list[int]  # positions of headers used for nothing (unmatched, or a column twice)


def module_name(header: str) -> str | None:
    """'Modul komma till Sverige' -> 'module_komma_till_sverige'; None when not a module column."""
    folded = normalize_key(header)
    if not folded.startswith("modul"):
        return None
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode("ascii").lower()
    text = text.strip()
    match = re.match(r"module?(?=[^a-z0-9]|$)", text) or re.match(r"modul", text)
    rest = re.sub(r"[^a-z0-9]+", "_", text[match.end() :]).strip("_") if match else ""
    return MODULE_PREFIX + rest if rest else None


def map_columns(table: Table, headers: list[str]) -> ColumnMap:
    keys: dict[str, str] = {}
    for column in table.columns:
        for name in (column.name, *column.aliases):
            keys.setdefault(normalize_key(name), column.name)
    name_refs = (
        {normalize_key(n) for n in PROVIDER_NAME_REF} if table.name in REFERRING_TABLES else set()
    )
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    modules: list[str] = []
    unmatched: list[str] = []
    unused: list[int] = []
    name_refs_found: list[int] = []
    for i, header in enumerate(headers):
        if not header:
            continue
        key = normalize_key(header)
        canonical = keys.get(key)
        if canonical is not None:
            if canonical not in positions:
                positions[canonical] = i
                written[canonical] = header
            else:
                unused.append(i)
            continue
        if key in name_refs:
            name_refs_found.append(i)
            continue
        if table.prefix_columns:
            module = module_name(header)
            if module is not None:
                if module not in positions:
                    positions[module] = i
                    written[module] = header
                    modules.append(module)
                else:
                    unused.append(i)
                continue
        unmatched.append(header)
        unused.append(i)
    if "provider_id" not in positions and name_refs_found:
        positions["provider_id"] = name_refs_found.pop(0)
        written["provider_id"] = headers[positions["provider_id"]]
    unused = sorted(unused + name_refs_found)
    missing = [c.name for c in table.columns if c.required and c.name not in positions]
    for c in table.columns:
        written.setdefault(
            c.name, SWEDISH_HEADERS.get(c.name, c.aliases[0] if c.aliases else c.name)
        )
    return ColumnMap(positions, written, modules, missing, unmatched, unused)


def _holds_values(raw: RawTable, position: int) -> bool:
    """Whether any cell of the column holds something other than blanks."""
    if position >= raw.cells.shape[1]:
        return False
    values = raw.cells[position]
    if raw.text_only:
        return bool(values.str.strip().ne("").any())
    return any(not _blank(v) for v in values)


def _blank(value: object) -> bool:
    """An empty workbook cell: None, NaN or only whitespace."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and math.isnan(value))


def unused_columns(raw: RawTable, columns: ColumnMap) -> list[UnusedColumn]:
    """The columns of `raw` read but used for nothing, in the file's order, masked.

    A header that names no column or a column already found; a column without a header that
    holds values (in a CSV file a value past the header's last field is a fault instead).
    """
    used = set(columns.positions.values())
    unnamed = [
        i
        for i in range(len(raw.headers) if raw.text_only else raw.cells.shape[1])
        if i not in used
        and not (raw.headers[i] if i < len(raw.headers) else "")
        and _holds_values(raw, i)
    ]
    sheet = None if raw.text_only or raw.sheet is not None else raw.cell_sheet
    out = []
    for i in sorted(set(columns.unused) | set(unnamed)):
        header = raw.headers[i] if i < len(raw.headers) else ""
        out.append(
            UnusedColumn(
                table=raw.table.name,
                file=mask_personal_numbers(raw.label),
                sheet=None if sheet is None else mask_personal_numbers(sheet),
                position=i + 1,
                letter=None if raw.text_only else column_letter(i + 1),
                header=mask_personal_numbers(header.strip()),
            )
        )
    return out


def closest_header(table: Table, name: str, candidates: list[str]) -> str | None:
    """The header among `candidates` most like one of the names column `name` accepts."""
    accepted = [normalize_key(n) for n in (name, *table.column(name).aliases)]
    accepted.append(normalize_key(SWEDISH_HEADERS.get(name, name)))
    best, score = None, 0.0
    for header in candidates:
        key = normalize_key(header)
        for want in accepted:
            ratio = difflib.SequenceMatcher(None, key, want).ratio()
            if ratio > score:
                best, score = header, ratio
    return best if score >= 0.6 else None


def missing_column_faults(table: Table, label: str, columns: ColumnMap, headers: list[str]):
    """One fault per required column no header matches: the file's headers, and a suggestion."""
    shown = ", ".join(f"'{h}'" for h in headers if h) or "–"
    faults = []
    for name in columns.missing:
        header = columns.headers[name]
        aliases = ", ".join(table.column(name).aliases)
        expected = T("load.missing_column", header=header, name=name, aliases=aliases, found=shown)
        close = closest_header(table, name, columns.unmatched)
        if close is not None:
            expected += T("load.did_you_mean", header=header, written=close)
        faults.append(InputFault(file=label, column=header, expected=expected))
    return faults


def nearest(value: str, valid: list[str], n: int = 3) -> list[str]:
    """The `n` valid values most like `value` (compared folded, like headers)."""
    if not valid:
        return []
    folded = {normalize_key(v): v for v in valid}
    key = normalize_key(value)
    ranked = sorted(
        folded, key=lambda k: (-difflib.SequenceMatcher(None, key, k).ratio(), folded[k])
    )
    return [folded[k] for k in ranked[:n]]
