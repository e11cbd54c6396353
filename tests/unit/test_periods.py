from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from so_analysis.core.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2016", date(2016, 1, 1), date(2016, 12, 31)),
        ("2016H1", date(2016, 1, 1), date(2016, 6, 30)),
        ("2016h2", date(2016, 7, 1), date(2016, 12, 31)),
        ("2016Q1", date(2016, 1, 1), date(2016, 3, 31)),
        ("2016Q3", date(2016, 7, 1), date(2016, 9, 30)),
        ("2016Q4", date(2016, 10, 1), date(2016, 12, 31)),
        ("2016-06-01..2016-12-31", date(2016, 6, 1), date(2016, 12, 31)),
        (" 2017 ", date(2017, 1, 1), date(2017, 12, 31)),
    ],
)
def test_parse_period(text, start, end):
    p = parse_period(text)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text", ["16", "2016H3", "2016Q5", "x", ""])
def test_bad_period_names_the_forms(text):
    with pytest.raises(PeriodError, match="YYYY"):
        parse_period(text)


def test_invalid_calendar_date_in_range():
    with pytest.raises(PeriodError):
        parse_period("2016-02-30..2016-03-01")


def test_range_ending_before_start():
    with pytest.raises(PeriodError):
        parse_period("2016-12-31..2016-01-01")


def test_contains_is_closed_and_ignores_nat():
    p = parse_period("2016Q1")
    dates = pd.Series(
        pd.to_datetime(["2015-12-31", "2016-01-01", "2016-02-29", "2016-03-31", "2016-04-01", None])
    )
    assert p.contains(dates).tolist() == [False, True, True, True, False, False]


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2017", "2016"),
        ("2017H1", "2016H2"),
        ("2017H2", "2017H1"),
        ("2017Q1", "2016Q4"),
        ("2017Q3", "2017Q2"),
        ("2016-03-01..2016-03-31", "2016-01-30..2016-02-29"),
    ],
)
def test_previous(text, previous):
    assert parse_period(text).previous().label == previous


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 800))
def test_previous_range_has_same_length_and_touches(start, length):
    from datetime import timedelta

    p = parse_period(f"{start}..{start + timedelta(days=length)}")
    q = p.previous()
    assert q.days == p.days
    assert q.end == p.start - timedelta(days=1)
