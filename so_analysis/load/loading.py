"""Read a data folder into a validated, pseudonymised `Dataset` (SPEC §2, §4).

One file per table (CSV or XLSX) or one workbook with a sheet per table. CSV files may be UTF-8
(with or without BOM) or Windows-1252, `;` or `,` separated. Everything is read as text (or as
the Excel cell's own value) and converted column by column, vectorised; faults from every file
are collected and raised together as one `InputError`. Participant ids that look like a
personnummer are pseudonymised as soon as the enrolments are read, and never shown in a message.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import hashlib
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.core.config import CONFIG_FILENAME, Config, load_config
from so_analysis.core.errors import InputError, InputFault
from so_analysis.load.dataset import SOURCE_ROW, Dataset, SourceFile
from so_analysis.load.privacy import get_key, mask_personal_numbers, pseudonymise_ids
from so_analysis.load.tables import (
    PROVIDER_NAME_REF,
    SWEDISH_HEADERS,
    TABLES,
    Column,
    Kind,
    Table,
    code_lookup,
    normalize_key,
)
from so_analysis.load.validation import (
    EXPECT_DATE,
    EXPECT_SCORE,
    MODULE_PREFIX,
    REFERRING_TABLES,
    display_value,
    fault_value,
    validate_table,
)

CSV_SUFFIX = ".csv"
XLSX_SUFFIX = ".xlsx"
# Subfolders (such as dialogmallar/) are never read: discovery looks at the folder's own files.

_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_STEMS: dict[str, Table] = {normalize_key(stem): t for t in TABLES for stem in t.files}


# --------------------------------------------------------------------------- reading files


@dataclass
class RawTable:
    """One table as read: headers as written and cells as text (CSV) or Excel values (XLSX)."""

    table: Table
    label: str  # file name relative to the data folder, 'data.xlsx [deltagare]' for a sheet
    path: str
    sheet: str | None
    sha256: str
    headers: list[str]
    cells: pd.DataFrame  # object columns 0..n-1, RangeIndex
    rows: np.ndarray  # the row number the analyst sees, per cell row
    text_only: bool  # True for CSV: every cell is a str
    faults: list[InputFault] = field(default_factory=list)


def decode_csv(data: bytes) -> str:
    """UTF-8 with BOM, UTF-8, else Windows-1252 (Latin-1 as a last resort)."""
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """';' or ',' — whichever occurs more often outside quotes on the header line (';' on a tie)."""
    counts = {";": 0, ",": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    return "," if counts[","] > counts[";"] else ";"


def _records_to_frame(records: list[list], width: int, fill: object) -> pd.DataFrame:
    """Rows as object columns 0..n-1 (at least `width`); short rows are padded with `fill`."""
    if records:
        width = max(width, max(map(len, records)))
    for record in records:
        if len(record) < width:
            record.extend([fill] * (width - len(record)))
    if not records:
        return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
    return pd.DataFrame(records, dtype=object)


def extra_field_faults(raw_table: RawTable) -> list[InputFault]:
    """CSV rows with more (non-empty) fields than the header: the row's values are shifted.

    (In a workbook, notes in a column without a header are simply ignored.)
    """
    width = len(raw_table.headers)
    cells = raw_table.cells
    if not raw_table.text_only or cells.shape[1] <= width:
        return []
    extra = cells.iloc[:, width:]
    filled = extra.map(lambda v: not _is_blank(v)).any(axis=1)
    return [
        InputFault(
            file=raw_table.label,
            row=int(raw_table.rows[i]),
            expected=(
                f"högst {width} fält, lika många som rubrikraden"
                " (kontrollera citattecken och avgränsare)"
            ),
        )
        for i in np.flatnonzero(filled.to_numpy())
    ]


def read_csv_table(table: Table, path: Path, label: str, data: bytes) -> RawTable:
    text = decode_csv(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None) or []
    headers = [h.strip() for h in header]
    records: list[list[str]] = []
    rows: list[int] = []
    previous = reader.line_num
    for record in reader:
        start = previous + 1
        previous = reader.line_num
        if not "".join(record).strip():
            continue  # a fully empty line
        records.append(record)
        rows.append(start)
    cells = _records_to_frame(records, len(headers), "")
    return RawTable(
        table,
        label,
        path.name,
        None,
        hashlib.sha256(data).hexdigest(),
        headers,
        cells,
        np.asarray(rows, dtype="int64"),
        text_only=True,
    )


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(
    table: Table, worksheet, label: str, path: str, sheet: str | None, sha: str
) -> RawTable:
    """A worksheet: header on row 1, data rows numbered as Excel shows them."""
    with contextlib.suppress(AttributeError):  # only read-only worksheets have it
        worksheet.reset_dimensions()
    header: list[str] = []
    records: list[tuple] = []
    rows: list[int] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number == 1:
            header = ["" if v is None else display_value(v).strip() for v in values]
            continue
        if all(_is_blank(v) for v in values):
            continue
        records.append(list(values))
        rows.append(number)
    cells = _records_to_frame(records, len(header), None)
    return RawTable(
        table,
        label,
        path,
        sheet,
        sha,
        header,
        cells,
        np.asarray(rows, dtype="int64"),
        text_only=False,
    )


# --------------------------------------------------------------------------- discovery


@dataclass
class _Source:
    table: Table
    path: Path
    sheet: str | None  # None: a file for one table (its matching or first sheet for XLSX)
    label: str


def _sheet_names(path: Path) -> list[str]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def discover(folder: Path) -> tuple[dict[str, _Source], list[InputFault]]:
    """Which file (or sheet) holds which table; faults for ambiguous or unreadable sources."""
    found: dict[str, list[_Source]] = {t.name: [] for t in TABLES}
    faults: list[InputFault] = []
    workbooks: list[Path] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith((".", "~$")) or path.name == CONFIG_FILENAME:
            continue
        suffix = path.suffix.lower()
        if suffix not in (CSV_SUFFIX, XLSX_SUFFIX):
            continue
        table = _STEMS.get(normalize_key(path.stem))
        if table is not None:
            found[table.name].append(_Source(table, path, None, path.name))
        elif suffix == XLSX_SUFFIX:
            workbooks.append(path)
    for path in workbooks:
        try:
            names = _sheet_names(path)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is an input fault
            faults.append(InputFault(path.name, f"en läsbar xlsx-arbetsbok ({type(exc).__name__})"))
            continue
        for sheet in names:
            table = _STEMS.get(normalize_key(sheet))
            if table is not None:
                found[table.name].append(_Source(table, path, sheet, f"{path.name} [{sheet}]"))
    chosen: dict[str, _Source] = {}
    for table in TABLES:
        sources = found[table.name]
        if len(sources) > 1:
            faults.append(
                InputFault(
                    file=", ".join(s.label for s in sources),
                    expected=f"en enda fil eller ett enda blad för tabellen {table.files[0]}",
                )
            )
        elif sources:
            chosen[table.name] = sources[0]
        elif table.required:
            stem = table.files[0]
            faults.append(
                InputFault(
                    file=stem,
                    expected=f"en fil {stem}.csv eller {stem}.xlsx (eller ett blad i en arbetsbok)",
                )
            )
    return chosen, faults


def read_source(source: _Source, cache: dict[Path, bytes]) -> RawTable | InputFault:
    data = cache.get(source.path)
    if data is None:
        data = cache[source.path] = source.path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if source.path.suffix.lower() == CSV_SUFFIX:
        return read_csv_table(source.table, source.path, source.label, data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        return InputFault(source.label, f"en läsbar xlsx-fil ({type(exc).__name__})")
    try:
        sheet = source.sheet
        if sheet is None:
            matching = [
                s for s in workbook.sheetnames if _STEMS.get(normalize_key(s)) is source.table
            ]
            worksheet = workbook[matching[0]] if matching else workbook.worksheets[0]
        else:
            worksheet = workbook[sheet]
        return read_sheet(
            source.table, worksheet, source.label, source.path.name, source.sheet, sha
        )
    finally:
        workbook.close()


# --------------------------------------------------------------------------- headers


@dataclass
class ColumnMap:
    """Canonical column -> position in the file, and the header as written."""

    positions: dict[str, int]
    headers: dict[str, str]
    modules: list[str]
    missing: list[str]


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
            if module is not None and module not in positions:
                positions[module] = i
                written[module] = header
                modules.append(module)
    if "provider_id" not in positions and name_ref is not None:
        positions["provider_id"] = name_ref
        written["provider_id"] = headers[name_ref]
    missing = [c.name for c in table.columns if c.required and c.name not in positions]
    for c in table.columns:
        written.setdefault(
            c.name, SWEDISH_HEADERS.get(c.name, c.aliases[0] if c.aliases else c.name)
        )
    return ColumnMap(positions, written, modules, missing)


# --------------------------------------------------------------------------- conversion


def _as_text(raw: pd.Series, text_only: bool) -> pd.Series:
    """Cells as stripped text, None when empty (Excel numbers rendered as Excel shows them).

    Works on the distinct values only, so long columns of repeated values are cheap.
    """
    mapping: dict[object, object] = {}
    for value in pd.unique(raw.to_numpy(dtype=object)):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        text = (value if text_only and isinstance(value, str) else display_value(value)).strip()
        mapping[value] = text or None
    out = raw.map(mapping) if mapping else pd.Series(None, index=raw.index, dtype=object)
    out = out.astype(object)
    return out.where(out.notna(), None)


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """ISO text (an optional time part is dropped) -> datetime64[ns]; the mask of unparseable cells.

    Each distinct value is parsed once (vectorised), then mapped back onto the column.
    """
    present = text.notna()
    uniques = pd.Series(pd.unique(text[present].to_numpy(dtype=object)), dtype=object)
    shaped = uniques.str.fullmatch(_ISO_DATE).astype(bool) if len(uniques) else uniques.astype(bool)
    day = uniques.where(shaped).str.slice(0, 10)
    parsed_uniques = pd.to_datetime(day, format="%Y-%m-%d", errors="coerce").astype(
        "datetime64[ns]"
    )
    lookup = pd.Series(parsed_uniques.to_numpy(), index=pd.Index(uniques, dtype=object))
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if len(uniques):
        positions = lookup.index.get_indexer(text[present].to_numpy(dtype=object))
        parsed[present] = lookup.to_numpy()[positions]
    bad = present & parsed.isna()
    return parsed, bad


def convert_date(raw: pd.Series, text_only: bool) -> tuple[pd.Series, pd.Series]:
    if text_only:
        return parse_dates(_as_text(raw, True))
    # Excel: date cells are datetime objects; ISO text is accepted; numbers are not dates.
    is_date = raw.map(lambda v: isinstance(v, (dt.datetime, dt.date)))
    is_text = raw.map(lambda v: isinstance(v, str))
    text = (
        _as_text(raw.where(is_text, None), True)
        if is_text.any()
        else pd.Series(None, index=raw.index, dtype=object)
    )
    parsed, bad = parse_dates(text)
    if is_date.any():
        cells = pd.to_datetime(
            raw[is_date].map(lambda v: dt.datetime(v.year, v.month, v.day)), errors="coerce"
        ).astype("datetime64[ns]")
        parsed[is_date] = cells
        bad = bad | (is_date & parsed.isna())
    other = ~is_date & ~is_text & raw.notna()
    parsed = parsed.dt.normalize()
    return parsed, bad | other


def _score_number(value: object) -> float:
    """An Excel cell as a number: NaN for anything that is not a number (dates, booleans, words)."""
    if isinstance(value, bool):
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return math.nan
    return math.nan


def convert_score(raw: pd.Series, text_only: bool) -> tuple[pd.Series, pd.Series]:
    """Numbers (decimal comma allowed) as float; range and wholeness are checked by validation."""
    present = _as_text(raw, text_only).notna()
    if text_only:
        text = raw.where(present, None).astype(object)
        numbers = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    else:
        numbers = raw.where(present, None).map(
            lambda v: math.nan if v is None else _score_number(v)
        )
    numbers = pd.Series(numbers, index=raw.index).astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    bad = present & numbers.isna()
    return numbers, bad


def convert_code(text: pd.Series, codes: str) -> pd.Series:
    """Canonical code for every known spelling; unknown values are kept as written.

    Validation then reports them with the allowed codes.
    """
    lookup = code_lookup(codes)
    if codes == "bool":
        lookup = {k: v == "true" for k, v in lookup.items()}
    mapping = {v: lookup.get(normalize_key(v), v) for v in pd.unique(text.dropna())}
    return text.map(mapping).astype(object).where(text.notna(), None)


def resolve_providers(text: pd.Series, lookup: dict[str, str]) -> pd.Series:
    """Expert id or name -> canonical provider_id; unknown kept as written (validation flags it)."""
    if not lookup:
        return text
    mapping = {v: lookup.get(normalize_key(v), v) for v in pd.unique(text.dropna())}
    return text.map(mapping).astype(object).where(text.notna(), None)


def provider_lookup(providers: pd.DataFrame) -> dict[str, str]:
    lookup: dict[str, str] = {}
    valid = providers[providers["provider_id"].notna()]
    for pid, name in zip(valid["provider_id"], valid["name"], strict=True):
        if isinstance(name, str):
            lookup.setdefault(normalize_key(name), pid)
    for pid in valid["provider_id"]:
        lookup[normalize_key(pid)] = pid
    return lookup


@dataclass
class Converted:
    frame: pd.DataFrame  # canonical columns + _row, ready for validation
    raw: pd.DataFrame  # values as written, per canonical column
    faults: list[InputFault]
    skip: set[tuple[object, str]]
    columns: ColumnMap


def _empty_column(column: Column, n: int, index: pd.Index) -> pd.Series:
    if column.kind is Kind.DATE:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if column.kind is Kind.SCORE:
        return pd.Series(np.nan, index=index, dtype="float64")
    return pd.Series(None, index=index, dtype=object)


def convert(
    raw_table: RawTable,
    providers: dict[str, str] | None = None,
    key: bytes | None = None,
) -> Converted:
    """Typed canonical columns from the raw cells; faults for cells that do not parse."""
    table = raw_table.table
    cells = raw_table.cells
    index = cells.index
    columns = map_columns(table, raw_table.headers)
    faults: list[InputFault] = []
    for name in columns.missing:
        aliases = ", ".join(table.column(name).aliases)
        faults.append(
            InputFault(
                file=raw_table.label,
                column=columns.headers[name],
                expected=f"en kolumn '{columns.headers[name]}' (eller {name}, {aliases})",
            )
        )
    frame: dict[str, pd.Series] = {}
    raw: dict[str, pd.Series] = {}
    skip: set[tuple[object, str]] = set()
    all_columns = list(table.columns) + [Column(m, (), Kind.SCORE) for m in columns.modules]
    for column in all_columns:
        name = column.name
        if name not in columns.positions:
            frame[name] = _empty_column(column, len(index), index)
            continue
        values = cells[columns.positions[name]]
        if table.name == "enrolments" and name == "participant_id":
            values = pseudonymise_ids(_as_text(values, raw_table.text_only), key)
        raw[name] = values
        bad = None
        if column.kind is Kind.DATE:
            converted, bad = convert_date(values, raw_table.text_only)
            expected = EXPECT_DATE
        elif column.kind is Kind.SCORE:
            converted, bad = convert_score(values, raw_table.text_only)
            expected = EXPECT_SCORE
        else:
            text = _as_text(values, raw_table.text_only)
            if column.kind in (Kind.CODE, Kind.BOOL) and column.codes:
                converted = convert_code(text, column.codes)
            elif name == "provider_id" and providers is not None and table.name != "providers":
                converted = resolve_providers(text, providers)
            else:
                converted = text
        frame[name] = converted
        if bad is not None and bad.any():
            for idx in index[bad.to_numpy()]:
                skip.add((idx, name))
                faults.append(
                    InputFault(
                        file=raw_table.label,
                        expected=expected,
                        row=int(raw_table.rows[idx]),
                        column=columns.headers[name],
                        value=fault_value(table, name, values.at[idx]),
                    )
                )
    out = pd.DataFrame(frame, index=index)
    out[SOURCE_ROW] = raw_table.rows.astype("int64")
    return Converted(out, pd.DataFrame(raw, index=index), faults, skip, columns)


def finalize(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Final dtypes: dates datetime64[ns], scores Int64, bools bool, text/ids/codes object."""
    out = frame.copy()
    kinds = {c.name: c.kind for c in table.columns}
    for name in out.columns:
        if name == SOURCE_ROW:
            continue
        kind = kinds.get(name, Kind.SCORE if name.startswith(MODULE_PREFIX) else Kind.TEXT)
        if kind is Kind.SCORE:
            out[name] = out[name].round().astype("Int64")
        elif kind is Kind.DATE:
            out[name] = out[name].astype("datetime64[ns]")
        elif kind is Kind.BOOL:
            series = out[name]
            out[name] = series.astype(bool) if series.notna().all() else series.astype("boolean")
        else:
            series = out[name].astype(object)
            out[name] = series.where(series.notna(), None)
    out[SOURCE_ROW] = out[SOURCE_ROW].astype("int64")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- the loader


