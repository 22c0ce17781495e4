"""The reference date (Stichtag, ``as_of``) every computation takes.

Nothing in Lotse reads the wall clock except :func:`today`, the default value of
a reference date. Pages take ``?as_of=YYYY-MM-DD``, commands take ``--as-of``.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

# The documented range of every date Lotse reads (pages, forms, API, files, commands): earlier
# or later dates are typing errors, and would break month arithmetic (year 1 minus six months).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def within_range(day: date) -> date:
    """``day`` if it lies in the documented range; ValueError (naming the range) otherwise."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} lies outside {FIRST_DAY:%d.%m.%Y}–{LAST_DAY:%d.%m.%Y}")
    return day


def today() -> date:
    """Today in the Jobcenter's time zone: only ever a default, never a rule input."""
    return timezone.localdate()


def parse_day(value: str) -> date:
    """An ISO date (``YYYY-MM-DD``) within the documented range. Raises ValueError."""
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD")
    return within_range(date.fromisoformat(value))


def parse_as_of(value: str | None, default: date | None = None) -> date:
    """Parse an ISO date; an empty value gives the default (today). Raises ValueError."""
    if not value:
        return default or today()
    return parse_day(value)
