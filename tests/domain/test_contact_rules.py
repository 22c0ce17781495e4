"""SPEC S4 with pinned dates: each kind of rule, several rules at once, channel
restrictions, missed appointments, deviations, and a rule-set change in mid-year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from lotse.domain.contact_rules import (
    ContactEvent,
    ContactRule,
    ContactRuleSet,
    Deviation,
    add_months,
    evaluate,
    parse_contact_rule_set,
    status_from_data,
    status_to_data,
)
from lotse.domain.routing import RuleError

PRESETS = Path(__file__).parents[2] / "src" / "lotse" / "contacts" / "presets"
DARMSTADT = parse_contact_rule_set(yaml.safe_load((PRESETS / "darmstadt_2017.yaml").read_text()))
METTMANN = parse_contact_rule_set(yaml.safe_load((PRESETS / "mettmann_2014.yaml").read_text()))
ENTRY = date(2020, 1, 1)
EARLY_ENTRY = date(2010, 1, 1)

NEAR_UNEMPLOYED = {"u25": False, "status": "unemployed", "market_distance": "near"}
FAR_UNEMPLOYED = {"u25": False, "status": "unemployed", "market_distance": "far"}
U25_UNEMPLOYED = {"u25": True, "status": "unemployed", "market_distance": "far"}
EMPLOYED = {"u25": False, "status": "employed", "market_distance": "near"}


def contact(day: str, channel: str = "in_person", held: bool = True) -> ContactEvent:
    return ContactEvent(date.fromisoformat(day), channel, held)


@pytest.mark.parametrize(
    ("values", "rules"),
    [
        (NEAR_UNEMPLOYED, ["ue25_unemployed_near", "everyone"]),
        (FAR_UNEMPLOYED, ["ue25_unemployed_far", "everyone"]),
        (U25_UNEMPLOYED, ["u25_unemployed", "everyone"]),
        (EMPLOYED, ["everyone"]),
    ],
    ids=["Ü25 marktnah", "Ü25 marktfern", "U25", "everyone else"],
)
def test_darmstadt_segments(values, rules):
    status = evaluate(values, [], ENTRY, DARMSTADT, date(2026, 11, 21))
    assert [r.rule.code for r in status.rules] == rules


@pytest.mark.parametrize(
    ("as_of", "compliant"),
    [(date(2026, 5, 15), True), (date(2026, 5, 16), False)],
    ids=["on the due day", "the day after"],
)
def test_max_interval_counts_from_the_last_counting_contact(as_of, compliant):
    contacts = [contact("2026-02-15"), contact("2026-04-15", "letter")]  # a letter does not count
    status = evaluate(FAR_UNEMPLOYED, contacts, ENTRY, DARMSTADT, as_of)
    far = status.rules[0]
    assert far.last == date(2026, 2, 15) and far.due == date(2026, 5, 15)
    assert status.compliant is compliant
    assert status.overdue is (not compliant)


def test_qualified_phone_counselling_counts_in_darmstadt():
    status = evaluate(NEAR_UNEMPLOYED, [contact("2026-11-01", "phone")], ENTRY, DARMSTADT, date(2026, 11, 21))
    assert status.compliant and status.last_counting_contact == date(2026, 11, 1)


def test_missed_appointments_do_not_count():
    contacts = [contact("2026-10-01"), contact("2026-11-10", held=False)]
    status = evaluate(NEAR_UNEMPLOYED, contacts, ENTRY, DARMSTADT, date(2026, 11, 21))
    assert status.last_counting_contact == date(2026, 10, 1)
    assert status.due == date(2026, 11, 1) and status.overdue


def test_never_contacted_counts_from_the_entry_into_benefits():
    status = evaluate(EMPLOYED, [], date(2026, 8, 1), DARMSTADT, date(2026, 11, 21))
    assert status.never_contacted and status.due == date(2027, 2, 1) and status.compliant


def test_several_rules_all_must_hold_with_a_channel_restriction():
    rule_set = ContactRuleSet(
        "Test",
        date(2020, 1, 1),
        None,
        frozenset({"in_person", "phone", "video"}),
        (
            ContactRule.build(
                "personal", "persönlich alle 2 Monate", "max_interval", months=2, channels=["in_person"]
            ),
            ContactRule.build("any", "monatlich", "max_interval", months=1),
        ),
    )
    contacts = [contact("2026-08-20", "in_person"), contact("2026-11-01", "phone")]
    status = evaluate({}, contacts, ENTRY, rule_set, date(2026, 11, 21))
    personal, any_ = status.rules
    assert (personal.due, personal.compliant) == (date(2026, 10, 20), False)
    assert (any_.due, any_.compliant) == (date(2026, 12, 1), True)
    assert not status.compliant and status.due == date(2026, 10, 20)


@pytest.mark.parametrize(
    ("months", "as_of", "compliant"),
    [(2, date(2026, 11, 21), True), (2, date(2026, 12, 2), False), (None, date(2026, 11, 21), False)],
    ids=["longer interval granted", "even the longer one runs out", "no deviation: monthly"],
)
def test_justified_deviation_replaces_the_interval(months, as_of, compliant):
    deviations = [Deviation(months, date(2026, 1, 1), None, "Pflege eines Angehörigen")] if months else []
    status = evaluate(NEAR_UNEMPLOYED, [contact("2026-10-01")], ENTRY, DARMSTADT, as_of, deviations)
    assert status.compliant is compliant
    assert (status.deviation is not None) is bool(months)


@pytest.mark.parametrize(
    ("contacts", "as_of", "done", "required", "compliant", "due"),
    [
        ([], date(2014, 6, 1), 0, 0, True, date(2014, 7, 2)),  # half a year: first of 2 due
        (["2014-03-01"], date(2014, 7, 3), 1, 1, True, date(2014, 12, 31)),
        ([], date(2014, 7, 3), 0, 1, False, date(2014, 7, 2)),
        (["2014-03-01", "2014-09-01"], date(2014, 12, 31), 2, 1, True, None),  # 2nd due on 31.12.
    ],
)
def test_minimum_count_per_year_pro_rata(contacts, as_of, done, required, compliant, due):
    status = evaluate(
        {"single_household": False}, [contact(d) for d in contacts], EARLY_ENTRY, METTMANN, as_of
    )
    (rule,) = status.rules
    assert (rule.count_this_year, rule.required_by_now, rule.compliant, rule.due) == (
        done,
        required,
        compliant,
        due,
    )


def test_single_households_need_six_contacts_a_year():
    contacts = [contact(d) for d in ("2014-01-15", "2014-03-15", "2014-05-15")]
    # the 4th of 6 contacts is due on day ⌈4 × 365 / 6⌉ = 244, i.e. 1 September
    on_due_day = evaluate({"single_household": True}, contacts, EARLY_ENTRY, METTMANN, date(2014, 9, 1))
    assert [r.compliant for r in on_due_day.rules] == [True, True]
    assert on_due_day.due == date(2014, 9, 1)
    day_after = evaluate({"single_household": True}, contacts, EARLY_ENTRY, METTMANN, date(2014, 9, 2))
    twice, six = day_after.rules
    assert twice.compliant and (six.required_by_now, six.count_this_year, six.compliant) == (4, 3, False)


def test_entry_during_the_year_counts_pro_rata_from_the_entry():
    status = evaluate({"single_household": False}, [], date(2014, 7, 1), METTMANN, date(2014, 9, 30))
    (rule,) = status.rules
    assert (rule.required_by_now, rule.due, rule.compliant) == (0, date(2014, 9, 30), True)
    later = evaluate({"single_household": False}, [], date(2014, 7, 1), METTMANN, date(2014, 10, 1))
    assert (later.rules[0].required_by_now, later.compliant) == (1, False)  # 184 days: by day 92


def test_rule_set_change_in_mid_year_applies_from_its_valid_from():
    """An evaluation uses the rule set valid on its date (the caller picks it by date)."""
    lenient = ContactRuleSet(
        "alt",
        date(2026, 1, 1),
        date(2026, 6, 30),
        frozenset({"in_person"}),
        (ContactRule.build("six", "6 Monate", "max_interval", months=6),),
    )
    strict = ContactRuleSet(
        "neu",
        date(2026, 7, 1),
        None,
        frozenset({"in_person"}),
        (ContactRule.build("one", "1 Monat", "max_interval", months=1),),
    )
    contacts = [contact("2026-05-01")]
    assert evaluate({}, contacts, ENTRY, lenient, date(2026, 6, 15)).compliant
    later = evaluate({}, contacts, ENTRY, strict, date(2026, 7, 15))
    assert not later.compliant and later.due == date(2026, 6, 1)


def test_add_months_clips_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"code": "x", "kind": "max_interval"}, "needs months"),
        ({"code": "x", "kind": "weekly", "months": 1}, "kind must be"),
        ({"code": "x", "kind": "min_per_year", "count": 2, "when": {"age": 3}}, "unknown condition"),
    ],
)
def test_bad_contact_rules_are_refused(item, message):
    doc = {
        "kind": "contact_density",
        "name": "x",
        "valid_from": "2026-01-01",
        "counting_channels": ["in_person"],
        "rules": [item],
    }
    with pytest.raises(RuleError, match=message):
        parse_contact_rule_set(doc)


def test_an_ue25_unemployed_client_with_a_foerderprofil_is_due_a_month_after_the_last_contact():
    """The BA's four-phase model counts the Förderprofil as integration-near (marktnah), so
    Darmstadt 2017 asks for a contact every month — not every three months (complex)."""
    from lotse.domain.conditions import condition_values
    from lotse.domain.facts import AttributeValue, PersonHistory, derive_facts

    start = date(2025, 1, 1)
    history = PersonHistory(
        "F",
        date(1980, 5, 5),
        attributes=(
            AttributeValue("status", "unemployed", start),
            AttributeValue("profile", "support", start),
        ),
        benefit_periods=((start, None),),
    )
    day = date(2026, 11, 21)
    facts = derive_facts(history, day)
    assert (
        facts.market_distance == "near"
        and "Förderprofil sind integrationsnah" in facts.market_distance_source
    )
    status = evaluate(condition_values(facts, None), [contact("2026-10-15")], start, DARMSTADT, day)
    assert status.rules[0].rule.code == "ue25_unemployed_near"
    assert status.due == date(2026, 11, 15) and status.overdue


def test_a_jobcenter_may_map_a_profillage_otherwise_from_a_date():
    from lotse.domain.facts import (
        BA_FOUR_PHASE_MODEL,
        AttributeValue,
        PersonHistory,
        ProfileRow,
        ProfileTable,
        derive_facts,
    )

    own = ProfileTable(
        (*BA_FOUR_PHASE_MODEL.rows, ProfileRow("support", "far", date(2026, 7, 1), None, "Beschluss 2026"))
    )
    history = PersonHistory(
        "F", date(1980, 5, 5), attributes=(AttributeValue("profile", "support", date(2025, 1, 1)),)
    )
    assert derive_facts(history, date(2026, 6, 30), profiles=own).market_distance == "near"
    later = derive_facts(history, date(2026, 7, 1), profiles=own)
    assert (later.market_distance, later.market_distance_source) == ("far", "Beschluss 2026")


@pytest.mark.parametrize(
    ("per_year", "compliant", "due"),
    [(None, False, date(2026, 7, 2)), (1, True, date(2026, 12, 31))],
    ids=["Mettmann: 2 a year, the first was due on 02.07.", "a deviation of 1 a year"],
)
def test_a_justified_deviation_replaces_a_count_per_year(per_year, compliant, due):
    """Mettmann 2014: at least 2 contacts a year, spread over the year — the first is due on
    02.07. (day ⌈365/2⌉). No contact since December: on 1 August the client is behind, unless a
    justified deviation asks for one contact a year (due on 31.12.)."""
    deviations = (
        [Deviation(None, date(2026, 1, 1), None, "Pflege eines Angehörigen", per_year)] if per_year else []
    )
    status = evaluate(
        {"single_household": False},
        [contact("2025-12-10")],
        EARLY_ENTRY,
        METTMANN,
        date(2026, 8, 1),
        deviations,
    )
    (rule,) = [r for r in status.rules if r.rule.kind == "min_per_year"]
    assert (rule.compliant, rule.due) == (compliant, due)


@pytest.mark.parametrize(
    ("values", "contacts", "deviations", "rule_set"),
    [
        (NEAR_UNEMPLOYED, [], [], DARMSTADT),
        (
            U25_UNEMPLOYED,
            ["2026-05-02", "2026-07-30"],
            [Deviation(2, date(2026, 6, 1), None, "Krise")],
            DARMSTADT,
        ),
        (
            {"single_household": True},
            ["2026-01-15"],
            [Deviation(None, date(2026, 1, 1), date(2026, 12, 31), "Pflege", 1)],
            METTMANN,
        ),
    ],
    ids=["never contacted", "with a deviation of the interval", "yearly counts with a deviation"],
)
def test_a_status_kept_for_other_workers_reads_back_equal(values, contacts, deviations, rule_set):
    """The worklist's due dates are kept in the database for every web worker as JSON: what
    is read back is the status that was computed, rule by rule."""
    import json

    as_of = date(2026, 8, 1)
    status = evaluate(values, [contact(d) for d in contacts], ENTRY, rule_set, as_of, deviations)
    data = json.loads(json.dumps(status_to_data(status)))
    assert status_from_data(data, rule_set, as_of) == status


def test_a_kept_status_naming_a_rule_the_rule_set_lacks_is_computed_again():
    status = evaluate(NEAR_UNEMPLOYED, [], ENTRY, DARMSTADT, date(2026, 8, 1))
    assert status_from_data(status_to_data(status), METTMANN, date(2026, 8, 1)) is None
