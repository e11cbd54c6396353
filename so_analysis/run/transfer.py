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

import contextlib
import io
import pickle
import threading
from multiprocessing.connection import Connection
from typing import Any, Literal

_LEAST = 50_000  # fewer elements are pickled as usual
_SAMPLE = 2_000  # elements looked at to judge whether the texts are mostly distinct
_SEPARATOR = "\x00"


class Sender:
    """Sends values over `conn` to a `Receiver`. A value sent `ahead` (the dataset, while this
    process analyses it) is not sent again: later values refer to it, and to its large arrays
    (the analysis's frames share the dataset's columns), which arrive as copies of those
    already received: the same values as a second pickle of them would give."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._objects: dict[int, Any] = {}  # id -> a value sent ahead (kept alive)
        self._arrays: dict[tuple[Any, ...], Any] = {}  # layout -> a large array sent ahead
        self._writing: threading.Thread | None = None

    def send(self, value: Any, ahead: bool = False, wait: bool = True) -> None:
        """Pickle `value` now (`ahead`: for later values to refer to); send it before returning,
        or (not `wait`) from a thread while this one goes on."""
        self.wait()
        buffers: list[pickle.PickleBuffer] = []
        stream = io.BytesIO()
        pickler = _Pickler(stream, self, value if ahead else None, protocol=5,
                           buffer_callback=buffers.append)  # fmt: skip
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

    def remember(self, key: Any, obj: Any) -> None:
        """`obj` goes ahead under `key` (a value by its id, an array by its layout)."""
        if isinstance(key, tuple) and key[:1] == ("value",):
            self._objects[id(obj)] = obj
        else:
            self._arrays[key] = obj

    def reference(self, obj: Any) -> tuple[Any, ...] | None:
        """How a later value refers to `obj` when it (or an array of its layout) went ahead."""
        if id(obj) in self._objects:
            return _sent_object, (("value", id(obj)),)
        key = _layout(obj)
        if key is not None and key in self._arrays:
            return _sent_array_copy, (key,)
        return None


def _write(conn: Connection, chunks: list[Any]) -> None:
    with contextlib.suppress(OSError):  # a broken pipe: the reading side says why
        for chunk in chunks:
            conn.send_bytes(chunk)


def _layout(obj: Any) -> tuple[Any, ...] | None:
    """Where a large array's data is and how it is laid out (views of one column agree)."""
    import numpy as np

    if type(obj) is not np.ndarray or obj.size < _LEAST:
        return None
    return (obj.__array_interface__["data"][0], obj.shape, obj.strides, obj.dtype.str)


_SENT: dict[Any, Any] = {}  # on the receiving side: what was sent ahead, by id and layout


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


def forget() -> None:
    """Let go of what was sent ahead (once the value referring to it has arrived)."""
    _SENT.clear()


def _sent_object(key: tuple[str, int]) -> Any:
    return _SENT[key]


def _sent_array_copy(key: tuple[Any, ...]) -> Any:
    return _SENT[key].copy(order="K")


def _register(key: Any, value: Any) -> Any:
    _SENT[key] = value
    return value


class _Pickler(pickle.Pickler):
    def __init__(self, file: Any, sender: Sender, ahead: Any, **kwargs: Any) -> None:
        import numpy as np

        super().__init__(file, **kwargs)
        self._ndarray = np.ndarray
        self._sender = sender
        self._ahead = ahead  # the value being sent ahead (None: a value that may refer to it)
        self._registered: set[int] = set()

    def reducer_override(self, obj: Any) -> Any:
        # Called for objects of non-builtin types only (not for each text in a column).
        if self._ahead is not None:
            if id(obj) not in self._registered:  # else: being pickled inside its registration
                key: Any = ("value", id(obj)) if obj is self._ahead else _layout(obj)
                if key is not None:
                    self._registered.add(id(obj))
                    self._sender.remember(key, obj)
                    return _register, (key, obj)
        else:
            reference = self._sender.reference(obj)
            if reference is not None:
                return reference
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
