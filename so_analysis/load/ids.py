"""The participants' ids as integer codes, factorised once per load and reused.

Loading factorises the enrolments' `participant_id` to find duplicate records
(`loading.drop_duplicate_enrolments`); classification needs the same codes to mark each
person's first start (`measure.outcomes.first_starts`). The codes of the last column factorised
are kept with the column itself (a strong reference, so its memory cannot be reused for another
column while they are kept); a column that is not that very array is factorised anew. Codes
only label persons: two ids have the same code exactly when they are equal, so the figures do
not depend on whether the codes were reused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# the root array the codes were made from (kept, so its memory is not reused while they are),
# where in it the ids lay, and the codes
_last: tuple[object, tuple[int, tuple[int, ...], tuple[int, ...]], np.ndarray] | None = None


def _where(ids: np.ndarray) -> tuple[object, tuple[int, tuple[int, ...], tuple[int, ...]]]:
    """The array that owns `ids`' memory (pandas hands out read-only views of a column), and
    where in it `ids` lie: two views of the same column compare equal."""
    root: object = ids
    while isinstance(root, np.ndarray) and root.base is not None:
        root = root.base
    return root, (ids.__array_interface__["data"][0], ids.shape, ids.strides)


def participant_codes(ids: np.ndarray) -> np.ndarray:
    """`pd.factorize` codes of `ids` (-1 for a missing id), kept for `known_codes`."""
    global _last
    known = known_codes(ids)
    if known is not None:
        return known
    codes, _ = pd.factorize(ids)
    codes.flags.writeable = False
    root, where = _where(ids)
    _last = (root, where, codes)
    return codes


def known_codes(ids: np.ndarray) -> np.ndarray | None:
    """The codes `participant_codes` keeps, if they are of this very column, else None."""
    if _last is None or ids.dtype != object:
        return None
    root, where = _where(ids)
    return _last[2] if root is _last[0] and where == _last[1] else None
