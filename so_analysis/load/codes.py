"""The codes a column of text was made by, kept for whatever asks each of its values.

Loading reads each CSV column but the participants' ids as a category, converts each distinct
value once and spreads the results over the rows by their codes (`load.convert`); the
classification makes its exclusion rules the same way. The codes of each column so made are kept
here with the column, so that validation and the analysis ask each distinct value once whether
it is allowed, missing, or which expert or sex it is (`isin`, `isna`, `get_indexer`: the same
answers as pandas', a thousand times fewer questions for a million rows). A column that is not
that very array (a copy, a filtered frame's) is asked row by row, as pandas would.

The codes are kept as long as the column lives (a weak reference to it), never longer.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

# id of the array owning a column's memory -> (a weak reference to it, where in it the column
# lies, its codes, the table of values they index: the distinct values, then the missing one,
# which code -1 indexes)
_KNOWN: dict[int, tuple[weakref.ref, tuple[object, ...], np.ndarray, np.ndarray]] = {}


def _where(values: np.ndarray) -> tuple[np.ndarray, tuple[object, ...]]:
    """The array that owns `values`' memory (pandas hands out read-only views of a column), and
    where in it `values` lie: two views of the same column agree."""
    root = values
    while isinstance(root.base, np.ndarray):
        root = root.base
    return root, (values.__array_interface__["data"][0], values.shape, values.strides)


def _table(uniques: Sequence[object] | np.ndarray, missing: object) -> np.ndarray:
    table = np.empty(len(uniques) + 1, dtype=object)
    table[:-1], table[-1] = uniques, missing
    return table


def remember(
    values: np.ndarray,
    codes: np.ndarray,
    uniques: Sequence[object] | np.ndarray,
    missing: object = None,
) -> None:
    """Keep the codes `values` was made by: `uniques[code]`, `missing` where the code is -1."""
    root, where = _where(values)
    key = id(root)
    if key not in _KNOWN:
        weakref.finalize(root, _KNOWN.pop, key, None)
    codes = codes.view()
    codes.flags.writeable = False
    _KNOWN[key] = (weakref.ref(root), where, codes, _table(uniques, missing))


def distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The codes kept for this very column and the table they index (its last value stands for
    code -1), or None. A value may be in the table twice (two spellings of one code)."""
    if values.dtype != object:
        return None
    root, where = _where(values)
    found = _KNOWN.get(id(root))
    if found is None or found[0]() is not root or found[1] != where:
        return None
    return found[2], found[3]


def factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`distinct`, or a `pd.factorize` of the column: codes, and a table whose last value (None)
    stands for the missing values. For asking each distinct value once, not for grouping."""
    found = distinct(values)
    if found is not None:
        return found
    codes, uniques = pd.factorize(values)
    return codes, _table(list(uniques), None)


def isin(values: pd.Series, allowed: Collection[object]) -> np.ndarray:
    """`values.isin(allowed)`, each distinct value looked up once when its codes are known."""
    found = distinct(values.to_numpy())
    if found is None:
        return values.isin(allowed).to_numpy()
    codes, table = found
    return pd.Index(table, dtype=object).isin(allowed)[codes]


def isna(values: pd.Series) -> np.ndarray:
    """`values.isna()`, each distinct value looked at once when its codes are known."""
    found = distinct(values.to_numpy())
    if found is None:
        return values.isna().to_numpy()
    codes, table = found
    return pd.isna(table)[codes]


def get_indexer(labels: Sequence[object], values: pd.Series) -> np.ndarray:
    """Each value's position among `labels` (-1: none), each distinct value looked up once when
    its codes are known."""
    index = pd.Index(labels, dtype=object)
    found = distinct(values.to_numpy())
    if found is None:
        return index.get_indexer(values)
    codes, table = found
    return index.get_indexer(table)[codes]
