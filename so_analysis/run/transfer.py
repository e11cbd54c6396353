"""The request sent to the notebook process: pickled, its arrays' data sent apart, texts packed.

Pickling a column of a million distinct texts (participant ids) writes and memoises a million
objects, and unpickling makes them again one by one: most of the second it took to hand a
million enrolments to the notebook process. Here an object array of many distinct texts travels
as one joined text and is split again on the other side: the same values, in the same order and
shape; arrays of anything else, and small ones, are pickled as usual. The data of numeric
arrays (dates, row numbers) goes beside the pickle (protocol 5's out-of-band buffers) and is
received straight into the memory the arrays then use: no copy is held twice at once.
"""

from __future__ import annotations

import io
import pickle
from multiprocessing.connection import Connection
from typing import Any, Literal

_LEAST = 50_000  # fewer elements are pickled as usual
_SAMPLE = 2_000  # elements looked at to judge whether the texts are mostly distinct
_SEPARATOR = "\x00"


def send(conn: Connection, value: Any) -> None:
    """Send `value` to `receive` on the other end: the pickle, and each array's data apart."""
    buffers: list[pickle.PickleBuffer] = []
    stream = io.BytesIO()
    _Pickler(stream, protocol=5, buffer_callback=buffers.append).dump(value)
    views = [buffer.raw() for buffer in buffers]
    conn.send_bytes(pickle.dumps([view.nbytes for view in views]))
    for view in views:
        conn.send_bytes(view)
    conn.send_bytes(stream.getbuffer())


def receive(conn: Connection) -> Any:
    """What `send` sent: the arrays' data is received in place, never copied again."""
    sizes = pickle.loads(conn.recv_bytes())
    buffers = [bytearray(size) for size in sizes]  # writable: arrays on them are too
    for buffer in buffers:
        conn.recv_bytes_into(buffer)
    try:
        return pickle.loads(conn.recv_bytes(), buffers=buffers)
    finally:
        _SPLIT.clear()


class _Pickler(pickle.Pickler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        import numpy as np

        super().__init__(*args, **kwargs)
        self._ndarray = np.ndarray

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects of non-builtin types only (not for each text in a column).
        if type(obj) is self._ndarray and obj.dtype.hasobject and obj.size >= _LEAST:
            packed = _pack(obj)
            if packed is not None:
                return _unpack, packed
        return NotImplemented


def _pack(array: Any) -> tuple[Any, ...] | None:
    """(joined texts, count, positions of None, shape, order) of an object array of mostly
    distinct texts (and None), else None: pickled as usual."""
    import numpy as np

    if array.dtype != np.dtype(object):
        return None
    order: Literal["C", "F"] = "C"
    if array.flags.f_contiguous and not array.flags.c_contiguous:
        order = "F"
    items = array.ravel(order=order).tolist()
    if len(set(map(id, items[:_SAMPLE]))) < min(len(items), _SAMPLE) // 2:
        return None  # few distinct objects: the pickle memo shares them already
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
    return joined, len(items), nones, array.shape, order


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
