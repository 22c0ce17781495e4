"""Outreach rules (SPEC S5, seed 001): when a client counts as lost, and the outreach figures.

Pure functions, no Django. A client is an outreach candidate on a date when

* the last counting contact (or, if there never was one, the start of the running
  benefit period) lies ``gap_months`` or more before the date — the client enters the
  list on the very day the gap is reached and leaves it with the next counting contact;
* or the last ``missed_in_row`` appointments since that contact were all missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lotse.domain.dates import add_months


@dataclass(frozen=True)
class OutreachRule:
    gap_months: int = 6
    missed_in_row: int = 3


def gap_reached_on(last_counting: date | None, entry: date, months: int) -> date:
    """The day the contact gap reaches ``months`` (from the last contact, else the entry)."""
    return add_months(last_counting or entry, months)


def gap_cutoff(as_of: date, months: int) -> date:
    """The latest contact day whose gap is reached on ``as_of``: a contact on this day or
    earlier makes a candidate. ``add_months`` clamps to month ends, so it is searched."""
    cutoff = add_months(as_of, -months)
    while add_months(cutoff + timedelta(days=1), months) <= as_of:
        cutoff += timedelta(days=1)
    while add_months(cutoff, months) > as_of:
        cutoff -= timedelta(days=1)
    return cutoff


def trigger_of(last_counting: date | None, entry: date, cutoff: date) -> str:
    """Why a client on the candidate list is there: the gap (contact on or before the cutoff
    of :func:`gap_cutoff`), else the missed appointments."""
    return "gap" if (last_counting or entry) <= cutoff else "missed"


def missed_in_row(held_flags_oldest_first: list[bool]) -> int:
    """How many appointments at the end of the history were missed one after the other."""
    count = 0
    for held in reversed(held_flags_oldest_first):
        if held:
            break
        count += 1
    return count


def is_candidate(
    last_counting: date | None, entry: date, missed_since: int, as_of: date, rule: OutreachRule
) -> str | None:
    """``"gap"``, ``"missed"`` or None: why the client is an outreach candidate on ``as_of``."""
    if gap_reached_on(last_counting, entry, rule.gap_months) <= as_of:
        return "gap"
    if rule.missed_in_row and missed_since >= rule.missed_in_row:
        return "missed"
    return None
