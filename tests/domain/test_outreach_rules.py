"""Outreach candidate rules on pinned dates (seed 001: six months without contact)."""

from datetime import date

import pytest

from lotse.domain.outreach import OutreachRule, gap_cutoff, is_candidate, missed_in_row
from lotse.domain.percent import share_percent

RULE = OutreachRule(gap_months=6, missed_in_row=3)
ENTRY = date(2024, 1, 1)


@pytest.mark.parametrize(
    ("last", "as_of", "expected"),
    [
        (date(2026, 3, 15), date(2026, 9, 14), None),  # the day before the gap is reached
        (date(2026, 3, 15), date(2026, 9, 15), "gap"),  # the day it is reached: enters
        (date(2026, 8, 31), date(2027, 2, 27), None),
        (date(2026, 8, 31), date(2027, 2, 28), "gap"),  # 31 August + 6 months = 28 February
        (None, date(2024, 6, 30), None),  # never contacted: counted from the entry
        (None, date(2024, 7, 1), "gap"),
    ],
)
def test_the_gap_is_reached_on_the_day(last, as_of, expected):
    assert is_candidate(last, ENTRY, 0, as_of, RULE) == expected


def test_missed_appointments_in_a_row():
    assert missed_in_row([True, False, False]) == 2
    assert missed_in_row([False, False, True]) == 0  # a held contact ends the streak
    assert missed_in_row([True, False, False, False]) == 3
    assert is_candidate(date(2026, 10, 1), ENTRY, 3, date(2026, 11, 1), RULE) == "missed"
    assert is_candidate(date(2026, 10, 1), ENTRY, 2, date(2026, 11, 1), RULE) is None
    assert is_candidate(date(2026, 10, 1), ENTRY, 9, date(2026, 11, 1), OutreachRule(6, 0)) is None


@pytest.mark.parametrize("as_of", [date(2026, 9, 15), date(2027, 2, 28), date(2027, 3, 1), date(2028, 8, 31)])
def test_cutoff_is_the_last_day_whose_gap_is_reached(as_of):
    from datetime import timedelta

    from lotse.domain.dates import add_months

    cutoff = gap_cutoff(as_of, 6)
    assert add_months(cutoff, 6) <= as_of
    assert add_months(cutoff + timedelta(days=1), 6) > as_of


def test_share_percent():
    assert share_percent(45, 100) == 45.0
    assert share_percent(1, 3) == 33.3
    assert share_percent(0, 0) is None
