"""The request handed to the notebook process arrives as it was sent (run.transfer)."""

import threading
from multiprocessing import Pipe

import numpy as np
import pandas as pd
import pytest

from so_analysis.run import transfer


def _round_trip(value):
    ours, theirs = Pipe()
    sender = threading.Thread(target=transfer.send, args=(ours, value))
    sender.start()  # a pipe holds little: receive while it sends
    try:
        return transfer.receive(theirs)
    finally:
        sender.join()
        ours.close()
        theirs.close()


def _ids(n, prefix="p"):
    return [f"{prefix}{i:07d}" for i in range(n)]


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert list(a.dtypes) == list(b.dtypes)
    for column in a.columns:
        assert [type(v) for v in a[column]] == [type(v) for v in b[column]]


@pytest.mark.parametrize("n", [10, 60_000])
def test_frames_with_many_distinct_texts_arrive_unchanged(n):
    ids = _ids(n)
    ids[3] = None
    ids[-1] = ""
    frame = pd.DataFrame(
        {
            "participant_id": pd.Series(ids, dtype=object),
            "provider_id": pd.Series(["a", "b"] * (n // 2), dtype=object),
            "registered": pd.date_range("2016-01-01", periods=n, freq="min"),
            "reason": pd.Series([np.nan, "x"] * (n // 2), dtype=object),
            "rule": pd.Series([pd.NA] * n, dtype=object),
            "score": pd.array(range(n), dtype="Int64"),
            "_row": np.arange(n, dtype="int64"),
        }
    )
    derived = frame.assign(extra=frame["participant_id"])  # columns shared with `frame`
    got, got_derived = _round_trip((frame, derived))
    _same(frame, got)
    _same(derived, got_derived)


def test_object_arrays_that_cannot_be_joined_are_pickled_as_usual():
    n = 60_000
    with_separator = np.array(_ids(n), dtype=object)
    with_separator[5] = "a\x00b"
    mixed = np.array(_ids(n), dtype=object)
    mixed[7] = 1.5
    mixed[8] = 3
    two_d = np.array([_ids(n), _ids(n, "q")], dtype=object)
    fortran = np.asfortranarray(two_d)
    got = _round_trip([with_separator, mixed, two_d, fortran, with_separator])
    for before, after in zip([with_separator, mixed, two_d, fortran], got, strict=False):
        assert after.shape == before.shape and after.dtype == before.dtype
        assert after.tolist() == before.tolist()
        assert [type(v) for v in after.ravel()] == [type(v) for v in before.ravel()]
    assert got[3].flags.f_contiguous and not got[3].flags.c_contiguous
    assert got[4] is got[0]  # the same array sent twice arrives as one


def test_numeric_arrays_arrive_writable():
    values = np.arange(100_000, dtype="float64")
    got = _round_trip({"a": values})["a"]
    assert np.array_equal(got, values) and got.flags.writeable