def _mask(fault: InputFault) -> InputFault:
    """Belt and braces: no personnummer-like text in any part of a message."""
    return replace(
        fault,
        value=None if fault.value is None else mask_personal_numbers(fault.value),
        column=None if fault.column is None else mask_personal_numbers(fault.column),
    )


def load_dataset(
    data_dir: str | Path, config: Config | None = None, key: bytes | None = None
) -> Dataset:
    """Load, convert, validate and pseudonymise every table of a data folder.

    Raises `InputError` with every fault of every file (file, row, column, value, expected).
    """
    folder = Path(data_dir)
    if not folder.is_dir():
        raise InputError([InputFault(file=str(data_dir), expected="en befintlig mapp med indata")])
    faults: list[InputFault] = []
    if config is None:
        try:
            config = load_config(folder)
        except InputError as exc:
            faults += exc.faults
            config = Config()
    chosen, discovery_faults = discover(folder)
    faults += discovery_faults
    if key is None and "enrolments" in chosen:
        key = get_key()
    cache: dict[Path, bytes] = {}
    frames: dict[str, pd.DataFrame] = {}
    sources: list[SourceFile] = []
    lookup: dict[str, str] | None = None
    providers_ok = False
    provider_ids: list[str] | None = None
    for table in TABLES:
        source = chosen.get(table.name)
        if source is None:
            continue
        raw_table = read_source(source, cache)
        if isinstance(raw_table, InputFault):
            faults.append(raw_table)
            continue
        if not raw_table.headers or not any(raw_table.headers):
            faults.append(
                InputFault(raw_table.label, "en rubrikrad med kolumnnamn på första raden")
            )
            continue
        faults += extra_field_faults(raw_table)
        sources.append(
            SourceFile(
                table.name, raw_table.path, raw_table.sheet, raw_table.sha256, len(raw_table.cells)
            )
        )
        converted = convert(raw_table, lookup if table.name in REFERRING_TABLES else None, key)
        table_faults = list(converted.faults)
        table_faults += validate_table(
            table,
            converted.frame,
            raw_table.label,
            converted.columns.headers,
            raw=converted.raw,
            provider_ids=provider_ids if table.name in REFERRING_TABLES else None,
            missing=converted.columns.missing,
            skip=converted.skip,
        )
        table_faults.sort(key=lambda f: f.row or 0)
        faults += table_faults
        if table.name == "providers":
            providers_ok = not table_faults
            lookup = provider_lookup(converted.frame)
            provider_ids = sorted(set(converted.frame["provider_id"].dropna()))
        frames[table.name] = (
            finalize(table, converted.frame) if not table_faults else converted.frame
        )
    if providers_ok:  # templates name their expert: read them once the experts are known
        faults += _add_dialog_templates(folder, frames, sources)
    if faults:
        raise InputError([_mask(f) for f in faults])
    return Dataset(
        providers=frames["providers"],
        enrolments=frames["enrolments"],
        survey=frames.get("survey"),
        checklist=frames.get("checklist"),
        plans=frames.get("plans"),
        config=config,
        sources=tuple(sources),
    )


