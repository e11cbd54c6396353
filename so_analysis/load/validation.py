"""Structural checks of the converted input frames (docs/data.md §4) with pandera.

The loader converts the text of every file to typed columns (`so_analysis.load.loading`); values it
cannot parse at all (a date such as '2016-13-45', a score such as 'bra') are faults found by the
conversion. Everything else (required values present, scores 1–5, codes known, experts known,
expert ids unique) is checked here, lazily, so every fault of a table is reported at once. Each
fault names the file, the row as the analyst sees it (`_row`), the column as written in the file,
the value as written and what was expected, in Swedish.

Dates out of order (start before registration and so on) are *not* faults: the analysis leaves
such enrolments out and counts them in the data-quality appendix.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping

import numpy as np
import pandas as pd
import pandera.pandas as pa

from so_analysis.core.errors import InputFault
from so_analysis.core.texts import texts
from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.privacy import MASK, mask_personal_numbers
from so_analysis.load.tables import CODES, Column, Kind, Table, normalize_key

SCORES = (1, 2, 3, 4, 5)

T = texts("sv")
EXPECT_DATE = T("load.expect.date")
EXPECT_SCORE = T("load.expect.score")
EXPECT_NUMBER = T("load.expect.number")
EXPECT_ID = T("load.expect.id")
EXPECT_TEXT = T("load.expect.text")
EXPECT_EXPERT = T("load.expect.expert")
EXPECT_UNIQUE = T("load.expect.unique_expert")
EXPECT_NOT_EMPTY_SUFFIX = T("load.expect.not_empty")

# Required columns whose cells may be empty: the column must exist, the value is optional.
NULLABLE_REQUIRED: frozenset[tuple[str, str]] = frozenset(
    {("enrolments", "started"), ("enrolments", "ended"), ("enrolments", "dropout_reason")}
)

# Columns holding identifying values: their values are never shown in a message.
HIDDEN_COLUMNS: frozenset[tuple[str, str]] = frozenset({("enrolments", "participant_id")})

# Tables whose provider_id refers to the providers table.
REFERRING_TABLES = ("enrolments", "survey", "checklist", "plans")

# The name pandera gives a `Check.ge` (a number column's only check).
AT_LEAST = "greater_than_or_equal_to"

# Prefix of the survey's module columns, and their kind.
MODULE_PREFIX = "module_"


def code_choices(codes: str) -> str:
    """'en av: arbete, studier, …' listing the first (readable) spelling of every code."""
    labels = [spellings[0] if spellings else code for code, spellings in CODES[codes].items()]
    if codes == "bool":
        return T("load.expect.yes_or_no")
    return T("load.expect.one_of", choices=", ".join(labels))


def expected_for(column: Column) -> str:
    """What a valid value of the column looks like, in Swedish."""
    if column.kind is Kind.DATE:
        return EXPECT_DATE
    if column.kind is Kind.SCORE:
        return EXPECT_SCORE
    if column.kind is Kind.NUMBER:
        return EXPECT_NUMBER
    if column.kind in (Kind.CODE, Kind.BOOL) and column.codes:
        return code_choices(column.codes)
    if column.kind is Kind.TEXT:
        return EXPECT_TEXT
    return EXPECT_ID


def must_have_value(table: Table, column: Column) -> bool:
    """Required columns must hold a value in every row, except a few (start, end, reason)."""
    return column.required and (table.name, column.name) not in NULLABLE_REQUIRED


def module_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if isinstance(c, str) and c.startswith(MODULE_PREFIX)]


def table_columns(table: Table, frame: pd.DataFrame) -> list[Column]:
    """The table's declared columns plus the survey's module_* columns present in the frame."""
    cols = list(table.columns)
    if table.prefix_columns:
        cols += [Column(name, (), Kind.SCORE) for name in module_columns(frame)]
    return cols


def _not_duplicated(series: pd.Series) -> pd.Series:
    keys = series.map(lambda v: normalize_key(v) if isinstance(v, str) else v)
    return ~(keys.duplicated(keep="first") & series.notna())


def build_schema(
    table: Table,
    frame: pd.DataFrame,
    provider_ids: Collection[str] | None = None,
    missing: Collection[str] = (),
) -> pa.DataFrameSchema:
    """One DataFrameSchema for a converted table.

    `provider_ids` (the experts of the providers table) enables the expert reference check;
    `missing` names required columns absent from the file (already a fault; not checked again).
    """
    columns: dict[str, pa.Column] = {}
    for column in table_columns(table, frame):
        checks: list[pa.Check] = []
        dtype = None
        if column.kind is Kind.DATE:
            dtype = "datetime64[ns]"
        elif column.kind is Kind.SCORE:
            checks.append(pa.Check.isin(list(SCORES), error=EXPECT_SCORE))
        elif column.kind is Kind.NUMBER:
            checks.append(pa.Check.ge(0, error=EXPECT_NUMBER))
        elif column.kind is Kind.CODE and column.codes:
            checks.append(
                pa.Check.isin(list(CODES[column.codes]), error=code_choices(column.codes))
            )
        elif column.kind is Kind.BOOL:
            checks.append(pa.Check.isin([True, False], error=code_choices("bool")))
        if column.name == "provider_id":
            if table.name == "providers":
                checks.append(pa.Check(_not_duplicated, error=EXPECT_UNIQUE))
            elif provider_ids is not None:
                checks.append(pa.Check.isin(sorted(provider_ids), error=EXPECT_EXPERT))
        nullable = not must_have_value(table, column) or column.name in missing
        columns[column.name] = pa.Column(
            dtype, checks=checks, nullable=nullable, required=False, coerce=False
        )
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def display_value(value: object) -> str:
    """A cell value as the analyst wrote it (Excel cells rendered as Excel would show them)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        if value.hour == value.minute == value.second == 0:
            return value.strftime("%Y-%m-%d")
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def fault_value(table: Table, column: str, value: object) -> str:
    """The value shown in a message: participant ids never, personnummer-like text masked."""
    if (table.name, column) in HIDDEN_COLUMNS:
        return MASK
    return mask_personal_numbers(display_value(value))


