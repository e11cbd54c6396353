"""Every indicator definition of SPEC §3 on small hand-made frames, with its edge cases."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from frames import dataset
from hypothesis import given, settings
from hypothesis import strategies as st

from so_analysis.core.config import Config, ReasonClasses, Targets
from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.figures import COLUMNS as ALL_COLUMNS
from so_analysis.measure.figures import CONTRACT_COLUMNS as INDICATOR_COLUMNS
from so_analysis.report.publication.model import Report

AS_OF = date(2017, 6, 30)


def _run(rows, period="2016", ids=("a", "b"), survey=None, checklist=None, config=None):
    ds = dataset(ids, rows, survey, checklist, config)
    return analyse(ds, parse_period(period), AS_OF)


def _row(analysis, pid):
    return analysis.indicators.set_index("provider_id").loc[pid]


def test_columns_and_rows():
    a = _run([("a", "2016-01-01", "2016-01-11", None)])
    assert list(a.indicators.columns) == list(ALL_COLUMNS)
    assert list(a.indicators.columns[: len(INDICATOR_COLUMNS)]) == list(INDICATOR_COLUMNS)
    assert list(a.indicators["provider_id"]) == ["a", "b", "_all", "_mean"]
    assert list(a.indicators["provider"][-2:]) == ["Samtliga deltagare", "Genomsnitt per expert"]


def test_lead_time_counts_starts_in_the_period():
    a = _run(
        [
            ("a", "2016-01-01", "2016-01-11", None),  # 10 days
            ("a", "2016-01-01", "2016-01-21", None),  # 20 days
            ("a", "2015-12-01", "2016-01-01", None),  # 31 days, registered the year before
            ("a", "2016-12-01", "2017-01-05", None),  # starts after the period: not counted
        ]
    )
    r = _row(a, "a")
    assert r["lead_time_n"] == 3
    assert r["lead_time_mean_days"] == pytest.approx(61 / 3)
    assert r["lead_time_median_days"] == 20
    assert r["lead_time_within_target_share"] == pytest.approx(1 / 3)
    assert (r["lead_time_min_days"], r["lead_time_max_days"]) == (10, 31)
    assert r["n_registered"] == 3 and r["n_started"] == 3


def test_period_borders_are_included():
    a = _run(
        [
            (
                "a",
                "2016-07-01",
                "2016-07-01",
                "2016-12-31",
            ),  # start on the first day, end on the last
            ("a", "2016-06-30", "2016-06-30", "2016-07-15"),  # starts the day before
            ("a", "2016-12-01", "2017-01-01", None),  # starts the day after
        ],
        period="2016H2",
    )
    r = _row(a, "a")
    assert r["n_started"] == 1 and r["lead_time_n"] == 1
    assert r["n_completed"] == 2 and r["duration_n"] == 2
    assert r["n_registered"] == 2


def test_leap_day():
    a = _run([("a", "2016-02-28", "2016-03-01", "2016-04-12")])
    r = _row(a, "a")
    assert r["lead_time_mean_days"] == 2  # 2016 has 29 February
    assert r["duration_mean_days"] == 42
    assert r["duration_within_target_share"] == 1.0  # 42 is inside 42–70


def test_duration_only_for_completed_ending_in_period():
    a = _run(
        [
            ("a", "2016-01-01", "2016-01-05", "2016-03-05"),  # 60 days, completed
            (
                "a",
                "2016-01-01",
                "2016-01-05",
                "2016-01-25",
                None,
                "arbete",
            ),  # dropout: not a duration
            ("a", "2016-11-01", "2016-11-05", "2017-01-05"),  # ends next year
        ]
    )
    r = _row(a, "a")
    assert r["duration_n"] == 1 and r["duration_mean_days"] == 60
    assert r["n_completed"] == 1 and r["n_dropouts"] == 1
    assert r["dropout_rate"] == 0.5


def test_an_expert_with_no_completions_has_no_duration_not_zero():
    a = _run(
        [
            ("a", "2016-01-01", "2016-01-05", "2016-03-05"),
            ("b", "2016-01-01", "2016-01-05", "2016-02-05", "dropout", "missnojd"),
        ],
        config=Config(min_n=1),
    )
    b = _row(a, "b")
    assert np.isnan(b["duration_mean_days"]) and b["duration_n"] == 0
    assert b["dropout_rate"] == 1.0
    assert Report(a).model().cell("b", "duration_mean_days").status == "no_completions"
    assert a.assessment.loc["b", "duration"] is None
    # the experts' mean counts only experts with a figure
    assert _row(a, "_mean")["duration_mean_days"] == 60


def test_all_dropouts():
    rows = [
        ("a", "2016-01-01", "2016-01-05", "2016-02-05", "dropout", r)
        for r in ("arbete", "studier", "sjukdom", "missnojd", None)
    ]
    r = _row(_run(rows), "a")
    assert r["dropout_rate"] == 1.0 and r["n_dropouts"] == 5
    assert (r["dropouts_positive"], r["dropouts_neutral"], r["dropouts_negative"]) == (2, 1, 1)
    assert r["dropouts_not_given"] == 1


def test_reason_classes_come_from_the_config():
    config = Config(reasons=ReasonClasses(positive=("arbete", "missnojd"), neutral=(), negative=()))
    rows = [
        ("a", "2016-01-01", "2016-01-05", "2016-02-05", "dropout", r)
        for r in ("arbete", "missnojd", "ovrigt")
    ]
    r = _row(_run(rows, config=config), "a")
    assert (r["dropouts_positive"], r["dropouts_negative"]) == (2, 0)


def test_empty_period():
    a = _run([("a", "2016-01-01", "2016-01-05", "2016-03-05")], period="2019Q1")
    r = _row(a, "a")
    assert r["n_registered"] == 0 and r["n_started"] == 0
    assert np.isnan(r["lead_time_mean_days"]) and np.isnan(r["dropout_rate"])
    assert Report(a).model().cell("a", "lead_time_mean_days").status == "no_starts"
    assert Report(a).model().cell("a", "dropout_rate").status == "no_endings"


def test_waiting_at_period_end():
    a = _run(
        [
            ("a", "2016-12-01", None, None),  # waiting 30 days at 2016-12-31
            ("a", "2016-12-21", "2017-01-10", None),  # starts after the period: waiting 10 days
            ("a", "2016-12-01", "2016-12-10", None),  # started: not waiting
            ("a", "2017-01-02", None, None),  # registered after the period
            ("a", "2016-11-01", None, "2016-12-01", "not_started"),  # left without starting
        ]
    )
    r = _row(a, "a")
    assert r["n_waiting"] == 2
    assert r["waiting_mean_days"] == 20 and r["waiting_max_days"] == 30


def test_out_of_order_records_count_nowhere():
    a = _run(
        [("a", "2016-01-10", "2016-01-01", "2016-02-01"), ("a", "2016-01-01", "2016-01-11", None)]
    )
    r = _row(a, "a")
    assert r["n_registered"] == 1 and r["lead_time_n"] == 1 and r["lead_time_mean_days"] == 10


def test_satisfaction_and_response_rate():
    rows = [("a", "2016-01-01", "2016-01-05", "2016-03-05")] * 4
    survey = [("a", "2016-03-06", 5), ("a", "2016-03-07", 4), ("a", "2017-01-02", 1)]
    a = _run(rows, survey=survey)
    r = _row(a, "a")
    assert r["satisfaction_mean"] == 4.5 and r["satisfaction_n"] == 2
    assert r["response_rate"] == 0.5
    b = _row(a, "b")
    assert np.isnan(b["satisfaction_mean"]) and b["satisfaction_n"] == 0
    assert Report(a).model().cell("b", "satisfaction_mean").status == "no_survey"


def test_no_survey_table_means_no_figure():
    r = _row(_run([("a", "2016-01-01", "2016-01-05", "2016-03-05")]), "a")
    assert np.isnan(r["satisfaction_mean"]) and np.isnan(r["satisfaction_n"])
    assert np.isnan(r["response_rate"])


def test_totals_all_participants_and_experts_mean_differ():
    rows = [("a", "2016-01-01", "2016-01-11", None)] * 9 + [
        ("b", "2016-01-01", "2016-01-31", None)
    ] * 5
    a = _run(rows)
    assert _row(a, "_all")["lead_time_mean_days"] == pytest.approx((9 * 10 + 5 * 30) / 14)
    assert _row(a, "_mean")["lead_time_mean_days"] == 20
    assert _row(a, "_all")["n_started"] == 14
    assert np.isnan(_row(a, "_mean")["n_started"])


def test_the_experts_mean_leaves_out_a_figure_on_too_few_observations():
    # b's 30 days rest on 4 starts: published as "för få", so the mean must not reveal them
    rows = [("a", "2016-01-01", "2016-01-11", None)] * 9 + [
        ("b", "2016-01-01", "2016-01-31", None)
    ] * 4
    a = _run(rows)
    assert _row(a, "_mean")["lead_time_mean_days"] == 10
    assert _row(a, "_all")["lead_time_mean_days"] == pytest.approx((9 * 10 + 4 * 30) / 13)
    assert _row(_run(rows, config=Config(min_n=4)), "_mean")["lead_time_mean_days"] == 20
    only_few = _run([("a", "2016-01-01", "2016-01-11", None)] * 2)
    assert np.isnan(_row(only_few, "_mean")["lead_time_mean_days"])


def test_small_n_is_flagged_too_few():
    a = _run(
        [("a", "2016-01-01", "2016-01-11", None)] * 4
        + [("b", "2016-01-01", "2016-01-11", None)] * 5
    )
    assert Report(a).model().cell("a", "lead_time_mean_days").status == "too_few"
    # b rests on enough, but with only two experts the total minus b would give a away:
    # b is hidden too (complementary suppression)
    assert Report(a).model().cell("b", "lead_time_mean_days").status == "suppressed"
    assert _row(a, "a")["lead_time_mean_days"] == 10  # the indicator itself is not suppressed


def test_targets():
    a = _run(
        [("a", "2016-01-01", "2016-01-15", "2016-03-01")] * 5
        + [("b", "2016-01-01", "2016-01-16", "2016-02-01")] * 5
    )
    assert a.assessment.loc["a", "lead_time"] is True  # 14 days: at most 14
    assert a.assessment.loc["b", "lead_time"] is False  # 15 days
    assert a.assessment.loc["a", "duration"] is True  # 46 days
    assert a.assessment.loc["b", "duration"] is True  # 16 days: ten weeks is a ceiling
    assert a.assessment.loc["a", "dropouts"] is True
    # an optional minimum (six weeks) judges short courses too
    windowed = Config(targets=Targets(duration_min_days=42))
    b = _run([("b", "2016-01-01", "2016-01-16", "2016-02-01")] * 5, config=windowed)
    assert b.assessment.loc["b", "duration"] is False
    assert _row(b, "b")["duration_within_target_share"] == 0


def test_deficiencies_from_the_checklist():
    checklist = [
        ("a", "Krav 1", False, "2017-03-01", "2017-05-01", None),  # open, overdue at 2017-06-30
        ("a", "Krav 2", False, "2017-03-01", "2017-12-01", None),  # open, not overdue
        ("a", "Krav 3", False, "2017-03-01", "2017-05-01", "2017-04-01"),  # remedied
        ("b", "Krav 1", True, "2017-03-01", None, None),
    ]
    a = _run([("a", "2016-01-01", "2016-01-11", None)], checklist=checklist)
    assert (_row(a, "a")["open_deficiencies"], _row(a, "a")["overdue_deficiencies"]) == (2, 1)
    assert _row(a, "b")["open_deficiencies"] == 0
    assert _row(a, "_all")["overdue_deficiencies"] == 1
    assert a.assessment.loc["a", "authorization"] is False
    assert a.assessment.loc["b", "authorization"] is True


dates = st.dates(date(2015, 6, 1), date(2017, 6, 30))


@st.composite
def enrolment_rows(draw):
    registered = draw(dates)
    lead = draw(st.integers(0, 200))
    length = draw(st.integers(0, 200))
    started = registered + timedelta(days=lead)
    ended = started + timedelta(days=length) if draw(st.booleans()) else None
    reason = draw(st.sampled_from([None, "arbete", "missnojd"]))
    return (
        "a",
        registered.isoformat(),
        started.isoformat(),
        ended.isoformat() if ended else None,
        None,
        reason if ended else None,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(enrolment_rows(), min_size=1, max_size=30))
def test_properties_of_the_figures(rows):
    a = _run(rows, ids=("a",), config=Config(min_n=1))  # the mean keeps any figure
    r = _row(a, "a")
    if r["lead_time_n"] > 0:
        assert r["lead_time_min_days"] <= r["lead_time_mean_days"] <= r["lead_time_max_days"]
        assert r["lead_time_min_days"] <= r["lead_time_median_days"] <= r["lead_time_max_days"]
        assert 0 <= r["lead_time_within_target_share"] <= 1
    else:
        assert np.isnan(r["lead_time_mean_days"])
    if r["dropout_base_n"] > 0:
        assert 0 <= r["dropout_rate"] <= 1
    assert r["n_dropouts"] == (
        r["dropouts_positive"]
        + r["dropouts_neutral"]
        + r["dropouts_negative"]
        + r["dropouts_not_given"]
    )
    # one expert: all participants and the experts' mean coincide
    total, mean = _row(a, "_all"), _row(a, "_mean")
    for col in ("lead_time_mean_days", "duration_mean_days", "dropout_rate"):
        assert (np.isnan(total[col]) and np.isnan(mean[col])) or total[col] == pytest.approx(
            mean[col]
        )
    assert a.indicators.shape[0] == 3
    assert not pd.isna(r["n_waiting"])


def test_group_medians_minima_and_maxima_match_pandas_groupby():
    """Counted medians and numpy's minima and maxima give exactly what a pandas groupby gives:
    whole days (the counting path), halves and a wide span (pandas' own path), empty groups."""
    import numpy as np
    import pandas as pd

    from so_analysis.measure.aggregation import _group_stat

    def by_pandas(values, codes, k, how):
        valid = ~np.isnan(values)
        kept = pd.Series(values[valid])
        stat = kept.groupby(codes[valid], sort=False).agg(how).reindex(range(k))
        total = kept.groupby(np.zeros(len(kept), dtype="intp"), sort=False).agg(how)
        return np.concatenate([stat.to_numpy("float64"), total.reindex([0]).to_numpy("float64")])

    rng = np.random.default_rng(11)
    for trial in range(400):
        n, k = int(rng.integers(0, 40)), int(rng.integers(1, 6))
        values = rng.integers(-5, 400 if trial % 3 else 3, n).astype("float64")
        if trial % 7 == 0:
            values += 0.5 * (rng.random(n) < 0.3)
        if trial % 11 == 0 and n:
            values[0] = 1e7
        values[rng.random(n) < 0.2] = np.nan
        codes = rng.integers(0, k, n)
        for how in ("median", "min", "max"):
            expected = by_pandas(values, codes, k, how)
            assert np.array_equal(_group_stat(values, codes, k, how), expected, equal_nan=True)