def _add_dialog_templates(
    folder: Path, frames: dict[str, pd.DataFrame], sources: list[SourceFile]
) -> list[InputFault]:
    """Read the filled-in templates of `DATA/dialogmallar/` beside the plan and checklist tables.

    A template's rows join the tables'. The same expert's plan for the same period, or the same
    visit's checklist, given both in a table and in a template is a fault: one must go.
    """
    from so_analysis.load.dialog_layout import DIALOG_FOLDER
    from so_analysis.load.dialog_reader import read_dialog_folder  # openpyxl-heavy, rare

    plans, checklist, faults, found = read_dialog_folder(
        folder / DIALOG_FOLDER, folder, frames["providers"]
    )
    for label, sha256 in found:
        rows = sum(int((f["_file"] == label).sum()) for f in (plans, checklist) if f is not None)
        sources.append(SourceFile("dialog", label, None, sha256, rows))
    if faults:
        return faults
    for table, added, keys, sheet in (
        ("plans", plans, ["provider_id", "period"], "Utvecklingsplan"),
        ("checklist", checklist, ["provider_id", "visit_date"], "Checklista"),
    ):
        if added is None or added.empty:
            continue
        existing = frames.get(table)
        if existing is not None and not existing.empty:
            both = added[[*keys, "_file"]].drop_duplicates().merge(existing[keys].drop_duplicates())
            for record in both.itertuples(index=False):
                values = [
                    v.date().isoformat() if isinstance(v, pd.Timestamp) else str(v)
                    for v in record[:-1]
                ]
                faults.append(
                    InputFault(
                        file=record[-1],
                        sheet=sheet,
                        value=" ".join(values),
                        expected="rader för den här experten och perioden (besöket) i antingen "
                        "tabellen eller mallen, inte i båda",
                    )
                )
            added = pd.concat([existing, added.drop(columns="_file")], ignore_index=True)
        else:
            added = added.drop(columns="_file")
        frames[table] = added
    return faults
