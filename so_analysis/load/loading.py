"""Read a data folder into a validated, pseudonymised `Dataset` (docs/data.md): the pipeline.

discovery (which file holds which table) → csv_reader / xlsx_reader (cells as text or Excel
values, faults located) → headers (canonical columns) → convert (typed columns, personnummer
pseudonymised or masked) → validation (pandera) → this module: duplicates counted once, dialog
templates joined (`dialog_merge`: their plans replace the table's for their expert and period,
their follow-up set on the previous period's plans, their notes kept), and everything that was
changed on the way recorded in `Dataset.load_notes`.
Faults from every file are collected and raised together as one `InputError`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from so_analysis.core.config import Config, load_config
from so_analysis.core.errors import InputError, InputFault
from so_analysis.core.personal_numbers import mask_personal_numbers
from so_analysis.load.convert import convert, finalize, provider_lookup
from so_analysis.load.csv_reader import read_csv_table
from so_analysis.load.dataset import (
    LOAD_NOTE_COLUMNS,
    Dataset,
    SourceFile,
    empty_load_notes,
)
from so_analysis.load.dialog.merge import DialogTables, add_dialog_templates
from so_analysis.load.discovery import CSV_SUFFIX, Source, discover
from so_analysis.load.headers import nearest
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
    codes, _ = pd.factorize(enrolments["participant_id"])
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
    notes = _Notes()
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
        faults += raw_table.faults
        if not raw_table.usable:
            continue
        if not raw_table.headers or not any(raw_table.headers):
            faults.append(InputFault(raw_table.label, T("load.no_header")))
            continue
        sources.append(
            SourceFile(
                table.name,
                mask_personal_numbers(raw_table.path),
                None if raw_table.sheet is None else mask_personal_numbers(raw_table.sheet),
                raw_table.sha256,
                len(raw_table.cells),
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
        headers = converted.columns.headers
        positions = {headers[n]: p for n, p in converted.columns.positions.items() if n in headers}
        table_faults = [raw_table.locate(f, positions) for f in table_faults]
        table_faults.sort(key=lambda f: f.row or 0)
        faults += _with_nearest_experts(table_faults, provider_ids or [])
        for column, n in converted.masked.items():
            notes.add(MASKED_PERSONAL_NUMBERS, table.name, column, n)
        if table.name == "providers":
            providers_ok = not table_faults
            lookup = provider_lookup(converted.frame)
            provider_ids = sorted(set(converted.frame["provider_id"].dropna()))
        frames[table.name] = (
            finalize(table, converted.frame) if not table_faults else converted.frame
        )
        del raw_table, converted  # the raw cells: let go before the next table is read
    dialog = DialogTables()
    if providers_ok:  # templates name their expert: read them once the experts are known
        dialog_faults, dialog = add_dialog_templates(folder, frames, sources, notes)
        faults += dialog_faults
    if faults:
        raise InputError([_mask(f) for f in faults])
    enrolments, duplicates = drop_duplicate_enrolments(frames["enrolments"])
    notes.add(DUPLICATE_ENROLMENTS, "enrolments", None, duplicates)
    own_texts, masked = read_texts(folder)
    for name, n in masked.items():
        notes.add(MASKED_PERSONAL_NUMBERS, "texts", f"{name}.md", n)
    return Dataset(
        providers=frames["providers"],
        enrolments=enrolments,
        survey=frames.get("survey"),
        checklist=frames.get("checklist"),
        plans=frames.get("plans"),
        dialog=dialog.dialog,
        replaced_plans=dialog.replaced,
        config=config,
        sources=tuple(sources),
        load_notes=notes.frame(),
        texts=own_texts,
    )
