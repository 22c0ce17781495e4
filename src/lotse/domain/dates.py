"""Pure date helpers for ages and periods (no Django, no database).

German law counts a year of life as completed at the start of the birthday
(§ 187 Abs. 2, § 188 Abs. 2 BGB). A person born on 29 February completes a year
in a non-leap year at the start of 1 March, because the period ends with the
last day of February (§ 188 Abs. 3 BGB).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta


def anniversary(birth: date, years: int) -> date:
    """The day on which a person born on ``birth`` completes ``years`` years of life."""
    year = birth.year + years
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth.replace(year=year)


def age_on(birth: date, as_of: date) -> int:
    """Completed years of life on ``as_of`` (0 before the first birthday)."""
    years = as_of.year - birth.year
    if years > 0 and as_of < anniversary(birth, years):
        years -= 1
    return max(years, 0)


def covers(valid_from: date, valid_to: date | None, day: date) -> bool:
    """Whether a period with an inclusive end (``None`` = open) contains ``day``."""
    return valid_from <= day and (valid_to is None or day <= valid_to)


def days_covered(periods: list[tuple[date, date | None]], window_start: date, window_end: date) -> int:
    """Number of distinct days in [window_start, window_end] covered by the periods.

    Periods have inclusive ends; ``None`` means still open. Overlapping periods
    are counted once, so a duplicated import row cannot inflate the figure.
    """
    clipped: list[tuple[date, date]] = []
    for start, end in periods:
        lo = max(start, window_start)
        hi = min(end or window_end, window_end)
        if lo <= hi:
            clipped.append((lo, hi))
    clipped.sort()
    total = 0
    cur_lo: date | None = None
    cur_hi: date | None = None
    for lo, hi in clipped:
        if cur_hi is not None and lo <= cur_hi + timedelta(days=1):
            cur_hi = max(cur_hi, hi)
            continue
        if cur_lo is not None and cur_hi is not None:
            total += (cur_hi - cur_lo).days + 1
        cur_lo, cur_hi = lo, hi
    if cur_lo is not None and cur_hi is not None:
        total += (cur_hi - cur_lo).days + 1
    return total


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the 31st becomes the last day of a shorter month."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_of_month(day: date) -> date:
    return date(day.year, day.month, 1)


def is_month_end(day: date) -> bool:
    """The last day of its month: a monthly series or chart keeps a running month out."""
    return (day + timedelta(days=1)).day == 1


def parse_month(text: str) -> date:
    """``YYYY-MM`` → the first day of that month; ValueError with the reason otherwise.

    One spelling of a month for a file of the exchange format, a URL and a command."""
    if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
        raise ValueError(f"'{text}' is not a month of the form YYYY-MM")
    return date(int(text[:4]), int(text[5:]), 1)
