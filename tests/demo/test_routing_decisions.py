"""The routing's set-based decision (:func:`lotse.routing.engine.decide_columns`) against the
plain rule of SPEC S3 applied client by client: the current caseworker keeps a client while
they are among the candidates; else the candidate with the lowest caseload per FTE (the scan
of :func:`lotse.domain.routing.candidates` and :func:`~lotse.domain.routing.choose`), each
choice moving the loads the next client sees. On the demo at three dates, under the teams'
own strategies and under each strategy of the simulation."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from lotse.clients.models import Person
from lotse.domain.routing import CaseworkerIndex, candidates, choose
from lotse.organisation.models import Jobcenter
from lotse.routing.engine import OVERRIDE_RULE, decide_columns, load_clients, load_situation
from lotse.routing.rulesets import rule_set_on, rules_of
from lotse.routing.selectors import _figures

DAYS = [date(2026, 11, 21), date(2027, 2, 21), date(2027, 9, 1)]


def client_by_client(clients, rules, situation):
    """(team, caseworker, rule code) of each client by primary key, deciding one client after
    the other in alphabetical order (family name, given name, number)."""
    from lotse.domain.routing import first_matching

    s = situation
    loads = Counter(s.loads)
    caseworkers = sorted(s.index.by_id.values(), key=lambda c: c.staff_id)
    ext_of = {pk: ext for ext, pk in s.staff_pk.items()}
    rule_of = first_matching(rules, clients.conditions).tolist()
    columns = {
        pk: (family, district, k)
        for pk, family, district, k in zip(
            clients.pks, clients.family_names, clients.districts, rule_of, strict=True
        )
    }
    out = {}
    for pk in Person.objects.filter(pk__in=clients.pks).values_list("pk", flat=True):
        family, district, k = columns[pk]
        current_team, current_staff, _ = s.current.get(pk, (None, None, ""))
        if pk in s.overrides:
            staff, team = s.overrides[pk], s.team_of_staff.get(s.overrides[pk])
            out[pk] = (team, staff, OVERRIDE_RULE) if team else (current_team, None, OVERRIDE_RULE)
            continue
        rule = rules[k]
        found = candidates(rule, district, family, caseworkers)
        current = ext_of.get(current_staff)
        if current and current in {c.staff_id for c in found}:
            staff = current_staff
        else:
            chosen = choose(found, loads)
            staff = s.staff_pk[chosen.staff_id] if chosen else None
            if chosen:
                loads[chosen.staff_id] += 1
                if current:
                    loads[current] -= 1
        team = s.team_of_staff[staff] if staff else s.queue_team.get(rule.team_kind)
        out[pk] = (team, staff, rule.code)
    return [out[pk] for pk in clients.pks], loads


def pooled(situation):
    """The situation with every caseworker serving every district their team kind serves and
    half the alphabet: several candidates per client, so the loads decide (the small demo has
    about one caseworker per district and team kind)."""
    served: dict[str, set] = {}
    for c in situation.index.by_id.values():
        served.setdefault(c.team_kind, set()).update(c.districts)
    caseworkers = [
        replace(c, districts=frozenset(served[c.team_kind]), letters="A-M" if n % 2 else "F-Z")
        for n, c in enumerate(situation.index.by_id.values())
    ]
    return replace(situation, index=CaseworkerIndex(caseworkers), loads=Counter(situation.loads))


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize(
    "strategy", [None, "district", "alphabetical", "pooled district", "pooled alphabetical"]
)
def test_the_set_based_decision_equals_the_rule_client_by_client(demo, day, strategy):
    rules = rules_of(rule_set_on(day))
    clients = load_clients(day)
    situation = load_situation(day)
    if strategy:
        situation = situation.under_strategy(strategy.split()[-1])
    if strategy and strategy.startswith("pooled"):
        situation = pooled(situation)
    expected, loads = client_by_client(clients, rules, situation)
    decided = decide_columns(clients, rules, situation).assignments(clients, rules)
    assert [(a.team_pk, a.staff_pk, a.rule_code) for a in decided] == expected
    assert +situation.loads == +loads
    kept = sum(1 for a in decided if not a.changed and situation.current.get(a.person_pk))
    assert kept > len(decided) / 3  # most keep their caseworker, …
    if strategy and strategy.startswith("pooled"):  # … though another has fewer clients
        assert sum(1 for a in decided if a.changed) > 10


@pytest.mark.parametrize("strategy", ["district", "alphabetical"])
def test_the_simulations_figures_count_the_decisions(demo, strategy):
    day = DAYS[1]
    rules = rules_of(rule_set_on(day))
    clients = load_clients(day)
    situation = load_situation(day)
    figures = _figures(rules, clients, strategy, situation.under_strategy(strategy), Jobcenter.current())
    decided = decide_columns(clients, rules, situation.under_strategy(strategy)).assignments(clients, rules)
    assert figures.clients == len(decided)
    assert figures.queued == sum(1 for a in decided if a.staff_pk is None)
    assert figures.by_rule == Counter(a.rule_code for a in decided)
    before = {pk: held[1] for pk, held in situation.current.items()}
    assert figures.changed_caseworker == sum(
        1 for a in decided if before.get(a.person_pk) is not None and before[a.person_pk] != a.staff_pk
    )
    district_of = dict(zip(clients.pks, clients.districts, strict=True))
    served: dict[int, set] = {}
    for a in decided:
        if a.staff_pk:
            served.setdefault(a.staff_pk, set()).add(district_of[a.person_pk])
    assert figures.districts_per_caseworker == round(statistics.mean(len(d) for d in served.values()), 1)
    kind_of = {situation.staff_pk[c.staff_id]: c.team_kind for c in situation.index.by_id.values()}
    per_kind = Counter(kind_of[a.staff_pk] for a in decided if a.staff_pk)
    assert {k.team_kind: k.clients - k.queued for k in figures.kinds if k.clients} == +per_kind
