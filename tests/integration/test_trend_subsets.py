"""The trend's earlier periods of the sample, from the records that can count in them alone."""

import pandas as pd
import pytest

from so_analysis.core.periods import parse_period
from so_analysis.measure.indicators import compute_indicators
from so_analysis.measure.outcomes import classify_enrolments
from so_analysis.measure.trend import earlier_periods, first_activity, may_count_in


@pytest.mark.parametrize("label", ["2017", "2017H2", "2017Q4", "2017-04-01..2017-09-30"])
def test_each_earlier_period_is_the_same_from_its_records_alone(sample_dataset, label):
    ds = sample_dataset
    classified = classify_enrolments(ds.enrolments)
    periods = earlier_periods(parse_period(label), first_activity(classified))
    assert periods
    for period in periods:
        subset = classified[may_count_in(classified, period)]
        assert len(subset) < len(classified)
        whole = compute_indicators(ds.providers, classified, ds.survey, None, period, ds.config)
        part = compute_indicators(ds.providers, subset, ds.survey, None, period, ds.config)
        pd.testing.assert_frame_equal(part, whole, check_exact=True)
