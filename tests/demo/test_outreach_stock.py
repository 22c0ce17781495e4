"""The outreach candidates counted from columns (lotse.outreach.stock) equal the SQL query
of the candidate list (lotse.outreach.selectors.candidates), day by day and by district,
under the Kassel rule and under a rule with only counting contacts and the missed-appointments
trigger."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.db.models import Count

from lotse.core import data_version
from lotse.outreach.models import OutreachRule
from lotse.outreach.selectors import candidates
from lotse.outreach.stock import CandidateStock

DAYS = [date(2025, 12, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 11, 21)]


def by_sql(day: date) -> Counter:
    return Counter(
        {
            (district, name): n
            for district, name, n in candidates(day)
            .values_list("district__external_id", "district__name")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )


def assert_same_as_sql() -> None:
    stock = CandidateStock()
    counts = stock.counts(DAYS)
    assert counts == [candidates(day).count() for day in DAYS]
    assert min(counts) > 0
    assert Counter({(d, n): c for d, n, c in stock.by_district(DAYS[-1])}) == by_sql(DAYS[-1])


@pytest.mark.django_db
def test_the_kassel_rule_counts_as_the_sql_query(demo):
    assert_same_as_sql()


@pytest.mark.django_db
def test_counting_contacts_only_and_missed_appointments_count_as_the_sql_query(demo):
    OutreachRule.objects.all().delete()
    OutreachRule.objects.create(
        name="strict", gap_months=3, other_ways=False, missed_in_row=2, valid_from=date(2020, 1, 1)
    )
    data_version.advance()
    assert_same_as_sql()
