"""Writing workbook cells: text is always stored as text, never as a formula (docs/method.md §4).

openpyxl turns any string that starts with `=` into a formula, and Excel or LibreOffice would
evaluate it (`=HYPERLINK(…)` in an expert's name, `+46 …` in a comment). Every writer of a
workbook (`indikatorer.xlsx`, the dialog templates) puts its text through `set_text`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from openpyxl.cell.cell import Cell, MergedCell

# Characters XML 1.0 cannot hold at all (openpyxl would raise IllegalCharacterError).
_ILLEGAL = {c: "\ufffd" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}

C = TypeVar("C", Cell, MergedCell)


def set_text(cell: C, text: Any) -> C:
    """Store `text` in `cell` as a text cell, never a formula; None leaves the cell empty.

    Control characters that XML cannot store are replaced by U+FFFD instead of failing.
    """
    if text is None:
        cell.value = None
        return cell
    cell.value = str(text).translate(_ILLEGAL)
    cell.data_type = "s"  # after assigning: openpyxl has guessed "f" for a leading "="
    return cell
