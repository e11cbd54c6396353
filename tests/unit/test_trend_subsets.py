"""The trend's earlier periods from the records that can count in them, not the whole history."""

import pandas as pd

from so_analysis.core.periods import parse_period
from so_analysis.measure.trend import may_count_in


def test_records_wholly_outside_a_period_are_left_out_and_waiting_ones_kept():
    period = parse_period("2016")
    day = pd.Timestamp
    frame = pd.DataFrame(
        {
            "registered": [
                day("2015-05-01"),
                day("2015-05-01"),
                day("2017-02-01"),
                day("2015-01-01"),
            ],
            "started": [day("2015-06-01"), pd.NaT, pd.NaT, day("2015-02-01")],
            "ended": [day("2015-09-01"), pd.NaT, pd.NaT, pd.NaT],
        }
    )
    # ended before 2016: out; waiting through 2016: in; registered after it: out; started in
    # 2015 and still going (neither a date in 2016 nor waiting): out
    assert may_count_in(frame, period).tolist() == [False, True, False, False]


def test_first_activity_and_may_count_in_match_their_pandas_forms():
    """The numpy forms give what the frame operations gave, on random dates with gaps."""
    import numpy as np
    import pandas as pd

    from so_analysis.core.periods import parse_period
    from so_analysis.measure.trend import first_activity, may_count_in

    def first_by_pandas(classified):
        counting = classified[classified["excluded_rule"].isna()]
        dates = pd.concat([counting["started"], counting["ended"]])
        return None if dates.dropna().empty else dates.min()

    def may_count_by_pandas(classified, period):
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        dates = classified[["registered", "started", "ended"]]
        after = (dates > end) | dates.isna()
        before = (dates < start) | dates.isna()
        moved = classified["started"].notna() | classified["ended"].notna()
        return ~after.all(axis=1) & ~(before.all(axis=1) & moved)

    rng = np.random.default_rng(5)
    for trial in range(200):
        n = int(rng.integers(0, 30))
        columns = {}
        for name in ("registered", "started", "ended"):
            days = pd.to_timedelta(rng.integers(0, 1000, n), unit="D")
            dates = pd.Series(pd.Timestamp("2015-06-01") + days).astype("datetime64[ns]")
            dates[rng.random(n) < 0.3] = pd.NaT
            columns[name] = dates.to_numpy()
        rules = np.array([None if r < 0.7 else "x" for r in rng.random(n)], dtype=object)
        index = pd.Index(rng.permutation(n) * 2) if trial % 2 else pd.RangeIndex(n)
        classified = pd.DataFrame({**columns, "excluded_rule": rules}, index=index)
        assert first_activity(classified) == first_by_pandas(classified)
        for label in ("2016", "2016H2", "2017Q1"):
            period = parse_period(label)
            expected = may_count_by_pandas(classified, period)
            pd.testing.assert_series_equal(may_count_in(classified, period), expected)
