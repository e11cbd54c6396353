"""The validated, pseudonymised input in memory: one frame per table plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from so_analysis.core.config import Config

# Column holding the row as the analyst sees it (CSV line, Excel row) in every loaded frame.
SOURCE_ROW = "_row"
# Columns of `Dataset.load_notes`: what loading changed, by rule, table and column.
LOAD_NOTE_COLUMNS = ("rule", "table", "column", "n")


def empty_load_notes() -> pd.DataFrame:
    """A `load_notes` frame with no rows: rule, table, column (str or None), n (int)."""
    return pd.DataFrame(
        {
            "rule": pd.Series(dtype=object),
            "table": pd.Series(dtype=object),
            "column": pd.Series(dtype=object),
            "n": pd.Series(dtype="int64"),
        }
    )


@dataclass(frozen=True)
class SourceFile:
    """One input file (or one sheet of a workbook) that was read."""

    table: str
    path: str  # file name relative to the data folder
    sheet: str | None
    sha256: str
    rows: int


@dataclass(frozen=True)
class UnusedColumn:
    """A column of an input file read but used for nothing: its header names no column of the
    data contract (or one already found), or it has no header. Named in the data-quality
    appendix; file, sheet and header masked."""

    table: str
    file: str  # the file as faults name it ('data.xlsx [enkat]' for a sheet of a workbook)
    sheet: str | None  # the worksheet of a workbook holding one table (else None)
    position: int  # from 1, left to right
    letter: str | None  # the column's letter in a workbook (None for a CSV file)
    header: str  # as written ('' when the column has none)


@dataclass(frozen=True)
class Dataset:
    """All tables of a data folder, validated and pseudonymised; optional tables may be None.

    Frames use the canonical English column names of `so_analysis.load.tables`; dates are
    datetime64 (NaT when empty); codes are canonical codes; ids are strings. `load_notes`
    counts what loading changed (rules `duplicate_enrolments`: rows counted once;
    `masked_personal_numbers`: personnummer masked in a text column; `plan_rows_replaced`: plan
    rows of the table replaced by a returned template), never the values. Plans followed up in a
    template carry `reported_status`, `reported_follow_up` and `reported_in` (its period).
    `module_headers` holds the header each survey `module_*` column had in the file (masked),
    so that a question that is not one of the eight named blocks is shown as the municipality
    named it; `unused_columns` the columns read and used for nothing.
    """

    providers: pd.DataFrame
    enrolments: pd.DataFrame
    survey: pd.DataFrame | None = None
    checklist: pd.DataFrame | None = None
    plans: pd.DataFrame | None = None
    config: Config = field(default_factory=Config)
    sources: tuple[SourceFile, ...] = ()
    load_notes: pd.DataFrame = field(default_factory=empty_load_notes)
    # From returned dialog templates (`load.dialog_merge`): the visit's notes (provider_id,
    # period, topic, expert_comment, municipality_notes, _row, _file), and which plan rows of
    # the table a template replaced (provider_id, period, file, table_file, table_rows, n_table,
    # n_template). None when no template came back (or none replaced anything).
    dialog: pd.DataFrame | None = None
    replaced_plans: pd.DataFrame | None = None
    texts: dict[str, str] = field(default_factory=dict)  # DATA/texter/*.md by name, masked
    module_headers: dict[str, str] = field(default_factory=dict)  # module_* -> header, masked
    unused_columns: tuple[UnusedColumn, ...] = ()

    def expert_names(self) -> dict[str, str]:
        return dict(zip(self.providers["provider_id"], self.providers["name"], strict=True))
