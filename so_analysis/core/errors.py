"""The one error type for invalid input: a list of faults, each naming file, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from so_analysis.core.personal_numbers import mask_personal_numbers

if TYPE_CHECKING:
    from so_analysis.core.texts import Texts

MAX_FAULTS_SHOWN = 20


@dataclass(frozen=True)
class InputFault:
    """One fault in the input, located as the analyst sees it (line in a CSV, row in Excel)."""

    file: str
    expected: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    sheet: str | None = None  # a workbook's sheet, when the file has several
    cell: str | None = None  # an Excel cell reference such as 'B3'

    def describe(self) -> str:
        """The fault in one line, with anything personnummer-like masked (file names too)."""
        t = _texts()
        where = [self.file]
        if self.sheet is not None:
            where.append(t("errors.sheet", sheet=self.sheet))
        if self.cell is not None:
            where.append(t("errors.cell", cell=self.cell))
        if self.row is not None:
            where.append(t("errors.row", row=self.row))
        if self.column is not None:
            where.append(t("errors.column", column=self.column))
        shown = "" if self.value is None else t("errors.value", value=self.value)
        line = t("errors.fault", where=", ".join(where), value=shown, expected=self.expected)
        return mask_personal_numbers(line)


class InputError(Exception):
    """The input is invalid; the run exits with code 2 and writes nothing."""

    def __init__(self, faults: list[InputFault]):
        self.faults = list(faults)
        super().__init__(self.message())

    def message(self) -> str:
        """Every fault (at most MAX_FAULTS_SHOWN), masked: safe to print and to log."""
        t = _texts()
        lines = [t.n("errors.heading", len(self.faults))]
        lines += [f"  - {f.describe()}" for f in self.faults[:MAX_FAULTS_SHOWN]]
        if len(self.faults) > MAX_FAULTS_SHOWN:
            lines.append("  " + t.n("errors.more", len(self.faults) - MAX_FAULTS_SHOWN))
        return "\n".join(lines)


def _texts() -> Texts:
    """The Swedish texts (read when a fault is first described: importing this module is cheap)."""
    from so_analysis.core.texts import texts

    return texts("sv")
