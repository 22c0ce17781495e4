"""SPEC S3 / seed 002 §3: every branch of the Hagen 2016 hierarchy in its order, the
re-routing on each life event of seed 002 §2, and the caseworker choice."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from lotse.domain.facts import AttributeValue, Member, PersonHistory, Role, derive_facts
from lotse.domain.routing import (
    Caseworker,
    CaseworkerIndex,
    RoutingRule,
    RuleError,
    candidates,
    choose,
    condition_values,
    decide,
    initial,
    letters_cover,
)
from lotse.domain.rule_documents import parse_rule_set

PRESET = Path(__file__).parents[2] / "src" / "lotse" / "routing" / "presets" / "hagen_2016.yaml"
RULES = parse_rule_set(yaml.safe_load(PRESET.read_text(encoding="utf-8"))).rules
AS_OF = date(2026, 11, 21)
ADULT = date(1990, 6, 15)
YOUNG = date(2004, 1, 1)  # 22 on AS_OF
CHILD = date(2015, 3, 10)


def person(
    birth=ADULT, *, child=True, partner_in=None, child_born=CHILD, child_out=None, attrs=()
) -> PersonHistory:
    members = [Member("P", Role.ADULT, birth, date(2014, 1, 1))]
    if child:
        members.append(Member("C", Role.CHILD, child_born, date(2014, 1, 1), moved_out=child_out))
    if partner_in:
        members.append(Member("Q", Role.PARTNER, date(1985, 1, 1), partner_in))
    attributes = tuple(AttributeValue(a, v, date(2020, 1, 1)) for a, v in attrs)
    return PersonHistory(
        "P", birth, attributes, ((date(2020, 1, 1), None),), tuple(("H", m) for m in members)
    )


def route(history: PersonHistory, as_of: date = AS_OF) -> str | None:
    decision = decide(condition_values(derive_facts(history, as_of), "D1"), RULES)
    return decision.rule.code if decision.rule else None


HIERARCHY = [
    # (id, history, expected rule) — in the order of seed 002 §3
    (
        "single parent and self-employed → self-employed",
        person(attrs=[("self_employed", "true"), ("severely_disabled", "true")]),
        "single_parent_self_employed",
    ),
    (
        "single parent under 25 → U25 single-parent specialist",
        person(YOUNG, child_born=date(2023, 1, 1), attrs=[("case_management_criteria", "true")]),
        "single_parent_u25",
    ),
    (
        "severely disabled single parent → Reha/SB",
        person(attrs=[("severely_disabled", "true"), ("case_management_criteria", "true")]),
        "single_parent_reha",
    ),
    ("rehabilitant single parent → Reha/SB", person(attrs=[("rehabilitant", "true")]), "single_parent_reha"),
    (
        "single parent with FM criteria → case management",
        person(attrs=[("case_management_criteria", "true")]),
        "single_parent_case_management",
    ),
    ("other single parent → AEZ in the applicant service", person(), "single_parent"),
    (
        "expected single parent → AEZ",
        person(child=False, attrs=[("pregnancy_proof", "2026-09-01")]),
        "single_parent",
    ),
    (
        "§ 10 single parent → AEZ",
        person(child=False, attrs=[("par10_single_parent", "true")]),
        "single_parent",
    ),
    (
        "self-employed, not a single parent",
        person(child=False, attrs=[("self_employed", "true")]),
        "self_employed",
    ),
    ("under 25, not a single parent", person(YOUNG, child=False), "u25"),
    (
        "severely disabled, not a single parent",
        person(child=False, attrs=[("severely_disabled", "true")]),
        "reha",
    ),
    (
        "FM criteria, not a single parent",
        person(child=False, attrs=[("case_management_criteria", "true")]),
        "case_management",
    ),
    ("everyone else → applicant service", person(child=False), "applicant_service"),
]


@pytest.mark.parametrize(("history", "rule"), [c[1:] for c in HIERARCHY], ids=[c[0] for c in HIERARCHY])
def test_hierarchy_first_match_wins(history, rule):
    assert route(history) == rule


LIFE_EVENTS = [
    ("partner moves in", person(partner_in=date(2026, 4, 1)), date(2026, 4, 1)),
    ("youngest child turns 18", person(child_born=date(2008, 4, 1)), date(2026, 4, 1)),
    ("child moves out", person(child_out=date(2026, 4, 1)), date(2026, 4, 1)),
]


@pytest.mark.parametrize(
    ("history", "event_day"), [c[1:] for c in LIFE_EVENTS], ids=[c[0] for c in LIFE_EVENTS]
)
def test_life_event_reroutes_on_the_day(history, event_day):
    assert route(history, event_day - timedelta(days=1)) == "single_parent"
    assert route(history, event_day) == "applicant_service"


def test_25th_birthday_moves_a_young_single_parent_to_the_aez():
    history = person(date(2001, 11, 21), child_born=date(2022, 1, 1))
    assert route(history, date(2026, 11, 20)) == "single_parent_u25"
    assert route(history, date(2026, 11, 21)) == "single_parent"


def test_decision_explains_the_rules_above():
    decision = decide(condition_values(derive_facts(person(child=False), AS_OF), "D1"), RULES)
    assert decision.rule.code == "applicant_service"
    assert [o.rule.code for o in decision.not_matched][:2] == [
        "single_parent_self_employed",
        "single_parent_u25",
    ]
    assert decision.not_matched[0].failed == ("single_parent", "self_employed")
    matched = decide(condition_values(derive_facts(person(), AS_OF), "D1"), RULES)
    assert matched.used == {"single_parent": True}


def cw(
    staff_id,
    kind="applicant_service",
    *,
    strategy="district",
    fte="1",
    specs=(),
    districts=("D1",),
    letters="",
) -> Caseworker:
    return Caseworker(
        staff_id, "T1", kind, strategy, Decimal(fte), frozenset(specs), frozenset(districts), letters
    )


GENERAL = RoutingRule("applicant_service", "x", "applicant_service")
AEZ = RoutingRule("single_parent", "x", "applicant_service", "single_parents")


def test_district_strategy_and_lowest_caseload_per_fte():
    pool = [cw("S1"), cw("S2", fte="0.5"), cw("S3", districts=("D2",)), cw("S4", specs=["single_parents"])]
    found = candidates(GENERAL, "D1", "Meyer", pool)
    assert [c.staff_id for c in found] == ["S1", "S2"]  # the AEZ specialist is kept free
    assert choose(found, {"S1": 100, "S2": 60}).staff_id == "S1"  # 100/1 < 60/0.5
    assert choose(found, {"S1": 100, "S2": 20}).staff_id == "S2"
    assert [c.staff_id for c in candidates(AEZ, "D1", "Meyer", pool)] == ["S4"]


def test_the_index_chooses_as_the_scan_does_while_caseloads_rise_and_fall():
    """The heap of CaseworkerIndex.choose against choose() over the candidates, through
    10,000 choices with handovers that lower a caseload (ties included: equal FTE)."""

    rng = random.Random(7)
    pool = [
        cw(f"S{i:02}", fte=rng.choice(["1", "0.5", "0.75"]), districts=rng.sample(["D1", "D2", "D3"], 2))
        for i in range(30)
    ] + [cw("A1", strategy="alphabetical", letters="A-M"), cw("A2", strategy="alphabetical", letters="K-Z")]
    index = CaseworkerIndex(pool)
    loads = {c.staff_id: rng.randrange(5) for c in pool}
    for _ in range(10_000):
        rule = rng.choice([GENERAL, AEZ])
        district, family = (
            rng.choice(["D1", "D2", "D3", "D4"]),
            rng.choice(["Ahrens", "Kaya", "Özdemir", "Zander"]),
        )
        expected = choose(index.candidates(rule, district, family), loads)
        chosen = index.choose(rule, district, family, loads)
        assert chosen == expected
        if chosen:
            loads[chosen.staff_id] += 1
            leaving = rng.choice(pool).staff_id
            if rng.random() < 0.3 and loads[leaving] > 0:
                loads[leaving] -= 1
                index.lowered(leaving, loads)


def test_generalist_rule_falls_back_to_specialists_and_then_to_the_queue():
    pool = [cw("S4", specs=["single_parents"])]
    assert [c.staff_id for c in candidates(GENERAL, "D1", "X", pool)] == ["S4"]
    assert choose(candidates(GENERAL, "D9", "X", pool), {}) is None  # nobody serves D9


@pytest.mark.parametrize(
    ("name", "letter"),
    [("Özdemir", "O"), ("Şahin", "S"), ("Łukasz", "L"), ("von Ärger", "V"), ("  ", ""), ("Ärger", "A")],
)
def test_initial_letter_folds_diacritics(name, letter):
    assert initial(name) == letter


def test_alphabetical_strategy():
    pool = [
        cw("S1", strategy="alphabetical", letters="A-K"),
        cw("S2", strategy="alphabetical", letters="L-Z"),
    ]
    assert [c.staff_id for c in candidates(GENERAL, "D1", "Özdemir", pool)] == ["S2"]
    assert [c.staff_id for c in candidates(GENERAL, None, "Ärger", pool)] == ["S1"]
    assert letters_cover("M", "Meyer") and not letters_cover("", "Meyer")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (
            {
                "kind": "routing",
                "name": "x",
                "valid_from": "2026-01-01",
                "rules": [{"code": "a", "team_kind": "u25", "when": {"age": True}}],
            },
            "unknown condition 'age'",
        ),
        (
            {
                "kind": "routing",
                "name": "x",
                "valid_from": "2026-01-01",
                "rules": [{"code": "a", "team_kind": "u25", "when": {"u25": True}}],
            },
            "catch-all",
        ),
        (
            {
                "kind": "routing",
                "name": "x",
                "valid_from": "2026-13-01",
                "rules": [{"code": "a", "team_kind": "u25"}],
            },
            "valid_from",
        ),
        (
            {
                "kind": "routing",
                "name": "x",
                "valid_from": "2026-01-01",
                "rules": [{"code": "a", "team_kind": "u25", "when": {"status": "unemployed"}}],
            },
            "list of values",
        ),
    ],
)
def test_bad_rule_documents_are_refused_with_a_reason(doc, message):
    with pytest.raises(RuleError, match=message):
        parse_rule_set(doc)
