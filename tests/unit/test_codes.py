"""Columns' codes kept from loading (load.codes): the same answers as pandas', for as long as the
column lives."""

import gc

import numpy as np
import pandas as pd
import pytest

from so_analysis.load import codes


def _coded(uniques, codes_, missing=None):
    """A column made the way loading makes one: `uniques[code]`, `missing` at -1, remembered."""
    table = np.array([*uniques, missing], dtype=object)
    values = table[np.asarray(codes_)]
    codes.remember(values, np.asarray(codes_, dtype=np.int8), uniques, missing)
    return values


@pytest.mark.parametrize("missing", [None, pd.NA])
def test_the_answers_are_pandas_answers(missing):
    # two spellings of one value, an empty text read as missing, and cells with no value
    values = _coded(["a", "b", "a", None], [0, 1, 2, 3, -1, 0, 1, -1], missing)
    column = pd.Series(values, dtype=object, copy=False)  # as loading makes its frames
    assert codes.distinct(column.to_numpy()) is not None  # a view of the column: still known
    for allowed in (["a"], ["b", "c"], ["a", None], []):
        assert codes.isin(column, allowed).tolist() == column.isin(allowed).tolist()
    assert codes.isna(column).tolist() == column.isna().tolist()
    labels = ["b", "z", "a"]
    expected = pd.Index(labels, dtype=object).get_indexer(column)
    assert codes.get_indexer(labels, column).tolist() == expected.tolist()


def test_a_copy_or_a_filtered_column_is_asked_row_by_row():
    values = _coded(["x", "y"], [0, 1, 1, -1])
    for other in (values.copy(), values[[0, 1, 3]], values[::2]):
        assert codes.distinct(other) is None
        column = pd.Series(other, dtype=object)
        assert codes.isin(column, ["x"]).tolist() == column.isin(["x"]).tolist()
        assert codes.isna(column).tolist() == column.isna().tolist()


def test_the_codes_go_with_the_column():
    values = _coded(["x"], [0, -1])
    key = id(values)
    assert key in codes._KNOWN
    del values
    gc.collect()
    assert key not in codes._KNOWN


def test_only_a_factorisation_labels_values():
    ids = np.array(["p2", "p1", "p2", None], dtype=object)
    labels = codes.factorize(ids)
    assert labels.tolist() == pd.factorize(ids)[0].tolist()
    assert codes.labels(ids) is labels or codes.labels(ids).tolist() == labels.tolist()
    assert codes.distinct(ids) is None  # a million ids' values are not kept
    spelled = _coded(["a", "a"], [0, 1])  # two codes for one value: lookups only
    assert codes.labels(spelled) is None


def test_factorised_codes_cannot_be_changed_by_their_user():
    ids = np.array(["p2", "p1", "p2"], dtype=object)
    with pytest.raises(ValueError):
        codes.factorize(ids)[0] = 5
    assert codes.labels(ids).tolist() == [0, 1, 0]
