"""Reporting periods: `2016`, `2016H2`, `2016Q3` or `2016-06-01..2016-12-31`, closed intervals."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only when a period filters dates: the command line imports this
    import pandas as pd

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})[Hh]([12])$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period text that is not one of the accepted forms."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"period {self.label!r} ends before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, dates: pd.Series) -> pd.Series:
        """Boolean mask: the date falls in the period (both ends included); NaT is False."""
        import pandas as pd

        start, end = pd.Timestamp(self.start), pd.Timestamp(self.end)
        return dates.notna() & (dates >= start) & (dates <= end)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if _YEAR.match(self.label):
            return parse_period(str(int(self.label) - 1))
        if m := _HALF.match(self.label):
            year, half = int(m[1]), int(m[2])
            return parse_period(f"{year - 1}H2" if half == 1 else f"{year}H1")
        if m := _QUARTER.match(self.label):
            year, q = int(m[1]), int(m[2])
            return parse_period(f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}")
        end = self.start - timedelta(days=1)
        start = end - timedelta(days=self.days - 1)
        return parse_period(f"{start.isoformat()}..{end.isoformat()}")

    def slug(self) -> str:
        """A name safe as a folder: the label, with a range written start_end."""
        return self.label.replace("..", "_")

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    """Parse a period text; raise PeriodError naming the accepted forms, or the date that does
    not exist (year 0, 30 February)."""
    t = str(text).strip()
    try:
        return _parse(t)
    except PeriodError:
        raise
    except ValueError as exc:
        raise PeriodError(f"period {t!r}: {exc}") from None


def _parse(t: str) -> Period:
    if m := _YEAR.match(t):
        y = int(m[1])
        return Period(date(y, 1, 1), date(y, 12, 31), t)
    if m := _HALF.match(t):
        y, h = int(m[1]), int(m[2])
        start, end = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        return Period(start, end, f"{y}H{h}")
    if m := _QUARTER.match(t):
        y, q = int(m[1]), int(m[2])
        start = date(y, 3 * q - 2, 1)
        next_start = date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
        return Period(start, next_start - timedelta(days=1), f"{y}Q{q}")
    if m := _RANGE.match(t):
        return Period(date.fromisoformat(m[1]), date.fromisoformat(m[2]), t)
    raise PeriodError(
        f"period {t!r} is not one of: YYYY, YYYYH1/H2, YYYYQ1–Q4, YYYY-MM-DD..YYYY-MM-DD"
    )
