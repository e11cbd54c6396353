"""The codes loading keeps (load.codes) stay true when a loaded frame is written to."""

import dataclasses
from datetime import date

import pandas as pd
from conftest import SAMPLE

from so_analysis.core.periods import parse_period
from so_analysis.load import codes
from so_analysis.load.loading import load_dataset
from so_analysis.measure.analysis import analyse


def test_a_value_corrected_in_a_loaded_frame_is_analysed_as_corrected():
    """An analyst's correction in place (a notebook) copies the column: its codes stay true."""
    dataset = load_dataset(SAMPLE)  # its own: the session's sample is shared
    enrolments = dataset.enrolments
    first = enrolments.index[(enrolments["outcome"] == "completed").to_numpy()][:3]
    enrolments.loc[first, "outcome"] = "dropout"
    enrolments.loc[first, "dropout_reason"] = "arbete"
    assert codes.isin(enrolments["outcome"], ["dropout"])[first].all()
    assert codes.distinct(dataset.enrolments["provider_id"].to_numpy()) is not None  # unwritten
    # the same data with no codes kept at all: pandas' answers throughout
    bare = dataclasses.replace(dataset, enrolments=enrolments.copy(deep=True))
    period, as_of = parse_period("2017"), date(2018, 6, 30)
    corrected, expected = analyse(dataset, period, as_of), analyse(bare, period, as_of)
    pd.testing.assert_frame_equal(corrected.indicators, expected.indicators)
    pd.testing.assert_frame_equal(corrected.by_sex, expected.by_sex)
