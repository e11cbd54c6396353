"""Matching a file's headers to the canonical columns of its table (docs/data.md §2).

Headers match case-insensitively, ignoring spaces, '-', '_' and accents. The survey's module
columns (`Modul …`) are recognised by their prefix. A required column that no header matches
is a fault that lists the headers the file has and, where one is close, suggests it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from so_analysis.core.errors import InputFault
from so_analysis.load.raw import T
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
    name_ref: int | None = None
    for i, header in enumerate(headers):
        if not header:
            continue
        key = normalize_key(header)
        canonical = keys.get(key)
        if canonical is not None:
            if canonical not in positions:
                positions[canonical] = i
                written[canonical] = header
            continue
        if key in name_refs:
            if name_ref is None:
                name_ref = i
            continue
        if table.prefix_columns:
            module = module_name(header)
            if module is not None:
                if module not in positions:
                    positions[module] = i
                    written[module] = header
                    modules.append(module)
                continue
        unmatched.append(header)
    if "provider_id" not in positions and name_ref is not None:
        positions["provider_id"] = name_ref
        written["provider_id"] = headers[name_ref]
    missing = [c.name for c in table.columns if c.required and c.name not in positions]
    for c in table.columns:
        written.setdefault(
            c.name, SWEDISH_HEADERS.get(c.name, c.aliases[0] if c.aliases else c.name)
        )
    return ColumnMap(positions, written, modules, missing, unmatched)


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
