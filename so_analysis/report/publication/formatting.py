"""Numbers, shares, days and dates as a committee reader expects them (docs/method.md §5).

Swedish: decimal comma, thousands grouped by a non-breaking space, "26 %" with a space.
English: decimal point, comma thousands, "26%". Rounding is half away from zero (4.25 -> 4.3),
not Python's half to even. A missing figure (None, NaN, NaT) is "–".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd

NBSP = "\u00a0"
MISSING = "–"  # en dash, as Kolada and Skolverket print a missing figure

_SEPARATORS = {"sv": (",", NBSP), "en": (".", ",")}


def is_missing(x: Any) -> bool:
    """None, NaN, NaT or pandas NA."""
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _decimal(x: Any) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    return Decimal(repr(float(x)))


def round_half_away(x: float, ndigits: int = 1) -> float:
    """Round half away from zero on the decimal text of `x`: 4.25 -> 4.3, -2.5 -> -3."""
    if is_missing(x):
        return math.nan
    if isinstance(x, float) and math.isinf(x):
        return x
    quantum = Decimal(1).scaleb(-ndigits)
    return float(_decimal(x).quantize(quantum, rounding=ROUND_HALF_UP))


def _rounded_text(x: Any, decimals: int) -> str:
    """Plain text of `x` rounded half away from zero: '-1234.5' (no grouping)."""
    quantum = Decimal(1).scaleb(-decimals)
    try:
        d = _decimal(x).quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return str(x)
    if d == 0:
        d = abs(d)  # no "-0,0"
    return f"{d:f}"


def format_number(x: Any, decimals: int = 1, lang: str = "sv") -> str:
    """'1 234,5' (sv, NBSP) or '1,234.5' (en); '–' when missing."""
    if is_missing(x):
        return MISSING
    if isinstance(x, float) and math.isinf(x):
        return MISSING
    point, group = _SEPARATORS.get(lang, _SEPARATORS["sv"])
    text = _rounded_text(x, decimals)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = group.join(groups)
    if frac:
        out += point + frac
    return sign + out


def format_count(n: Any, lang: str = "sv") -> str:
    """A whole number with thousands grouped: '1 234'."""
    return format_number(n, 0, lang)


def format_percent(fraction: Any, decimals: int = 0, lang: str = "sv") -> str:
    """A fraction as a percentage: 0.26 -> '26 %' (sv, NBSP) or '26%' (en)."""
    if is_missing(fraction) or (isinstance(fraction, float) and math.isinf(fraction)):
        return MISSING
    value = _decimal(fraction) * 100
    number = format_number(value, decimals, lang)
    return f"{number}{NBSP}%" if lang == "sv" else f"{number}%"


def format_date(d: Any) -> str:
    """ISO date 'YYYY-MM-DD'; '–' when missing."""
    if is_missing(d):
        return MISSING
    if isinstance(d, pd.Timestamp | datetime):
        return d.date().isoformat()
    if isinstance(d, date):
        return d.isoformat()
    return pd.Timestamp(d).date().isoformat()
