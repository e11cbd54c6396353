"""Swedish and English number formats, rounding half away from zero, missing values."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from so_analysis.report.publication.formatting import (
    NBSP,
    format_count,
    format_date,
    format_number,
    format_percent,
    round_half_away,
)


@pytest.mark.parametrize(
    ("x", "nd", "expected"),
    [
        (4.25, 1, 4.3),
        (30.45, 1, 30.5),
        (-2.5, 0, -3.0),
        (2.5, 0, 3.0),
        (0.125, 2, 0.13),
        (34.15, 1, 34.2),
        (-4.25, 1, -4.3),
        (7, 1, 7.0),
    ],
)
def test_round_half_away(x, nd, expected):
    assert round_half_away(x, nd) == expected


def test_round_half_away_missing():
    assert math.isnan(round_half_away(float("nan")))
    assert math.isnan(round_half_away(None))


@pytest.mark.parametrize(
    ("x", "sv", "en"),
    [
        (4.25, "4,3", "4.3"),
        (30.45, "30,5", "30.5"),
        (1234567.25, f"1{NBSP}234{NBSP}567,3", "1,234,567.3"),
        (999.95, f"1{NBSP}000,0", "1,000.0"),
        (-1234.5, f"-1{NBSP}234,5", "-1,234.5"),
        (-0.04, "0,0", "0.0"),
        (0, "0,0", "0.0"),
        (np.float64(14.0), "14,0", "14.0"),
    ],
)
def test_format_number(x, sv, en):
    assert format_number(x, 1, "sv") == sv
    assert format_number(x, 1, "en") == en


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT, float("inf")])
def test_missing_is_a_dash(missing):
    assert format_number(missing) == "–"
    assert format_percent(missing) == "–"
    assert format_count(None) == "–"
    assert format_date(None) == "–"


def test_count_percent_days_date():
    assert format_count(12345) == f"12{NBSP}345"
    assert format_count(12345, "en") == "12,345"
    assert format_count(np.float64(33.0)) == "33"
    assert format_percent(0.26) == f"26{NBSP}%"
    assert format_percent(0.26, lang="en") == "26%"
    assert format_percent(0.0833, 1) == f"8,3{NBSP}%"
    assert format_percent(0.125) == f"13{NBSP}%"  # half away from zero, not to even
    assert format_date(date(2017, 6, 30)) == "2017-06-30"
    assert format_date(pd.Timestamp("2017-12-01")) == "2017-12-01"
    assert format_date(datetime(2017, 1, 2, 13, 5)) == "2017-01-02"


def _parse_sv(text: str) -> Decimal:
    return Decimal(text.replace(NBSP, "").replace(",", "."))


def _parse_en(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(finite, st.integers(min_value=0, max_value=3))
def test_format_number_round_trips(x, decimals):
    expected = Decimal(repr(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert _parse_sv(format_number(x, decimals, "sv")) == expected
    assert _parse_en(format_number(x, decimals, "en")) == expected


@given(finite, st.integers(min_value=0, max_value=3))
def test_round_half_away_matches_decimal(x, nd):
    expected = float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP))
    assert round_half_away(x, nd) == expected
    assert round_half_away(-x, nd) == -expected


@given(finite)
def test_swedish_grouping_shape(x):
    text = format_number(x, 1, "sv")
    whole = text.lstrip("-").split(",")[0]
    groups = whole.split(NBSP)
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])
    assert "." not in text and " " not in text
