"""The validated, pseudonymised input in memory: one frame per table plus where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from so_analysis.core.config import Config

# Column holding the row as the analyst sees it (CSV line, Excel row) in every loaded frame.
SOURCE_ROW = "_row"


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
    datetime64 (NaT when empty); codes are canonical codes; ids are strings.
    """

    providers: pd.DataFrame
    enrolments: pd.DataFrame
    survey: pd.DataFrame | None = None
    checklist: pd.DataFrame | None = None
    plans: pd.DataFrame | None = None
    config: Config = field(default_factory=Config)
    sources: tuple[SourceFile, ...] = ()

    def provider_names(self) -> dict[str, str]:
        return dict(zip(self.providers["provider_id"], self.providers["name"], strict=True))
