"""The routing service on the small hand-checked data set: responsibility, handovers on
life events, idempotence, overrides, queues and the end of benefits."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lotse.clients.models import Responsibility
from lotse.organisation.models import Specialisation, Staff, Team
from lotse.routing.engine import route_clients
from lotse.routing.models import Handover, HandoverKind, Override
from lotse.routing.rulesets import rule_set_on, rules_of

DAY = date(2026, 11, 21)


def route(day: date, **kwargs):
    return route_clients(as_of=day, rules=rules_of(rule_set_on(day)), **kwargs)


def responsible(person_id: str) -> tuple[str | None, str | None, str]:
    r = Responsibility.objects.select_related("staff", "team").get(person__external_id=person_id)
    return (r.team.external_id if r.team else None, r.staff.external_id if r.staff else None, r.rule_code)


@pytest.mark.django_db
def test_every_active_client_gets_one_responsible_and_a_second_run_changes_nothing(generalist):
    first = route(DAY)
    assert {a.person_id for a in first.assignments} == {"P1", "P3", "P4"}
    assert Responsibility.objects.count() == 3
    assert first.handovers == 0  # first assignments hand nothing over
    assert Responsibility.objects.get(person__external_id="P1").since == DAY
    second = route(DAY)
    assert second.changed == [] and second.handovers == 0
    assert Handover.objects.count() == 0


@pytest.mark.django_db
def test_single_parent_goes_to_the_aez_and_is_handed_over_when_the_partner_moves_in(generalist):
    route(date(2026, 3, 31))
    assert responsible("P1") == ("T1", "S1", "single_parent")  # S1: AEZ specialist for D1
    route(date(2026, 4, 1))  # Tom Schmidt moves in
    assert responsible("P1") == ("T1", "S5", "applicant_service")
    handover = Handover.objects.get(person__external_id="P1", effective_date=date(2026, 4, 1))
    assert (handover.from_staff.external_id, handover.to_staff.external_id) == ("S1", "S5")
    assert handover.kind == HandoverKind.ROUTING
    assert responsible("P3") == ("T1", "S5", "applicant_service")  # Tom is a client from today


@pytest.mark.django_db
def test_without_a_generalist_the_specialist_keeps_the_client(small_data):
    route(date(2026, 3, 31))
    route(date(2026, 4, 1))
    assert responsible("P1") == ("T1", "S1", "applicant_service")
    assert not Handover.objects.filter(person__external_id="P1").exists()  # the rule changed, not the person


@pytest.mark.django_db
def test_no_candidate_means_the_team_leads_queue(small_data):
    Team.objects.create(external_id="T9", name="Selbstständige", kind="self_employed")
    route(DAY)
    # Deniz (P4) is self-employed; the team has no caseworker: queue of that team.
    assert responsible("P4") == ("T9", None, "self_employed")


@pytest.mark.django_db
def test_manual_override_wins_until_it_expires(generalist, django_user_model):
    route(DAY)
    user = django_user_model.objects.create_user("lead")
    Override.objects.create(
        person=generalist.team.staff.get(external_id="S5")
        .caseload.model.objects.get(person__external_id="P1")
        .person,
        staff=Staff.objects.get(external_id="S2"),
        reason="Sprachkenntnisse",
        valid_from=DAY,
        valid_until=date(2026, 12, 31),
        created_by=user,
    )
    route(DAY)
    assert responsible("P1") == ("T1", "S2", "override")
    assert Handover.objects.filter(kind=HandoverKind.OVERRIDE).count() == 1
    route(date(2027, 1, 1))
    assert responsible("P1")[2] != "override"


@pytest.mark.django_db
def test_end_of_benefits_ends_the_responsibility(small_data):
    route(date(2025, 10, 1))
    assert responsible("P5")[2] == "single_parent"  # expected single parent (Mutterpass shown)
    route(date(2026, 1, 1))
    assert not Responsibility.objects.filter(person__external_id="P5").exists()
    assert Handover.objects.get(person__external_id="P5", kind=HandoverKind.ENDED).to_staff is None


@pytest.mark.django_db
def test_dry_run_writes_nothing(small_data):
    run = route(DAY, dry_run=True)
    assert len(run.changed) == 3 and Responsibility.objects.count() == 0


@pytest.mark.django_db
def test_route_command_prints_one_object_per_client(generalist):
    out = StringIO()
    call_command("route", "--as-of", DAY.isoformat(), "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [r["person_id"] for r in rows] == ["P1", "P3", "P4"]
    assert set(rows[0]) >= {"person_id", "team_id", "staff_id", "rule"}
    assert rows[2] == {
        "person_id": "P4",
        "team_id": None,
        "staff_id": None,
        "rule": "self_employed",
        "queued": True,
        "changed": True,
    }  # no self-employed team at all


@pytest.mark.django_db
def test_rules_export_import_round_trip(small_data, tmp_path):
    out = StringIO()
    call_command("rules", "export", "--as-of", DAY.isoformat(), stdout=out)
    text = out.getvalue().replace("name: Hagen-Hierarchie ab 2018", "name: Hagen-Hierarchie (copy)")
    (tmp_path / "copy.yaml").write_text(text, encoding="utf-8")
    call_command("rules", "import", str(tmp_path / "copy.yaml"), stdout=StringIO())
    assert rule_set_on(DAY).name == "Hagen-Hierarchie (copy)"  # same start: the newer one wins
    copy = rules_of(rule_set_on(DAY))
    assert len(copy) == 10 and copy[0].code == "single_parent_self_employed"
    assert Specialisation.objects.filter(code="single_parents").exists()


@pytest.mark.django_db
def test_a_database_without_rule_sets_gets_the_preset_back(small_data):
    """After ``migrate`` (or a flush), never on a read: reading installs nothing."""
    from lotse.routing.models import RuleSet
    from lotse.routing.rulesets import NoRuleSet

    RuleSet.objects.all().delete()
    with pytest.raises(NoRuleSet):
        rule_set_on(DAY)
    call_command("migrate", verbosity=0)
    assert rule_set_on(DAY).name == "Hagen-Hierarchie ab 2018"
    assert rule_set_on(date(2017, 12, 31)).name == "Hagen 2016"  # "zunächst gültig bis 31.12.2017"
    assert rules_of(rule_set_on(DAY)) == rules_of(rule_set_on(date(2016, 6, 1)))  # the same hierarchy


@pytest.mark.django_db(transaction=True)
def test_a_run_that_dies_halfway_is_finished_by_running_it_again(generalist, monkeypatch):
    from lotse.routing import engine

    route(date(2026, 3, 31))
    monkeypatch.setattr(engine, "CHUNK", 1)  # one client per transaction
    real = engine._write_chunk
    calls = {"n": 0}

    def dies_on_the_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "_write_chunk", dies_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        route(date(2026, 4, 1))  # two changes: Anna to the generalist, Tom is new
    monkeypatch.setattr(engine, "_write_chunk", real)
    route(date(2026, 4, 1))
    assert responsible("P1") == ("T1", "S5", "applicant_service")
    assert responsible("P3") == ("T1", "S5", "applicant_service")
    assert Handover.objects.filter(person__external_id="P1").count() == 1  # not twice
    assert route(date(2026, 4, 1)).changed == []


@pytest.mark.django_db
def test_contact_rule_sets_through_the_same_command(small_data, tmp_path):
    from lotse.contacts.rulesets import contact_rule_set_on

    out = StringIO()
    call_command("rules", "export", "--kind", "contact_density", "--as-of", "2026-11-21", stdout=out)
    assert "name: Darmstadt 2017" in out.getvalue()
    text = (
        out.getvalue()
        .replace("Darmstadt 2017", "Darmstadt 2027")
        .replace("valid_from: '2017-02-01'", "valid_from: '2027-01-01'")
        .replace("valid_from: 2017-02-01", "valid_from: 2027-01-01")
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    call_command("rules", "import", str(tmp_path / "c.yaml"), stdout=StringIO())
    assert contact_rule_set_on(date(2027, 3, 1)).name == "Darmstadt 2027"
    assert contact_rule_set_on(date(2026, 3, 1)).name == "Darmstadt 2017"
    assert contact_rule_set_on(date(2014, 6, 1)).name == "Mettmann 2014"


@pytest.mark.django_db
def test_new_clients_without_rows_skip_the_clean_up_but_rows_left_over_are_still_ended(
    generalist, monkeypatch
):
    """More new clients than a chunk: the run asks once which of them hold history rows
    (open, or from the date on) without a responsibility, and cleans up only those."""
    from datetime import timedelta

    from lotse.clients.models import Person, ResponsibilityPeriod
    from lotse.routing import engine

    monkeypatch.setattr(engine, "CHUNK", 1)  # three new clients are more than a chunk
    team = Team.objects.get(external_id="T1")
    left_open = ResponsibilityPeriod.objects.create(
        person=Person.objects.get(external_id="P3"), team=team, rule_code="old", valid_from=date(2026, 1, 1)
    )
    later = ResponsibilityPeriod.objects.create(
        person=Person.objects.get(external_id="P4"),
        team=team,
        rule_code="later",
        valid_from=DAY + timedelta(days=10),
        valid_to=DAY + timedelta(days=20),
    )
    run = route(DAY)
    assert len(run.changed) == 3 and Responsibility.objects.count() == 3
    left_open.refresh_from_db()
    assert left_open.valid_to == DAY - timedelta(days=1)  # ended the day before
    assert not ResponsibilityPeriod.objects.filter(pk=later.pk).exists()  # replaced from the date on
    open_periods = ResponsibilityPeriod.objects.filter(valid_to__isnull=True)
    assert sorted(open_periods.values_list("person__external_id", "valid_from")) == [
        ("P1", DAY),
        ("P3", DAY),
        ("P4", DAY),
    ]
