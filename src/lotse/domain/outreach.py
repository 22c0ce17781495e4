"""Outreach rules (SPEC S5): when a client counts as lost, and the outreach figures.

Pure functions, no Django. The Jobcenter Stadt Kassel ("Ein Jahr erfolgreiche Aufsuchende
Beratung", 31.03.2023) visits clients "zu denen seit mindestens sechs Monaten der Kontakt
abgebrochen ist" and whose "andere Kontaktwege abgerissen sind". A client is an outreach
candidate on a date when

* the last contact (or, if there never was one, the start of the running benefit period)
  lies ``gap_months`` or more before the date — the client enters the list on the very day
  the gap is reached and leaves it with the next contact. Which contacts keep a client off
  the list: with ``other_ways`` (Kassel) every contact that took place, by any way —
  a letter or an e-mail exchanged is a contact way that has not broken off; without it, only
  the contacts that count for the contact density;
* or, where a Jobcenter adds this trigger of its own (Kassel does not use it), the last
  ``missed_in_row`` appointments since that contact were all missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lotse.domain.dates import add_months


@dataclass(frozen=True)
class OutreachRule:
    """The Kassel rule by default: six months, any way of contact, no missed-appointments trigger."""

    gap_months: int = 6
    missed_in_row: int = 0  # 0: the trigger is off
    other_ways: bool = True


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
