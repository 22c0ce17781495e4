"""Retention: exactly the expired persons go, earlier evaluations stay, a second run deletes nothing."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from lotse.clients.models import BenefitPeriod, Household, Person
from lotse.contacts.models import Contact
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from lotse.evaluation.contact_density import evaluate_contact_density
from lotse.organisation.models import Jobcenter
from lotse.trust.models import DeletionLog
from lotse.trust.retention import deletion_due, retention_run


@pytest.fixture
def five_years(routed):
    jobcenter = Jobcenter.current()
    jobcenter.retention_years = 5
    jobcenter.save()


def run(day: str, *extra: str) -> dict:
    out = io.StringIO()
    call_command("retention", "run", "--as-of", day, *extra, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_deletion_date_is_the_last_benefit_month_plus_the_period(five_years):
    # P5 received benefits until 31.12.2025; P1's are open-ended (P2, P3 live with her).
    assert deletion_due(Person.objects.get(external_id="P5").pk) == date(2030, 12, 31)
    for ref in ("P1", "P2", "P3", "P4"):
        assert deletion_due(Person.objects.get(external_id=ref).pk) is None


@pytest.mark.django_db
def test_retention_run_deletes_exactly_the_expired_and_keeps_earlier_figures(
    five_years, p5_former_client_of_t1, login
):
    from tests.conftest import state_purpose

    c = login(Role.TEAM_LEAD, "S4")
    state_purpose(c, "P5")  # a former client of T1: with a stated purpose
    c.get(reverse("clients:detail", kwargs={"external_id": "P5"}))  # an audited read of P5
    assert "31.12.2030" in c.get(reverse("clients:detail", kwargs={"external_id": "P5"})).content.decode()
    Contact.objects.create(
        person=Person.objects.get(external_id="P5"), date=date(2025, 6, 2), channel="phone"
    )
    before = evaluate_contact_density(date(2025, 6, 30), series_months=24).as_json()
    assert before["jobcenter"]["clients"] >= 1

    assert run("2030-12-30")["deleted"] == {"persons": 0}  # one day early: nothing
    dry = run("2030-12-31", "--dry-run")
    assert dry["would_delete"]["persons"] == 1 and Person.objects.filter(external_id="P5").exists()

    result = run("2030-12-31")
    assert result["deleted"]["persons"] == 1
    assert result["deleted"]["contact"] == 1 and result["deleted"]["auditevent"] == 3  # import + 2 reads
    assert result["deleted"]["address"] == 1  # her address goes with her
    assert sorted(Person.objects.values_list("external_id", flat=True)) == ["P1", "P2", "P3", "P4"]
    assert not BenefitPeriod.objects.filter(valid_to=date(2025, 12, 31)).exists()
    assert not AuditEvent.objects.filter(person_ref="P5").exists()
    assert Household.objects.count() == 2  # P5 had no household; the others are untouched

    after = evaluate_contact_density(date(2025, 6, 30), series_months=24).as_json()
    assert after == before  # the months P5 was a client in were frozen before the deletion

    log = DeletionLog.objects.order_by("-pk").first()
    text = json.dumps([log.counts, log.frozen_months, log.actor])
    for personal in ("P5", "Becker", "Sophie", "1995", "Ringstraße"):
        assert personal not in text
    assert run("2030-12-31")["deleted"] == {"persons": 0}  # a second run deletes nothing
    assert run("2035-12-31")["deleted"] == {"persons": 0}  # P1's household still receives benefits


@pytest.mark.django_db
def test_a_household_goes_only_when_everyone_in_it_is_due(five_years):
    # End P1's benefits: P3 (same household) still receives them, so nobody of H1 is due.
    BenefitPeriod.objects.filter(person__external_id="P1").update(valid_to=date(2026, 5, 31))
    assert retention_run(as_of=date(2040, 1, 1)).counts["persons"] == 1  # only P5
    BenefitPeriod.objects.filter(person__external_id="P3").update(valid_to=date(2026, 6, 30))
    assert retention_run(as_of=date(2031, 6, 29)).counts == {"persons": 0}
    result = retention_run(as_of=date(2031, 6, 30))
    assert result.counts["persons"] == 3  # P1, P2 (never received benefits), P3
    assert not Household.objects.filter(external_id="H1").exists()
