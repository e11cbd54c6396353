"""Derived outcomes, the out-of-order rules and the data-quality counts (SPEC §3)."""

import pandas as pd
from frames import enrolments

from so_analysis.core.periods import parse_period
from so_analysis.measure.outcomes import classify_enrolments, quality_summary


def _one(*row):
    return classify_enrolments(enrolments([("a", *row)])).iloc[0]


def test_start_and_end_with_a_reason_is_a_dropout():
    row = _one("2016-01-01", "2016-01-10", "2016-02-01", None, "arbete")
    assert row["outcome"] == "dropout" and row["reason"] == "arbete"


def test_start_and_end_without_a_reason_is_completed():
    assert _one("2016-01-01", "2016-01-10", "2016-02-01")["outcome"] == "completed"


def test_start_and_no_end_is_ongoing():
    assert _one("2016-01-01", "2016-01-10", None)["outcome"] == "ongoing"


def test_end_and_no_start_is_not_started():
    row = _one("2016-01-01", None, "2016-02-01")
    assert row["outcome"] == "not_started" and pd.isna(row["excluded_rule"])


def test_given_outcome_wins_over_the_dates():
    assert (
        _one("2016-01-01", "2016-01-10", "2016-02-01", "dropout", "flyttat")["outcome"] == "dropout"
    )


def test_a_dropout_without_reason_is_ej_angiven():
    row = _one("2016-01-01", "2016-01-10", "2016-02-01", "dropout")
    assert row["reason"] == "ej_angiven"
    assert pd.isna(row["excluded_rule"])


def test_a_reason_on_a_completed_record_is_dropped():
    row = _one("2016-01-01", "2016-01-10", "2016-02-01", "completed", "arbete")
    assert pd.isna(row["reason"])


def test_out_of_order_rules():
    assert _one("2016-01-10", "2016-01-01", None)["excluded_rule"] == "start_before_registration"
    assert _one("2016-01-01", "2016-01-10", "2016-01-05")["excluded_rule"] == "end_before_start"
    assert (
        _one("2016-01-01", None, "2016-02-01", "completed")["excluded_rule"] == "end_without_start"
    )
    assert (
        _one("2016-01-01", "2016-01-10", None, "completed")["excluded_rule"] == "closed_without_end"
    )
    assert _one("2016-01-01", "2016-01-10", None, "dropout", "arbete")["excluded_rule"] == (
        "closed_without_end"
    )


def test_the_first_broken_rule_is_named():
    # start before registration AND end before start: counted once, by the first rule
    row = _one("2016-01-10", "2016-01-05", "2016-01-01")
    assert row["excluded_rule"] == "start_before_registration"


def test_same_day_dates_are_in_order():
    row = _one("2016-01-01", "2016-01-01", "2016-01-01")
    assert pd.isna(row["excluded_rule"]) and row["outcome"] == "completed"


def test_quality_summary_counts_by_rule_and_expert_within_the_period():
    frame = classify_enrolments(
        enrolments(
            [
                ("a", "2016-01-10", "2016-01-01", None),  # start before registration
                ("a", "2016-01-10", "2016-01-02", None),  # again
                ("b", "2016-01-01", "2016-01-10", "2016-01-05"),  # end before start
                ("b", "2015-01-10", "2015-01-01", None),  # out of order, but not in 2016
                ("b", "2016-01-01", "2016-01-10", "2016-02-01", "dropout"),  # reason not given
            ]
        )
    )
    q = quality_summary(frame, parse_period("2016"))
    assert q.to_dict("records") == [
        {"rule": "start_before_registration", "provider_id": "a", "n": 2, "excluded": True},
        {"rule": "end_before_start", "provider_id": "b", "n": 1, "excluded": True},
        {"rule": "reason_not_given", "provider_id": "b", "n": 1, "excluded": False},
    ]


def test_quality_summary_of_clean_data_is_empty():
    frame = classify_enrolments(enrolments([("a", "2016-01-01", "2016-01-10", None)]))
    q = quality_summary(frame, parse_period("2016"))
    assert q.empty and list(q.columns) == ["rule", "provider_id", "n", "excluded"]
