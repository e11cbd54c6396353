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
class Dataset:
    """All tables of a data folder, validated and pseudonymised; optional tables may be None.

    Frames use the canonical English column names of `so_analysis.load.tables`; dates are
    datetime64 (NaT when empty); codes are canonical codes; ids are strings. `load_notes`
    counts what loading changed (rules `duplicate_enrolments`: rows counted once;
    `masked_personal_numbers`: personnummer masked in a text column), never the values.
    """

    providers: pd.DataFrame
    enrolments: pd.DataFrame
    survey: pd.DataFrame | None = None
    checklist: pd.DataFrame | None = None
    plans: pd.DataFrame | None = None
    config: Config = field(default_factory=Config)
    sources: tuple[SourceFile, ...] = ()
    load_notes: pd.DataFrame = field(default_factory=empty_load_notes)
    texts: dict[str, str] = field(default_factory=dict)  # DATA/texter/*.md by name, masked

    def provider_names(self) -> dict[str, str]:
        return dict(zip(self.providers["provider_id"], self.providers["name"], strict=True))
