"""The one facts engine read two ways: from the whole Jobcenter's tables (the nightly
routing, the evaluations) and from one client's history (the client record, the worklist).
Both must give every fact of every demo person alike, at dates around the reference date;
the facts themselves are held to the hand-checked cases of ``tests/domain/test_facts.py``."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import numpy as np
import pytest

from lotse.clients.models import Person
from lotse.clients.population import facts_of, load_population
from lotse.clients.selectors import load_histories, profile_table
from lotse.domain.fact_columns import facts_of_histories
from lotse.domain.facts import Facts
from tests.demo.conftest import AS_OF

DAYS = [AS_OF, date(2025, 2, 28), date(2026, 6, 30)]
COMPARED = [f.name for f in fields(Facts) if f.name not in {"person_id", "as_of", "reasons"}]


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS)
def test_the_population_columns_equal_each_clients_own_history(demo, day):
    population = load_population()
    columns = population.facts_on(day)
    histories = load_histories(Person.objects.all())
    pks = list(histories)
    one_by_one = facts_of_histories([histories[pk] for pk in pks], day, profiles=profile_table())
    rows = population.index(np.array(pks))
    assert len(pks) == population.pks.size > 2000  # clients and their household members
    for name in COMPARED:
        column = getattr(columns, name)[rows].tolist()
        expected = [getattr(f, name) for f in one_by_one]
        if name == "youngest_child_birth_date":
            column = [None if d < 0 else np.datetime64(d, "D").astype(date) for d in column]
        assert column == expected, name
    # the facts really vary across the demo: the comparison is not between empty columns
    assert columns.is_single_parent.any() and columns.is_u25.any() and columns.is_long_term.any()
    assert len(set(columns.household_type.tolist())) >= 4


@pytest.mark.django_db
def test_few_persons_are_read_from_their_histories_with_the_same_answer(demo, monkeypatch):
    pks = np.array(sorted(Person.objects.values_list("pk", flat=True)[:300]))
    from_histories = facts_of(pks, AS_OF)
    monkeypatch.setattr("lotse.clients.population.HISTORIES_UP_TO", 0)
    from_population = facts_of(pks, AS_OF)
    for name in COMPARED:
        assert getattr(from_histories, name).tolist() == getattr(from_population, name).tolist(), name
