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

import dataclasses
import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from so_analysis.core.errors import InputFault
from so_analysis.core.texts import texts
from so_analysis.load import codes as by_codes
from so_analysis.load.dataset import SOURCE_ROW
from so_analysis.load.privacy import MASK, mask_personal_numbers
from so_analysis.load.tables import CODES, Column, Kind, Table, normalize_key

if TYPE_CHECKING:
    import pandera.pandas as pa

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


@dataclass(frozen=True)
class Rule:
    """What one column's values must be: its type, the values allowed or the least one, unique
    (the experts' ids), and whether it may be empty; `error` says what was expected."""

    dtype: str | None = None
    allowed: tuple[object, ...] | None = None
    at_least: float | None = None
    unique: bool = False
    nullable: bool = True
    error: str = ""


def column_rules(
    table: Table,
    frame: pd.DataFrame,
    provider_ids: Collection[str] | None = None,
    missing: Collection[str] = (),
) -> dict[str, list[Rule]]:
    """The rules of each column of a converted table (a column may have two: a code and an
    expert, say). `provider_ids` (the experts of the providers table) enables the expert
    reference check; `missing` names required columns absent from the file (already a fault;
    not checked again)."""
    rules: dict[str, list[Rule]] = {}
    for column in table_columns(table, frame):
        nullable = not must_have_value(table, column) or column.name in missing
        found: list[Rule] = []
        if column.kind is Kind.DATE:
            found.append(Rule(dtype="datetime64[ns]"))
        elif column.kind is Kind.SCORE:
            found.append(Rule(allowed=SCORES, error=EXPECT_SCORE))
        elif column.kind is Kind.NUMBER:
            found.append(Rule(at_least=0, error=EXPECT_NUMBER))
        elif column.kind is Kind.CODE and column.codes:
            found.append(Rule(allowed=tuple(CODES[column.codes]), error=code_choices(column.codes)))
        elif column.kind is Kind.BOOL:
            found.append(Rule(allowed=(True, False), error=code_choices("bool")))
        if column.name == "provider_id":
            if table.name == "providers":
                found.append(Rule(unique=True, error=EXPECT_UNIQUE))
            elif provider_ids is not None:
                found.append(Rule(allowed=tuple(sorted(provider_ids)), error=EXPECT_EXPERT))
        rules[column.name] = [dataclasses.replace(rule, nullable=nullable) for rule in found] or [
            Rule(nullable=nullable)
        ]
    return rules


def build_schema(
    table: Table,
    frame: pd.DataFrame,
    provider_ids: Collection[str] | None = None,
    missing: Collection[str] = (),
) -> pa.DataFrameSchema:
    """The table's rules (`column_rules`) as one pandera DataFrameSchema.

    (pandera is imported here, only when some row may break a rule: a valid table is checked
    by `suspect_rows` alone.)"""
    import pandera.pandas as pa

    columns: dict[str, pa.Column] = {}
    for name, rules in column_rules(table, frame, provider_ids, missing).items():
        checks: list[pa.Check] = []
        for rule in rules:
            if rule.allowed is not None:
                checks.append(pa.Check.isin(list(rule.allowed), error=rule.error))
            elif rule.at_least is not None:
                checks.append(pa.Check.ge(rule.at_least, error=rule.error))
            elif rule.unique:
                checks.append(pa.Check(_not_duplicated, error=rule.error))
        columns[name] = pa.Column(
            rules[0].dtype, checks=checks, nullable=rules[0].nullable, required=False, coerce=False
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


def suspect_rows(rules: Mapping[str, list[Rule]], frame: pd.DataFrame) -> np.ndarray | None:
    """Rows that may break a rule of `column_rules` (None: check every row).

    Every rule is a null check, an allowed set, a least value or uniqueness, decided by the value
    alone (uniqueness by the column: any repeat sends the whole table to pandera), so a row that
    passes these vectorised tests passes the schema; pandera then reports on the suspects only,
    which keeps a million valid rows cheap. Column types are checked by `_types_as_declared`.
    """
    suspect = np.zeros(len(frame), dtype=bool)
    for name, column in rules.items():
        if name not in frame.columns:
            continue
        values = frame[name]
        nullable = column[0].nullable
        checked = [rule for rule in column if rule.allowed is not None or rule.at_least is not None]
        if any(rule.unique for rule in column) and not _not_duplicated(values).all():
            return None
        if nullable and not checked:
            continue
        if nullable and all(rule.at_least is not None for rule in checked):
            numbers = values.to_numpy(dtype="float64")
            for rule in checked:
                suspect |= ~(np.isnan(numbers) | (numbers >= rule.at_least))
            continue
        allowed_lists = [list(rule.allowed) for rule in checked if rule.allowed is not None]
        if len(allowed_lists) < len(checked):
            return None
        if not nullable and allowed_lists and not any(map(_has_missing, allowed_lists)):
            # a missing value is never among the allowed ones: `isin` flags it as well
            for allowed in allowed_lists:
                suspect |= ~by_codes.isin(values, allowed)
            continue
        missing = by_codes.isna(values)
        if not nullable:
            suspect |= missing
        for allowed in allowed_lists:
            suspect |= ~(by_codes.isin(values, allowed) | missing)
    return suspect


def _types_as_declared(rules: Mapping[str, list[Rule]], frame: pd.DataFrame) -> bool:
    """Whether every column a rule gives a type has exactly that type (the only column-level
    check besides the element-wise ones of `suspect_rows`)."""
    return all(
        column[0].dtype is None
        or (name in frame.columns and str(frame[name].dtype) == str(column[0].dtype))
        for name, column in rules.items()
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
    rules = column_rules(table, frame, provider_ids, missing)
    suspects = suspect_rows(rules, frame)
    if suspects is not None and not suspects.any() and _types_as_declared(rules, frame):
        return []  # no row can fail, nor any column's type: pandera would find nothing
    from pandera.errors import SchemaErrors

    schema = build_schema(table, frame, provider_ids, missing)
    try:
        schema.validate(frame if suspects is None else frame[suspects], lazy=True)
    except SchemaErrors as exc:
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
