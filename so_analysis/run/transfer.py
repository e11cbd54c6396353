"""The request sent to the notebook process: pickled, its arrays' data sent apart, texts packed.

Pickling an object array writes and memoises every element, and unpickling makes or looks each
up again one by one: for a million enrolments, most of the time it takes to hand them over. So
a large object array of texts travels packed, and is unpacked to the same values, in the same
order and shape:

- of few distinct texts (an expert, an outcome, a sex): as codes (a numeric array) and the
  distinct texts once, each missing value (None, NaN, pd.NA) kept as the very kind it was;
- of many distinct texts: as one joined text, split again on the other side.

Other arrays, and small ones, are pickled as usual. The data of numeric arrays (dates, codes)
goes beside the pickle (protocol 5's out-of-band buffers) and is received straight into the
memory the arrays then use: no copy is held twice at once.
"""

from __future__ import annotations

import contextlib
import io
import math
import pickle
import threading
from multiprocessing.connection import Connection
from typing import Any, Literal

_LEAST = 50_000  # fewer elements are pickled as usual
_SAMPLE = 2_000  # elements looked at to judge whether the texts are mostly distinct
_SEPARATOR = "\x00"


class Sender:
    """Sends values over `conn` to `receive`."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._writing: threading.Thread | None = None

    def send(self, value: Any, wait: bool = True) -> None:
        """Pickle `value` now; send it before returning, or (not `wait`) from a thread while
        this one goes on."""
        self.wait()
        buffers: list[pickle.PickleBuffer] = []
        stream = io.BytesIO()
        pickler = _Pickler(stream, protocol=5, buffer_callback=buffers.append)
        pickler.dump(value)
        views = [buffer.raw() for buffer in buffers]
        chunks = [pickle.dumps([view.nbytes for view in views]), *views, stream.getbuffer()]
        if wait:
            _write(self._conn, chunks)
        else:
            self._writing = threading.Thread(target=_write, args=(self._conn, chunks), daemon=True)
            self._writing.start()

    def wait(self) -> None:
        """Until what a thread sends is written."""
        if self._writing is not None:
            self._writing.join()
            self._writing = None


def _write(conn: Connection, chunks: list[Any]) -> None:
    with contextlib.suppress(OSError):  # a broken pipe: the reading side says why
        for chunk in chunks:
            conn.send_bytes(chunk)


def receive(conn: Connection) -> Any:
    """What `Sender.send` sent: the arrays' data is received in place, never copied again."""
    sizes = pickle.loads(conn.recv_bytes())
    buffers = [bytearray(size) for size in sizes]  # writable: arrays on them are too
    for buffer in buffers:
        conn.recv_bytes_into(buffer)
    try:
        return pickle.loads(conn.recv_bytes(), buffers=buffers)
    finally:
        _SPLIT.clear()


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any, **kwargs: Any) -> None:
        import numpy as np

        super().__init__(file, **kwargs)
        self._ndarray = np.ndarray

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects of non-builtin types only (not for each text in a column).
        if type(obj) is self._ndarray and obj.dtype.hasobject and obj.size >= _LEAST:
            packed = _pack(obj)
            if packed is not None:
                return packed
        return NotImplemented


def _pack(array: Any) -> tuple[Any, tuple[Any, ...]] | None:
    """How an object array of texts (and missing values) travels: `_decode` of codes or
    `_unpack` of joined texts; None for anything else (pickled as usual)."""
    import numpy as np

    if array.dtype != np.dtype(object):
        return None
    order: Literal["C", "F"] = "C"
    if array.flags.f_contiguous and not array.flags.c_contiguous:
        order = "F"
    flat = array.ravel(order=order)
    sample = flat[:_SAMPLE].tolist()
    if len(set(map(id, sample))) < len(sample) // 2:  # few distinct objects
        coded = _encode(flat)
        return None if coded is None else (_decode, (*coded, array.shape, order))
    joined = _join(flat.tolist())
    return None if joined is None else (_unpack, (*joined, array.shape, order))


# The missing values an object column may hold, each restored as the same kind it was.
def _missing_kinds() -> dict[type, Any]:
    import pandas as pd

    return {type(None): None, float: math.nan, type(pd.NA): pd.NA}


def _encode(flat: Any) -> tuple[Any, list[str], list[Any]] | None:
    """(codes, distinct texts, missing values) of a flat object array of texts and missing
    values: code i < len(texts) is texts[i], the codes after them the missing values in turn.
    None when it holds anything else."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(flat)  # every missing value: -1
    texts = uniques.tolist()
    if not all(type(text) is str for text in texts):
        return None
    missing = np.flatnonzero(codes < 0)
    known = _missing_kinds()
    values = flat[missing].tolist()
    kinds = list(set(map(type, values)))
    if not set(kinds) <= known.keys():
        return None  # NaT, a number factorize took for missing: pickled as usual
    if len(kinds) == 1:
        codes[missing] = len(texts)
    elif kinds:
        code = {kind: len(texts) + i for i, kind in enumerate(kinds)}
        codes[missing] = np.fromiter(map(code.__getitem__, map(type, values)), np.intp, len(values))
    small = codes.astype(np.min_scalar_type(len(texts) + len(kinds)))
    return small, texts, [known[kind] for kind in kinds]


def _decode(
    codes: Any, texts: list[str], missing: list[Any], shape: tuple[int, ...], order: str
) -> Any:
    import numpy as np

    table = np.empty(len(texts) + len(missing), dtype=object)
    table[:] = [*texts, *missing]
    return table[codes].reshape(shape, order=order)  # type: ignore[call-overload]


def _join(items: list[Any]) -> tuple[str, int, Any] | None:
    """(joined texts, count, positions of None) of mostly distinct texts and None, else None."""
    import numpy as np

    kinds = set(map(type, items))
    if not kinds <= {str, type(None)}:
        return None
    nones = None
    if type(None) in kinds:
        nones = np.flatnonzero([item is None for item in items])
        items = ["" if item is None else item for item in items]
    joined = _SEPARATOR.join(items)
    if joined.count(_SEPARATOR) != len(items) - 1:
        return None  # a text holds the separator
    return joined, len(items), nones


_SPLIT: dict[str, list[str]] = {}  # while unpickling: the same texts split once


def _unpack(
    joined: str, count: int, nones: Any, shape: tuple[int, ...], order: Literal["C", "F"]
) -> Any:
    import numpy as np

    parts = _SPLIT.get(joined)
    if parts is None:
        parts = _SPLIT[joined] = joined.split(_SEPARATOR)
    array = np.empty(count, dtype=object)
    array[:] = parts
    if nones is not None:
        array[nones] = None
    return array.reshape(shape, order=order)
