"""Trend across periods and follow-up of the previous period's plans, at period borders."""

from datetime import date

import numpy as np
import pandas as pd
from frames import dataset

from so_analysis.core.periods import parse_period
from so_analysis.measure.analysis import analyse
from so_analysis.measure.followup import follow_up_counts, plan_follow_up
from so_analysis.measure.trend import earlier_periods


def test_earlier_periods_reach_back_to_the_first_date():
    found = earlier_periods(parse_period("2017"), pd.Timestamp("2015-12-31"))
    assert [p.label for p in found] == ["2015", "2016"]
    assert earlier_periods(parse_period("2017"), pd.Timestamp("2017-01-01")) == []
    assert [
        p.label for p in earlier_periods(parse_period("2017Q1"), pd.Timestamp("2016-10-01"))
    ] == ["2016Q4"]
    assert earlier_periods(parse_period("2017"), None) == []


def test_history_has_every_period_and_a_missing_one_is_empty_not_dropped():
    rows = [("a", "2015-03-01", "2015-03-11", "2015-05-01")] * 5 + [
        ("a", "2017-03-01", "2017-03-21", "2017-05-01")
    ] * 5
    a = analyse(dataset(("a",), rows), parse_period("2017"), date(2018, 6, 30))
    expert = a.history[a.history["provider_id"] == "a"].set_index("period")
    assert list(expert.index) == ["2015", "2016", "2017"]
    assert expert.loc["2015", "lead_time_mean_days"] == 10
    assert (
        np.isnan(expert.loc["2016", "lead_time_mean_days"]) and expert.loc["2016", "n_started"] == 0
    )
    assert expert.loc["2017", "lead_time_mean_days"] == 20
    previous = a.previous.set_index("provider_id")
    assert np.isnan(previous.loc["a", "lead_time_mean_days"])  # the previous period is 2016


def test_no_earlier_data_means_no_previous_figures():
    rows = [("a", "2017-03-01", "2017-03-21", None)]
    a = analyse(dataset(("a",), rows), parse_period("2017"), date(2018, 6, 30))
    assert a.previous is None
    assert list(a.history["period"].unique()) == ["2017"]


def test_registrations_alone_do_not_bring_an_earlier_period_into_the_data():
    # registered in December 2016, started in 2017: the export does not cover 2016
    rows = [("a", "2016-12-01", "2017-01-10", None)] * 5
    a = analyse(dataset(("a",), rows), parse_period("2017"), date(2018, 6, 30))
    assert a.previous is None
    assert list(a.history["period"].unique()) == ["2017"]


def _plans(rows):
    frame = pd.DataFrame(rows, columns=["provider_id", "period", "area", "action", "due", "status"])
    frame["due"] = pd.to_datetime(frame["due"])
    return frame


def test_follow_up_takes_the_previous_periods_items_and_flags_late_ones():
    plans = _plans(
        [
            ("a", "2016", "effektivitet", "x", "2017-12-31", "klar"),
            (
                "a",
                "2016",
                "avbrott",
                "y",
                "2017-12-31",
                "pagar",
            ),  # past its date on as_of, not done
            (
                "a",
                "2016",
                "avbrott",
                "z",
                "2018-06-30",
                "planerad",
            ),  # due on as_of itself: not late
            (
                "b",
                "2017",
                "avbrott",
                "w",
                "2018-01-01",
                "planerad",
            ),  # this period's plan, not followed up
        ]
    )
    f = plan_follow_up(plans, parse_period("2017"), date(2018, 6, 30))
    assert list(f["action"]) == ["x", "y", "z"]
    assert list(f["overdue"]) == [False, True, False]
    counts = follow_up_counts(f, ["a", "b"])
    assert counts.loc["a"].tolist() == [3, 1, 1]
    assert counts.loc["b"].tolist() == [0, 0, 0]


def test_follow_up_without_a_plans_table():
    assert plan_follow_up(None, parse_period("2017"), date(2018, 6, 30)) is None
    assert follow_up_counts(None, ["a"]).loc["a"].tolist() == [0, 0, 0]
