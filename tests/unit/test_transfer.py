"""The request handed to the notebook process arrives as it was sent (run.transfer)."""

import threading
from multiprocessing import Pipe

import numpy as np
import pandas as pd
import pytest

from so_analysis.run import transfer


def _round_trip(*values):
    """Send `values` and receive them on the other end."""
    ours, theirs = Pipe()
    sender = transfer.Sender(ours)

    def send():
        for value in values:
            sender.send(value)
        sender.wait()

    thread = threading.Thread(target=send)
    thread.start()  # a pipe holds little: receive while it sends
    try:
        return [transfer.receive(theirs) for _ in values]
    finally:
        thread.join()
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
    [(got, got_derived)] = _round_trip((frame, derived))
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
    [got] = _round_trip([with_separator, mixed, two_d, fortran, with_separator])
    for before, after in zip([with_separator, mixed, two_d, fortran], got, strict=False):
        assert after.shape == before.shape and after.dtype == before.dtype
        assert after.tolist() == before.tolist()
        assert [type(v) for v in after.ravel()] == [type(v) for v in before.ravel()]
    assert got[3].flags.f_contiguous and not got[3].flags.c_contiguous
    assert got[4] is got[0]  # the same array sent twice arrives as one


def test_numeric_arrays_arrive_writable():
    values = np.arange(100_000, dtype="float64")
    [received] = _round_trip({"a": values})
    got = received["a"]
    assert np.array_equal(got, values) and got.flags.writeable


def test_object_arrays_of_few_texts_arrive_with_each_missing_value_as_it_was():
    n = 60_000
    outcome = np.array(["completed", "dropout", "ongoing"] * (n // 3), dtype=object)
    sex = outcome.copy()
    sex[::7] = None
    rule = np.full(n, pd.NA, dtype=object)
    rule[5] = "end_before_start"
    reason = outcome.copy()
    reason[1::3] = np.nan
    mixed_missing = outcome.copy()
    mixed_missing[0], mixed_missing[1], mixed_missing[2] = None, np.nan, pd.NA
    block = np.array([outcome, sex, rule], dtype=object)  # pandas keeps text columns as one block
    not_texts = outcome.copy()
    not_texts[3] = 1.5
    with_nat = outcome.copy()
    with_nat[4] = pd.NaT
    sent = [outcome, sex, rule, reason, mixed_missing, block, np.asfortranarray(block)]
    sent += [not_texts, with_nat]
    [got] = _round_trip(sent)
    for before, after in zip(sent, got, strict=True):
        assert after.shape == before.shape and after.dtype == before.dtype
        assert [type(v) for v in after.ravel()] == [type(v) for v in before.ravel()]
        assert pd.isna(after).tolist() == pd.isna(before).tolist()
        assert after[~pd.isna(after)].tolist() == before[~pd.isna(before)].tolist()
    assert got[6].flags.f_contiguous and not got[6].flags.c_contiguous
    # packed as codes: a few bytes per element, not a pickled object each
    assert transfer._pack(outcome)[0] is transfer._decode
    assert transfer._pack(not_texts) is None and transfer._pack(with_nat) is None
