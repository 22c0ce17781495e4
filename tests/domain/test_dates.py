from datetime import date

import pytest

from lotse.domain.dates import age_on, anniversary, days_covered


@pytest.mark.parametrize(
    ("birth", "as_of", "age"),
    [
        (date(2001, 11, 21), date(2026, 11, 20), 24),  # the day before the 25th birthday
        (date(2001, 11, 21), date(2026, 11, 21), 25),  # the 25th birthday itself
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # leap-day child, non-leap year
        (date(2008, 2, 29), date(2026, 3, 1), 18),  # § 188 Abs. 3 BGB: completes on 1 March
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2026, 5, 1), date(2026, 4, 1), 0),  # not born yet: never negative
    ],
)
def test_age_on(birth, as_of, age):
    assert age_on(birth, as_of) == age


def test_anniversary_of_leap_day():
    assert anniversary(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert anniversary(date(2008, 2, 29), 20) == date(2028, 2, 29)


def test_days_covered_merges_overlaps_and_clips_to_window():
    periods = [
        (date(2025, 1, 1), date(2025, 1, 10)),
        (date(2025, 1, 5), date(2025, 1, 20)),  # overlaps: counted once
        (date(2025, 1, 21), None),  # adjacent and open
    ]
    assert days_covered(periods, date(2025, 1, 1), date(2025, 1, 31)) == 31
    assert days_covered(periods, date(2024, 12, 1), date(2025, 1, 3)) == 3
    assert days_covered([], date(2025, 1, 1), date(2025, 1, 31)) == 0
