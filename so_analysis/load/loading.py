"""Read a data folder into a validated, pseudonymised `Dataset` (docs/data.md): the pipeline.

`load_dataset` runs these steps, each a function below taking and returning data:

1. `_data_folder`, `_settings`: the folder, and its `so_analysis.toml` over the defaults;
2. `discover`: which file (or sheet) holds which table;
3. `_read_tables`, per table in `TABLES` order (the experts first, the others refer to them):
   `read_source` (csv_reader / xlsx_reader: cells as text or Excel values, faults located) →
   `convert` (headers mapped to canonical columns, typed columns, personnummer pseudonymised
   or masked) → `validate_table` (pandera) → the faults located and in row order;
4. `_returned_templates`: the returned dialog templates joined (`dialog.merge`: their plans
   replace the table's for their expert and period, their follow-up set on the previous
   period's plans, their notes kept), once the experts are known to be valid;
5. `_dataset`: duplicate enrolments counted once, the municipality's own texts read.

Every step returns its faults; they are collected in that order and raised together as one
`InputError`. What was changed on the way is recorded in `Dataset.load_notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.core.config import Config, load_config
from so_analysis.core.errors import InputError, InputFault
from so_analysis.core.personal_numbers import mask_personal_numbers
from so_analysis.load import codes as by_codes
from so_analysis.load.convert import Converted, convert, finalize, provider_lookup
from so_analysis.load.csv_reader import read_csv_table
from so_analysis.load.dataset import (
    LOAD_NOTE_COLUMNS,
    Dataset,
    SourceFile,
    UnusedColumn,
    empty_load_notes,
)
from so_analysis.load.dialog.merge import DialogTables, add_dialog_templates
from so_analysis.load.discovery import CSV_SUFFIX, Source, discover
from so_analysis.load.headers import nearest, unused_columns
from so_analysis.load.privacy import get_key
from so_analysis.load.raw import RawTable, T
from so_analysis.load.tables import TABLES
from so_analysis.load.texts import read_texts
from so_analysis.load.validation import EXPECT_EXPERT, REFERRING_TABLES, validate_table
from so_analysis.load.xlsx_reader import read_workbook_table

# Rules recorded in `Dataset.load_notes`.
DUPLICATE_ENROLMENTS = "duplicate_enrolments"
MASKED_PERSONAL_NUMBERS = "masked_personal_numbers"
# An enrolment is the same one when these agree (docs/data.md §4).
DUPLICATE_KEY = ["participant_id", "provider_id", "registered"]


def read_source(source: Source, cache: dict[Path, bytes]) -> RawTable | InputFault:
    """The raw table of one source (a CSV file, or a workbook's sheet)."""
    if source.path.suffix.lower() == CSV_SUFFIX:  # read there, and let go of once parsed
        return read_csv_table(source.table, source.path, source.label)
    data = cache.get(source.path)
    if data is None:  # a workbook may hold several tables: read it once
        data = cache[source.path] = source.path.read_bytes()
    return read_workbook_table(source, data)


def _mask(fault: InputFault) -> InputFault:
    """Belt and braces: no personnummer-like text in any part of a fault."""
    return replace(
        fault,
        file=mask_personal_numbers(fault.file),
        expected=mask_personal_numbers(fault.expected),
        value=None if fault.value is None else mask_personal_numbers(fault.value),
        column=None if fault.column is None else mask_personal_numbers(fault.column),
        sheet=None if fault.sheet is None else mask_personal_numbers(fault.sheet),
    )


def _with_nearest_experts(faults: list[InputFault], provider_ids: list[str]) -> list[InputFault]:
    """An unknown expert's fault lists the valid ids most like the one written."""
    out = []
    for fault in faults:
        if fault.expected == EXPECT_EXPERT and fault.value and provider_ids:
            names = ", ".join(f"'{p}'" for p in nearest(fault.value, provider_ids))
            fault = replace(fault, expected=fault.expected + T("load.nearest_experts", ids=names))
        out.append(fault)
    return out


class _Notes:
    """What loading changed, by rule, table and column (for the data-quality appendix)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def add(self, rule: str, table: str, column: str | None, n: int) -> None:
        if n:
            self.rows.append({"rule": rule, "table": table, "column": column, "n": int(n)})

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return empty_load_notes()
        frame = pd.DataFrame(self.rows, columns=list(LOAD_NOTE_COLUMNS))
        frame = frame.groupby(["rule", "table", "column"], sort=False, dropna=False)["n"].sum()
        frame = frame.reset_index()
        frame["n"] = frame["n"].astype("int64")
        frame["column"] = frame["column"].astype(object).where(frame["column"].notna(), None)
        return frame[list(LOAD_NOTE_COLUMNS)]


def drop_duplicate_enrolments(enrolments: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Enrolments with each (participant, expert, registration date) once: the first row kept."""
    if len(enrolments) < 2:
        return enrolments, 0
    # a cheap first look, one pass over the ids: most occur once
    # the codes are kept for classification (`codes.factorize`, first starts)
    codes = by_codes.factorize(enrolments["participant_id"].to_numpy(dtype=object))
    known = codes >= 0
    times = np.bincount(codes[known])
    repeated = np.zeros(len(codes), dtype=bool)
    repeated[known] = times[codes[known]] > 1
    if not repeated.any():
        return enrolments, 0
    duplicate = enrolments[repeated].duplicated(subset=DUPLICATE_KEY, keep="first")
    n = int(duplicate.sum())
    if not n:
        return enrolments, 0
    keep = pd.Series(True, index=enrolments.index)
    keep[duplicate[duplicate].index] = False
    return enrolments[keep.to_numpy()].reset_index(drop=True), n


def load_dataset(
    data_dir: str | Path, config: Config | None = None, key: bytes | None = None
) -> Dataset:
    """Load, convert, validate and pseudonymise every table of a data folder.

    Raises `InputError` with every fault of every file (file, row, column, value, expected), in
    the order the steps found them: the settings, which file holds which table, each table in
    `TABLES` order, the returned dialog templates.
    """
    folder = _data_folder(data_dir)
    faults: list[InputFault] = []
    if config is None:
        config, config_faults = _settings(folder)
        faults += config_faults
    chosen, discovery_faults = discover(folder)
    faults += discovery_faults
    if key is None and "enrolments" in chosen:
        key = get_key()
    tables, table_faults = _read_tables(chosen, key)
    faults += table_faults
    dialog, dialog_faults = _returned_templates(folder, tables)
    faults += dialog_faults
    if faults:
        raise InputError([_mask(f) for f in faults])
    return _dataset(folder, config, tables, dialog)


def _data_folder(data_dir: str | Path) -> Path:
    """The data folder, or an `InputError` when there is none."""
    folder = Path(data_dir)
    if not folder.is_dir():
        raise InputError([InputFault(file=str(data_dir), expected=T("load.no_data_folder"))])
    return folder


def _settings(folder: Path) -> tuple[Config, list[InputFault]]:
    """The folder's settings; when they are invalid, the defaults and the faults."""
    try:
        return load_config(folder), []
    except InputError as exc:
        return Config(), exc.faults


@dataclass
class _Experts:
    """What the providers table tells the tables that refer to it."""

    lookup: dict[str, str] | None = None  # an expert's id or name, folded -> its id
    ids: list[str] | None = None  # the valid ids, sorted
    valid: bool = False  # the providers table has no fault: templates can be matched to it


@dataclass
class _LoadedTable:
    """One table read, converted and validated (the frame finalized when it has no fault)."""

    source: SourceFile
    frame: pd.DataFrame
    masked: dict[str, int]  # column -> personnummer masked
    experts: _Experts | None  # for the providers table
    module_headers: dict[str, str] = field(default_factory=dict)  # the survey's, as written
    unused: list[UnusedColumn] = field(default_factory=list)  # columns read, used for nothing


@dataclass
class _Tables:
    """Every table read so far, and what loading changed on the way."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    sources: list[SourceFile] = field(default_factory=list)
    notes: _Notes = field(default_factory=_Notes)
    experts: _Experts = field(default_factory=_Experts)
    module_headers: dict[str, str] = field(default_factory=dict)
    unused: list[UnusedColumn] = field(default_factory=list)

    def add(self, table: _LoadedTable) -> None:
        name = table.source.table
        self.sources.append(table.source)
        self.module_headers.update(table.module_headers)
        self.unused += table.unused
        for column, n in table.masked.items():
            self.notes.add(MASKED_PERSONAL_NUMBERS, name, column, n)
        if table.experts is not None:
            self.experts = table.experts
        self.frames[name] = table.frame


def _read_tables(chosen: dict[str, Source], key: bytes | None) -> tuple[_Tables, list[InputFault]]:
    """Every table found, in `TABLES` order (the experts first: the others refer to them)."""
    tables = _Tables()
    faults: list[InputFault] = []
    cache: dict[Path, bytes] = {}  # a workbook's bytes, for its other tables
    for table in TABLES:
        source = chosen.get(table.name)
        if source is None:
            continue
        read, table_faults = _read_table(source, cache, key, tables.experts)
        faults += table_faults
        if read is not None:
            tables.add(read)
    return tables, faults


def _read_table(
    source: Source, cache: dict[Path, bytes], key: bytes | None, experts: _Experts
) -> tuple[_LoadedTable | None, list[InputFault]]:
    """Read one table, map its headers, convert and validate it; None when it cannot be read."""
    raw_table = read_source(source, cache)
    if isinstance(raw_table, InputFault):
        return None, [raw_table]
    if not raw_table.usable:
        return None, raw_table.faults
    if not raw_table.headers or not any(raw_table.headers):
        return None, [*raw_table.faults, InputFault(raw_table.label, T("load.no_header"))]
    table = source.table
    refers = table.name in REFERRING_TABLES
    converted = convert(raw_table, experts.lookup if refers else None, key)
    table_faults = _table_faults(raw_table, converted, experts.ids if refers else None)
    read = _LoadedTable(
        source=_source_file(raw_table),
        frame=converted.frame if table_faults else finalize(table, converted.frame),
        masked=converted.masked,
        experts=_experts(converted.frame, table_faults) if table.name == "providers" else None,
        module_headers={
            m: mask_personal_numbers(converted.columns.headers[m].strip())
            for m in converted.columns.modules
        },
        unused=unused_columns(raw_table, converted.columns),
    )
    faults = raw_table.faults + _with_nearest_experts(table_faults, experts.ids or [])
    return read, faults


def _source_file(raw_table: RawTable) -> SourceFile:
    """Where a table came from, as the manifest records it (personnummer-like names masked)."""
    sheet = None if raw_table.sheet is None else mask_personal_numbers(raw_table.sheet)
    return SourceFile(
        raw_table.table.name,
        mask_personal_numbers(raw_table.path),
        sheet,
        raw_table.sha256,
        len(raw_table.cells),
    )


def _table_faults(
    raw_table: RawTable, converted: Converted, provider_ids: list[str] | None
) -> list[InputFault]:
    """Conversion and validation faults of one table, located (sheet and cell) and by row."""
    headers = converted.columns.headers
    faults = list(converted.faults)
    faults += validate_table(
        raw_table.table,
        converted.frame,
        raw_table.label,
        headers,
        raw=converted.raw,
        provider_ids=provider_ids,
        missing=converted.columns.missing,
        skip=converted.skip,
    )
    positions = {headers[n]: p for n, p in converted.columns.positions.items() if n in headers}
    faults = [raw_table.locate(f, positions) for f in faults]
    faults.sort(key=lambda f: f.row or 0)
    return faults


def _experts(providers: pd.DataFrame, faults: list[InputFault]) -> _Experts:
    """The experts as the other tables refer to them."""
    ids = sorted(set(providers["provider_id"].dropna()))
    return _Experts(lookup=provider_lookup(providers), ids=ids, valid=not faults)


def _returned_templates(folder: Path, tables: _Tables) -> tuple[DialogTables, list[InputFault]]:
    """The returned dialog templates joined to the tables, once the experts are known valid."""
    if not tables.experts.valid:  # templates name their expert: nothing to match them to
        return DialogTables(), []
    faults, dialog = add_dialog_templates(folder, tables.frames, tables.sources, tables.notes)
    return dialog, faults


def _dataset(folder: Path, config: Config, tables: _Tables, dialog: DialogTables) -> Dataset:
    """The Dataset: enrolments counted once each, the municipality's own texts read."""
    notes = tables.notes
    enrolments, duplicates = drop_duplicate_enrolments(tables.frames["enrolments"])
    notes.add(DUPLICATE_ENROLMENTS, "enrolments", None, duplicates)
    own_texts, masked = read_texts(folder)
    for name, n in masked.items():
        notes.add(MASKED_PERSONAL_NUMBERS, "texts", f"{name}.md", n)
    frames = {name: by_codes.guard(frame) for name, frame in tables.frames.items()}
    return Dataset(
        providers=frames["providers"],
        enrolments=by_codes.guard(enrolments),
        survey=frames.get("survey"),
        checklist=frames.get("checklist"),
        plans=frames.get("plans"),
        dialog=dialog.dialog,
        replaced_plans=dialog.replaced,
        config=config,
        sources=tuple(tables.sources),
        load_notes=notes.frame(),
        texts=own_texts,
        module_headers=dict(tables.module_headers),
        unused_columns=tuple(tables.unused),
    )
