"""The codes a column of text was converted by, kept for validation to reuse.

Loading reads each CSV column but the participants' ids as a category, converts each distinct
value once and spreads the results over the rows by their codes (`load.convert`). The codes of
each column so made are kept here with the column, so that validation asks each distinct value
once whether it is allowed or missing (`isin`, `isna`: the same answers as pandas', a thousand
times fewer questions for a million rows). A column that is not that very array (a copy, a
filtered frame's) is asked row by row, as pandas would.

The codes are kept as long as the column lives (a weak reference to it), never longer.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd

# id of the array owning a column's memory -> (a weak reference to it, where in it the column
# lies, its codes (-1: missing), the distinct values)
_KNOWN: dict[int, tuple[weakref.ref, tuple[object, ...], np.ndarray, np.ndarray]] = {}


def _where(values: np.ndarray) -> tuple[np.ndarray, tuple[object, ...]]:
    """The array that owns `values`' memory (pandas hands out read-only views of a column), and
    where in it `values` lie: two views of the same column agree."""
    root = values
    while isinstance(root.base, np.ndarray):
        root = root.base
    return root, (values.__array_interface__["data"][0], values.shape, values.strides)


def remember(values: np.ndarray, codes: np.ndarray, uniques: np.ndarray) -> None:
    """Keep `values`' codes and distinct values (`values` is `uniques[codes]`, None where -1)."""
    root, where = _where(values)
    key = id(root)
    if key not in _KNOWN:
        weakref.finalize(root, _KNOWN.pop, key, None)
    codes = codes.view()
    codes.flags.writeable = False
    _KNOWN[key] = (weakref.ref(root), where, codes, uniques)


def codes_of(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The codes and distinct values kept for this very column, or None."""
    if values.dtype != object:
        return None
    root, where = _where(values)
    found = _KNOWN.get(id(root))
    if found is None or found[0]() is not root or found[1] != where:
        return None
    return found[2], found[3]


def isin(values: pd.Series, allowed: list[object]) -> np.ndarray:
    """`values.isin(allowed)`, each distinct value looked up once when its codes are known."""
    known = codes_of(values.to_numpy())
    if known is None:
        return values.isin(allowed).to_numpy()
    codes, uniques = known
    table = pd.Index([*uniques, None], dtype=object).isin(allowed)
    return table[codes]  # code -1 (None) is the table's last


def isna(values: pd.Series) -> np.ndarray:
    """`values.isna()`, each distinct value looked at once when its codes are known."""
    known = codes_of(values.to_numpy())
    if known is None:
        return values.isna().to_numpy()
    codes, uniques = known
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1], table[-1] = uniques, None
    return pd.isna(table)[codes]