def _expected_of_check(check: str, column: Column) -> str:
    if check == "not_nullable":
        base = expected_for(column)
        if column.kind in (Kind.ID, Kind.TEXT):
            return base
        return base + EXPECT_NOT_EMPTY_SUFFIX
    if check.startswith("dtype("):
        return expected_for(column)
    return check


def suspect_rows(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> np.ndarray | None:
    """Rows that may fail the schema's element-wise checks (None: check every row).

    Every check here is a null check, `isin` or `ge`, decided by the value alone, so a row that
    passes these vectorised tests passes the schema; pandera then reports on the suspects only,
    which keeps a million valid rows cheap. Column-level checks (dtype) still see the columns.
    """
    suspect = np.zeros(len(frame), dtype=bool)
    for name, column in schema.columns.items():
        if name not in frame.columns:
            continue
        if column.nullable and not column.checks:
            continue
        values = frame[name]
        if column.nullable and [check.name for check in column.checks] == [AT_LEAST]:
            least = column.checks[0].statistics["min_value"]
            numbers = values.to_numpy(dtype="float64")
            suspect |= ~(np.isnan(numbers) | (numbers >= least))
            continue
        found = [
            check.statistics.get("allowed_values") if check.name == "isin" else None
            for check in column.checks
        ]
        allowed_lists = [list(allowed) for allowed in found if allowed is not None]
        if len(allowed_lists) < len(found):
            return None
        if not column.nullable and allowed_lists and not any(map(_has_missing, allowed_lists)):
            # a missing value is never among the allowed ones: `isin` flags it as well
            for allowed in allowed_lists:
                suspect |= ~values.isin(allowed).to_numpy()
            continue
        missing = values.isna().to_numpy()
        if not column.nullable:
            suspect |= missing
        for allowed in allowed_lists:
            suspect |= ~(values.isin(allowed).to_numpy() | missing)
    return suspect


def _dtypes_as_declared(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """Whether every column the schema gives a type has exactly that type (the only column-level
    check it makes besides the element-wise ones of `suspect_rows`)."""
    return all(
        column.dtype is None
        or (name in frame.columns and str(frame[name].dtype) == str(column.dtype))
        for name, column in schema.columns.items()
    )


def _has_missing(values: Collection[object]) -> bool:
    return any(v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))
               for v in values)  # fmt: skip


def validate_table(
    table: Table,
    frame: pd.DataFrame,
    file_label: str,
    headers: Mapping[str, str],
    *,
    raw: pd.DataFrame | None = None,
    provider_ids: Collection[str] | None = None,
    missing: Collection[str] = (),
    skip: Iterable[tuple[object, str]] = (),
) -> list[InputFault]:
    """Check one converted table; return its faults (empty when valid), ordered by row.

    `frame` has canonical columns and `_row`; `headers` maps canonical names to the headers as
    written in the file; `raw` (same index) holds the values as written, shown in messages;
    `skip` lists (index, column) cells already reported by the conversion.
    """
    schema = build_schema(table, frame, provider_ids, missing)
    suspects = suspect_rows(schema, frame)
    if suspects is not None and not suspects.any() and _dtypes_as_declared(schema, frame):
        return []  # no row can fail, nor any column's type: pandera would find nothing
    try:
        schema.validate(frame if suspects is None else frame[suspects], lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    skipped = set(skip)
    by_name = {c.name: c for c in table_columns(table, frame)}
    faults: list[tuple[tuple[int, int], InputFault]] = []
    order = {name: i for i, name in enumerate(by_name)}
    rows = frame[SOURCE_ROW] if SOURCE_ROW in frame.columns else None
    for case in cases.itertuples(index=False):
        name = case.column
        column = by_name.get(name)
        if column is None:
            continue
        index = case.index
        has_row = index is not None and not (isinstance(index, float) and math.isnan(index))
        if has_row and (index, name) in skipped:
            continue
        expected = _expected_of_check(str(case.check), column)
        header = headers.get(name, name)
        if has_row:
            row = int(rows.loc[index]) if rows is not None else None
            if raw is not None and name in raw.columns:
                value = raw.at[index, name]
            else:
                value = case.failure_case
            fault = InputFault(
                file=file_label,
                expected=expected,
                row=row,
                column=header,
                value=fault_value(table, name, value),
            )
            faults.append(((row or 0, order.get(name, 0)), fault))
        else:
            faults.append(
                ((0, order.get(name, 0)), InputFault(file_label, expected, column=header))
            )
    faults.sort(key=lambda item: item[0])
    return [fault for _, fault in faults]
