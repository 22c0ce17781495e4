"""The reference date (Stichtag, ``as_of``) every computation takes.

Nothing in Lotse reads the wall clock except :func:`today`, the default value of
a reference date. Pages take ``?as_of=YYYY-MM-DD``, commands take ``--as-of``.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today in the Jobcenter's time zone: only ever a default, never a rule input."""
    return timezone.localdate()


def parse_as_of(value: str | None, default: date | None = None) -> date:
    """Parse an ISO date; an empty value gives the default (today). Raises ValueError."""
    if not value:
        return default or today()
    return date.fromisoformat(value)
