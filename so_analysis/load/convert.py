"""Converting raw cells to typed canonical columns, a column at a time (docs/data.md §2).

CSV cells are all text: each column is factorised once and only its distinct values are
parsed, so a million rows with a few hundred dates cost a few hundred parses. Workbook cells
carry Excel's own types (numbers, dates, text) and are converted value by value. Faults (a date
or score that does not parse) are located only for the cells that fail.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.load.codes import distinct, isna, remember
from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.headers import ColumnMap, map_columns, missing_column_faults
from so_analysis.load.privacy import (
    get_key,
    mask_distinct,
    mask_text_values,
    pseudonymise_with_sex,
)
from so_analysis.load.raw import RawTable, T
from so_analysis.load.tables import (
    SEX_FROM_COLUMN,
    SEX_FROM_ID,
    SEX_SOURCE,
    Column,
    Kind,
    Table,
    code_lookup,
    normalize_key,
)
from so_analysis.load.validation import (
    EXPECT_DATE,
    EXPECT_NUMBER,
    EXPECT_SCORE,
    MODULE_PREFIX,
    display_value,
    fault_value,
)

_ISO_DATE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
# Dates a datetime64[ns] column holds (pandas' range), midnight to midnight.
FIRST_DATE, LAST_DATE = dt.date(1677, 9, 22), dt.date(2262, 4, 11)
EXPECT_DATE_RANGE = T("load.date_range", first=FIRST_DATE.isoformat(), last=LAST_DATE.isoformat())
_NAT = np.datetime64("NaT", "ns")


@dataclass
class Converted:
    frame: pd.DataFrame  # canonical columns + _row, ready for validation
    raw: pd.DataFrame  # values as written, per canonical column
    faults: list[InputFault]
    skip: set[tuple[object, str]]
    columns: ColumnMap
    masked: dict[str, int] = field(default_factory=dict)  # column -> personnummer masked


def _factorize(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes and the distinct values (texts as objects); a category's are read, not made.

    (A category may hold a value no cell has, such as the header's text: no code points to it.)
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories.to_numpy(dtype=object)
        return values.cat.codes.to_numpy(), categories
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def _take(converted: np.ndarray, codes: np.ndarray, fill: object) -> np.ndarray:
    if not len(converted):
        out = np.empty(len(codes), dtype=converted.dtype)
        out[:] = fill
        return out
    out = converted[codes]
    if (codes < 0).any():
        out[codes < 0] = fill
    return out


def _strip_or_none(values: np.ndarray) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = [v.strip() or None for v in values]
    return out


def _as_text_excel(raw: pd.Series) -> pd.Series:
    """Workbook cells as stripped text, None when empty (numbers rendered as Excel shows them)."""
    mapping: dict[object, object] = {}
    for value in pd.unique(raw.to_numpy(dtype=object)):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        text = (value if isinstance(value, str) else display_value(value)).strip()
        mapping[value] = text or None
    out = raw.map(mapping) if mapping else pd.Series(None, index=raw.index, dtype=object)
    out = out.astype(object)
    return out.where(out.notna(), None)


def as_text(raw: pd.Series, text_only: bool) -> pd.Series:
    """Cells as stripped text, None when empty."""
    if not text_only:
        return _as_text_excel(raw)
    codes, uniques = _factorize(raw)
    return pd.Series(
        _take(_strip_or_none(uniques), codes, None), index=raw.index, dtype=object, copy=False
    )


def _parse_date_texts(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct date texts -> datetime64[ns] (NaT when not a date) and the out-of-range mask."""
    out = np.full(len(texts), _NAT, dtype="datetime64[ns]")
    far = np.zeros(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        if text is None or not _ISO_DATE.fullmatch(text):
            continue
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            continue
        if FIRST_DATE <= day <= LAST_DATE:
            out[i] = np.datetime64(day, "ns")
        else:
            far[i] = True
    return out, far


def convert_date(raw: pd.Series, text_only: bool) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dates as datetime64[ns]; masks of cells that are not dates and of dates out of range."""
    if text_only:
        codes, uniques = _factorize(raw)
        texts = _strip_or_none(uniques)
        parsed, far = _parse_date_texts(texts)
        present = np.array([t is not None for t in texts], dtype=bool)
        values = _take(parsed, codes, _NAT)
        bad = _take(present & np.isnat(parsed) & ~far, codes, False)
        out_of_range = _take(far, codes, False)
    else:
        values, bad, out_of_range = _excel_dates(raw.to_numpy(dtype=object))
    index = raw.index
    return (
        pd.Series(values, index=index, dtype="datetime64[ns]", copy=False),
        pd.Series(bad.astype(bool), index=index, copy=False),
        pd.Series(out_of_range.astype(bool), index=index, copy=False),
    )


def _excel_dates(cells: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Excel date cells and ISO text -> datetime64[ns]; numbers and other values are not dates."""
    values = np.full(len(cells), _NAT, dtype="datetime64[ns]")
    bad = np.zeros(len(cells), dtype=bool)
    far = np.zeros(len(cells), dtype=bool)
    for i, cell in enumerate(cells):
        if cell is None or (isinstance(cell, float) and math.isnan(cell)):
            continue
        if isinstance(cell, str):
            text = cell.strip()
            if not text:
                continue
            parsed, out = _parse_date_texts(np.array([text], dtype=object))
            values[i], far[i], bad[i] = parsed[0], out[0], np.isnat(parsed[0]) and not out[0]
        elif isinstance(cell, (dt.datetime, dt.date)):
            day = dt.date(cell.year, cell.month, cell.day)
            if FIRST_DATE <= day <= LAST_DATE:
                values[i] = np.datetime64(day, "ns")
            else:
                far[i] = True
        else:
            bad[i] = True
    return values, bad, far


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
    if text_only:
        codes, uniques = _factorize(raw)
        present_u = np.array([bool(u.strip()) for u in uniques], dtype=bool)
        texts = pd.Series(uniques, dtype=object).str.replace(",", ".", regex=False)
        numbers_u = pd.to_numeric(texts, errors="coerce").to_numpy(dtype="float64")
        numbers_u = np.where(present_u & np.isfinite(numbers_u), numbers_u, np.nan)
        numbers = _take(numbers_u, codes, np.nan)
        bad = _take(present_u & np.isnan(numbers_u), codes, False)
        return pd.Series(numbers, index=raw.index, copy=False), pd.Series(
            bad, index=raw.index, copy=False
        )
    present = _as_text_excel(raw).notna()
    numbers = raw.where(present, None).map(lambda v: math.nan if v is None else _score_number(v))
    numbers = pd.Series(numbers, index=raw.index).astype("float64")
    numbers = numbers.where(np.isfinite(numbers))
    return numbers, present & numbers.isna()


def _map_text(text: pd.Series, lookup: Callable[[str], object]) -> pd.Series:
    """Apply `lookup` to every distinct text; None stays None."""
    codes, uniques = _factorize(text)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [lookup(u) for u in uniques]
    return pd.Series(_take(mapped, codes, None), index=text.index, dtype=object, copy=False)


def _lookup(
    table: Table, column: Column, providers: dict[str, str] | None
) -> Callable[[str], object] | None:
    """How a text becomes its canonical value: a code, an expert id, or itself (None)."""
    if column.kind in (Kind.CODE, Kind.BOOL) and column.codes:
        codes = code_lookup(column.codes)
        if column.codes == "bool":
            bools = {k: v == "true" for k, v in codes.items()}
            return lambda v: bools.get(normalize_key(v), v)
        return lambda v: codes.get(normalize_key(v), v)
    if column.name == "provider_id" and providers and table.name != "providers":
        return lambda v: providers.get(normalize_key(v), v)
    return None


def provider_lookup(providers: pd.DataFrame) -> dict[str, str]:
    lookup: dict[str, str] = {}
    valid = providers[providers["provider_id"].notna()]
    for pid, name in zip(valid["provider_id"], valid["name"], strict=True):
        if isinstance(name, str):
            lookup.setdefault(normalize_key(name), pid)
    for pid in valid["provider_id"]:
        lookup[normalize_key(pid)] = pid
    return lookup


def _empty_column(column: Column, index: pd.Index) -> pd.Series:
    if column.kind is Kind.DATE:
        return pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if column.kind in (Kind.SCORE, Kind.NUMBER):
        return pd.Series(np.nan, index=index, dtype="float64")
    empty = np.full(len(index), None, dtype=object)
    remember(empty, np.full(len(index), -1, dtype=np.int8), [])
    return pd.Series(empty, index=index, dtype=object, copy=False)


def _participant_ids(
    values: pd.Series, text_only: bool, key: bytes | None
) -> tuple[pd.Series, int, pd.Series]:
    """Stripped ids (None when empty), personnummer replaced by pseudonyms or masked inside
    other ids; how many were masked; and the sex an id that is a personnummer gives (else None).
    """
    text = values if text_only else _as_text_excel(values)
    ids, masked, sex = pseudonymise_with_sex(text.astype(object), get_key() if key is None else key)
    array = ids.to_numpy(dtype=object)
    empty = array == ""
    if empty.any():
        array = array.copy()
        array[empty] = None
        ids = pd.Series(array, index=ids.index, dtype=object, copy=False)
    return ids, masked, sex


def _with_sex(frame: dict[str, pd.Series], from_ids: pd.Series | None) -> dict[str, pd.Series]:
    """The enrolments' columns with `sex` filled in from the ids and `sex_source` after it."""
    sex, source = _with_sex_source(frame["sex"], from_ids)
    out: dict[str, pd.Series] = {}
    for name, values in frame.items():
        out[name] = sex if name == "sex" else values
        if name == "sex":
            out[SEX_SOURCE] = source
    return out


def _with_sex_source(written: pd.Series, from_ids: pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """An enrolment's sex from its `kön` cell (`written`), else from its id (`from_ids`); and
    where it came from (SEX_FROM_COLUMN, SEX_FROM_ID, None: unknown).

    A `kön` cell that is not a sex stays as written (validation reports it).
    """
    has_cell = ~isna(written)
    source = np.full(len(written), None, dtype=object)
    source[has_cell] = SEX_FROM_COLUMN
    sex = written.to_numpy(dtype=object, copy=True)
    sex[~has_cell] = None  # never NaN: an empty column is None throughout
    derived = np.zeros(len(written), dtype=bool)
    if from_ids is not None:
        derived = from_ids.notna().to_numpy() & ~has_cell
        sex[derived] = from_ids.to_numpy(dtype=object)[derived]
        source[derived] = SEX_FROM_ID
    known = distinct(written.to_numpy())
    if known is not None and not derived.any():  # the cells' values: their codes hold
        codes, table = known
        remember(sex, codes, table[:-1])
    index = written.index
    return pd.Series(sex, index=index, dtype=object, copy=False), pd.Series(
        source, index=index, dtype=object, copy=False
    )


def _csv_text(values: pd.Series, lookup: Callable[[str], object] | None) -> tuple[pd.Series, int]:
    """A CSV column as stripped text (None when empty), personnummer masked, then `lookup`.

    Works on the distinct values; returns the column and how many numbers were masked.
    """
    codes, uniques = _factorize(values)
    texts = _strip_or_none(uniques)
    masked_texts, counts = mask_distinct(texts)
    n = int(counts[codes[codes >= 0]].sum()) if counts is not None else 0
    if lookup is not None:
        mapped = np.empty(len(masked_texts), dtype=object)
        mapped[:] = [None if t is None else lookup(t) for t in masked_texts]
        masked_texts = mapped
    column = _take(masked_texts, codes, None)
    remember(column, codes, masked_texts)  # for validation: each distinct value checked once
    return pd.Series(column, index=values.index, dtype=object, copy=False), n


def convert(
    raw_table: RawTable,
    providers: dict[str, str] | None = None,
    key: bytes | None = None,
) -> Converted:
    """Typed canonical columns from the raw cells; faults for cells that do not parse.

    Free text and ids have anything personnummer-like masked (counted in `masked`); participant
    ids that are personnummer are pseudonymised instead.
    """
    table = raw_table.table
    cells = raw_table.cells
    index = cells.index
    columns = map_columns(table, raw_table.headers)
    faults = missing_column_faults(table, raw_table.label, columns, raw_table.headers)
    frame: dict[str, pd.Series] = {}
    raw: dict[str, pd.Series] = {}
    skip: set[tuple[object, str]] = set()
    masked: dict[str, int] = {}
    all_columns = list(table.columns) + [Column(m, (), Kind.SCORE) for m in columns.modules]
    text_only = raw_table.text_only
    from_ids: pd.Series | None = None  # the sex each participant id gives
    for column in all_columns:
        name = column.name
        if name not in columns.positions:
            frame[name] = _empty_column(column, index)
            continue
        position = columns.positions[name]
        values = cells[position]
        bad = far = None
        participant = table.name == "enrolments" and name == "participant_id"
        if participant:
            values, masked[name], from_ids = _participant_ids(values, text_only, key)
        raw[name] = values
        if column.kind is Kind.DATE:
            converted, bad, far = convert_date(values, text_only)
        elif column.kind in (Kind.SCORE, Kind.NUMBER):
            converted, bad = convert_score(values, text_only)
        elif participant:
            converted = values
        else:
            lookup = _lookup(table, column, providers)
            if text_only:
                converted, n = _csv_text(values, lookup)
            else:
                converted, n = mask_text_values(as_text(values, text_only))
                if lookup is not None:
                    converted = _map_text(converted, lookup)
            if column.kind in (Kind.ID, Kind.TEXT):
                masked[name] = n
        frame[name] = converted
        unparsed = {Kind.DATE: EXPECT_DATE, Kind.NUMBER: EXPECT_NUMBER}.get(
            column.kind, EXPECT_SCORE
        )
        for mask, expected in ((bad, unparsed), (far, EXPECT_DATE_RANGE)):
            if mask is None or not mask.any():
                continue
            for idx in index[mask.to_numpy()]:
                skip.add((idx, name))
                faults.append(
                    InputFault(
                        file=raw_table.label,
                        expected=expected,
                        column=columns.headers[name],
                        value=fault_value(table, name, values.at[idx]),
                        **raw_table.where(int(idx), position),
                    )
                )
    if table.name == "enrolments":
        frame = _with_sex(frame, from_ids)
    by_position = {position: name for name, position in columns.positions.items()}
    for idx, position in raw_table.reported:  # already a fault of the reader (a formula)
        if position in by_position:
            skip.add((idx, by_position[position]))
    out = pd.DataFrame(frame, index=index, copy=False)  # the columns as they are, none copied
    out[SOURCE_ROW] = raw_table.rows.astype("int64")
    masked = {name: n for name, n in masked.items() if n}
    return Converted(out, pd.DataFrame(raw, index=index, copy=False), faults, skip, columns, masked)


def finalize(table: Table, frame: pd.DataFrame) -> pd.DataFrame:
    """Final dtypes: dates datetime64[ns], scores Int64, bools bool, text/ids/codes object."""
    out = frame.copy(deep=False)  # each column is replaced below, the frame left as it was
    kinds = {c.name: c.kind for c in table.columns}
    for name in out.columns:
        if name == SOURCE_ROW:
            continue
        kind = kinds.get(name, Kind.SCORE if name.startswith(MODULE_PREFIX) else Kind.TEXT)
        if kind is Kind.SCORE:
            out[name] = out[name].round().astype("Int64")
        elif kind is Kind.NUMBER:
            out[name] = out[name].astype("float64")
        elif kind is Kind.DATE:
            out[name] = out[name].astype("datetime64[ns]")
        elif kind is Kind.BOOL:
            series = out[name]
            out[name] = series.astype(bool) if series.notna().all() else series.astype("boolean")
        else:  # text, ids and codes: object columns holding None when empty (as converted)
            out[name] = out[name].astype(object)
    out[SOURCE_ROW] = out[SOURCE_ROW].astype("int64")
    return out.reset_index(drop=True)
