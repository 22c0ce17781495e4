"""Compliance with the own contact rules: the set-based evaluation gives, for every client
of the demo Jobcenter, the same answer as the per-client rules behind the worklist and
the client page (:func:`lotse.domain.contact_rules.evaluate` on
:func:`lotse.domain.facts.derive_facts`) — for a rule set that uses every kind of rule,
channel restrictions and the segment conditions, with justified deviations."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from lotse.clients.models import Person
from lotse.contacts.models import Deviation
from lotse.contacts.rulesets import contact_rule_set_import, contact_rule_set_on
from lotse.contacts.selectors import contact_status
from lotse.evaluation.contact_density import Arrays, evaluate_contact_density
from tests.demo.conftest import AS_OF

EVERY_KIND = {
    "kind": "contact_density",
    "name": "Prüfregelwerk",
    "valid_from": "2026-01-01",
    "counting_channels": ["in_person", "phone", "video", "home_visit"],
    "rules": [
        {
            "code": "near",
            "kind": "max_interval",
            "months": 2,
            "when": {"u25": False, "market_distance": ["near"]},
        },
        {"code": "u25", "kind": "max_interval", "months": 1, "when": {"u25": True, "status": ["unemployed"]}},
        {
            "code": "single_parents",
            "kind": "max_interval",
            "months": 3,
            "when": {"single_parent": True},
            "channels": ["in_person"],
        },
        {
            "code": "profiles",
            "kind": "max_interval",
            "months": 4,
            "when": {"profile": ["support", "development", "stabilisation"]},
        },
        {"code": "everyone", "kind": "max_interval", "months": 6, "when": {}},
        {"code": "twice", "kind": "min_per_year", "count": 2, "when": {}},
        {"code": "singles", "kind": "min_per_year", "count": 6, "when": {"single_household": True}},
        {"code": "lzb", "kind": "min_per_year", "count": 4, "when": {"long_term": True, "reha": False}},
    ],
}


@pytest.fixture
def demo(demo):
    """The demo with a justified deviation for every 25th person: another interval (2 or 12
    months), another yearly count (1 or 8), or both."""
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    Deviation.objects.bulk_create(
        Deviation(
            person_id=pk,
            interval_months=(2, 12, None, 3)[i % 4],
            per_year=(None, None, 1, 8)[i % 4],
            reason="Prüfung",
            valid_from=AS_OF - timedelta(days=90),
        )
        for i, pk in enumerate(people[::25])
    )


def per_client(day: date) -> dict[int, bool]:
    return {item.person.pk: item.status.compliant for item in contact_status(Person.objects.all(), day)}


def set_based(day: date) -> dict[int, bool]:
    arrays = Arrays()
    clients = arrays.active(day)
    result = arrays.compliance(contact_rule_set_on(day), day, clients)
    return dict(zip(arrays.pks[clients].tolist(), result.compliant.tolist(), strict=True))


@pytest.mark.django_db
@pytest.mark.parametrize("day", [AS_OF, date(2026, 2, 28), date(2026, 7, 1)])
def test_set_based_compliance_equals_the_per_client_rules(demo, day):
    contact_rule_set_import(document=EVERY_KIND)
    expected, actual = per_client(day), set_based(day)
    assert expected.keys() == actual.keys() and len(expected) > 1000
    wrong = [pk for pk in expected if expected[pk] != actual[pk]]
    assert wrong == [], f"{len(wrong)} clients differ, e.g. {wrong[:5]}"
    share = np.mean(list(actual.values()))
    assert 0.05 < share < 0.95  # the rules are neither all met nor all broken


@pytest.mark.django_db
def test_darmstadt_compliance_and_deviations_in_the_evaluation(demo):
    expected = per_client(AS_OF)
    evaluation = evaluate_contact_density(AS_OF, by=("team",), series_months=1)
    total = evaluation.total
    assert total.compliant == sum(expected.values())
    assert (
        total.deviations
        == Deviation.objects.filter(person__in=Person.objects.filter(pk__in=list(expected))).count()
    )
    assert sum(g.counts.compliant for g in evaluation.groups) == total.compliant
    data = evaluation.as_json()["jobcenter"]
    assert data["share_compliant"] == round(100 * total.compliant / total.clients, 1)


@pytest.mark.django_db
def test_the_fast_series_equals_the_per_client_search(demo):
    """The series marks contacts in a grid of slots between window bounds; the month figures
    search each client's last contact. Both must agree on every month end of the demo's 24
    months."""
    from lotse.evaluation.contact_density import jobcenter_counts, month_ends, series_counts

    arrays = Arrays()
    channels = contact_rule_set_on(AS_OF).counting_channels
    ends = month_ends(AS_OF, 24)
    fast = series_counts(arrays, ends, channels)
    assert [(c.clients, c.within) for c in fast] == [
        (c.clients, c.within) for c in (jobcenter_counts(arrays, end, channels) for end in ends)
    ]
    assert fast[-1].within[6] > 0
