"""The codes a column of text was made by, kept for whatever asks each of its values.

Loading reads each CSV column but the participants' ids as a category, converts each distinct
value once and spreads the results over the rows by their codes (`load.convert`); the
classification makes its exclusion rules the same way. The codes of each column so made are kept
here with the column, so that validation and the analysis ask each distinct value once whether
it is allowed, missing, or which expert or sex it is (`isin`, `isna`, `get_indexer`: the same
answers as pandas', a thousand times fewer questions for a million rows). A column that is not
that very array (a copy, a filtered frame's) is asked row by row, as pandas would.

The participants' ids are factorised once too (`factorize`): duplicate records are found by
them, and each person's first start (`measure.outcomes.first_starts`) takes the same codes
(`labels`). Such codes label values exactly (equal ids, equal codes), which lookup codes need
not (two spellings of one outcome may have two codes).

The codes are kept as long as the column lives (a weak reference to it), never longer, and
stay true: the frames loading and classification return are guarded (`guard`), so that writing
to one copies the column written to rather than changing the values its codes were made from.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class _Kept:
    column: weakref.ref  # the array owning the column's memory
    where: tuple[object, ...]  # where in it the column lies
    codes: np.ndarray
    table: np.ndarray | None  # what the codes index: the values, then the missing one (code -1)
    exact: bool  # a factorisation: equal values have equal codes


_KNOWN: dict[int, _Kept] = {}  # by id of the array owning the column's memory


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


def _keep(values: np.ndarray, codes: np.ndarray, table: np.ndarray | None, exact: bool) -> None:
    root, where = _where(values)
    key = id(root)
    if key not in _KNOWN:
        weakref.finalize(root, _KNOWN.pop, key, None)
    codes = codes.view()
    codes.flags.writeable = False
    _KNOWN[key] = _Kept(weakref.ref(root), where, codes, table, exact)


def _kept(values: np.ndarray) -> _Kept | None:
    if values.dtype != object:
        return None
    root, where = _where(values)
    found = _KNOWN.get(id(root))
    if found is None or found.column() is not root or found.where != where:
        return None
    return found


# By id of a frame whose columns have kept codes: a view of each such column, held while the
# frame lives, so that a write to the frame gives it a copy of the column (pandas' copy on
# write) and leaves the coded one as it was.
_GUARDS: dict[int, list[pd.Series]] = {}


def guard(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the codes of `frame`'s columns true however the frame is written to afterwards (an
    analyst correcting a value in a notebook): a write then copies the column, whose codes are
    no longer asked for. Returns `frame`."""
    views = [frame[c] for c in frame.columns if _kept(frame[c].to_numpy()) is not None]
    if views:
        key = id(frame)
        if key not in _GUARDS:
            weakref.finalize(frame, _GUARDS.pop, key, None)
        _GUARDS[key] = views
    return frame


def remember(
    values: np.ndarray,
    codes: np.ndarray,
    uniques: Sequence[object] | np.ndarray,
    missing: object = None,
) -> None:
    """Keep the codes `values` was made by: `uniques[code]`, `missing` where the code is -1."""
    _keep(values, codes, _table(uniques, missing), exact=False)


def distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The codes kept for this very column and the table they index (its last value stands for
    code -1), or None. A value may be in the table twice (two spellings of one code)."""
    found = _kept(values)
    if found is None or found.table is None:
        return None
    return found.codes, found.table


def factorize(values: np.ndarray) -> np.ndarray:
    """`pd.factorize` codes of an object column (-1 for a missing value), kept for `labels`
    (without the distinct values: for the participants' ids, a million of them); read-only."""
    known = labels(values)
    if known is None:
        _keep(values, pd.factorize(values)[0], None, exact=True)
        known = labels(values)
        assert known is not None
    return known


def labels(values: np.ndarray) -> np.ndarray | None:
    """The codes `factorize` kept for this very column (equal values, equal codes), or None."""
    found = _kept(values)
    return found.codes if found is not None and found.exact else None


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
