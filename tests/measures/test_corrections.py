"""Correcting and withdrawing what was recorded on the client record (issue 19): a correction
is versioned and audited, a withdrawal needs a reason and leaves every figure; the item stays
in the table for the audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lotse.agreements.models import Agreement
from lotse.agreements.services import agreement_conclude
from lotse.clients.models import Person
from lotse.core.columns import fetch_columns
from lotse.core.models import AuditAction, AuditEvent
from lotse.measures.models import Integration, Participation
from lotse.measures.services import integration_record, participation_enter
from lotse.municipal.models import Referral
from lotse.municipal.report import budget_use
from lotse.municipal.services import referral_record
from tests.measures.test_client_recording import catalogue  # noqa: F401  (a fixture)


def page(client, kind: str, pk: int) -> str:
    return f"/clients/P1/items/{kind}/{pk}/"


def audited(what: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(what=what, person_ref="P1"))


@pytest.fixture
def p1(db):
    return Person.objects.get(external_id="P1")


@pytest.mark.django_db
def test_a_participation_is_corrected_with_its_version(caseworker_client, catalogue, p1):  # noqa: F811
    measure, _budget = catalogue
    entry = participation_enter(person=p1, measure=measure, entered=date(2026, 9, 1))
    url = page(caseworker_client, "participation", entry.pk)
    opened = caseworker_client.get(url)
    assert opened.status_code == 200 and audited("participation_correction")[0].action == AuditAction.READ
    html = opened.content.decode()
    assert "Bewerbungscoaching, 01.09.2026" in html and 'value="2026-09-01"' in html
    data = {
        "correct-version": "1",
        "correct-measure": measure.pk,
        "correct-entered": "2026-09-08",
        "correct": "",
    }
    done = caseworker_client.post(url, data, follow=True)
    assert done.redirect_chain[-1][0].endswith("/clients/P1/#steering")
    entry.refresh_from_db()
    assert (entry.entered, entry.version) == (date(2026, 9, 8), 2)
    assert audited("participation_corrected")[0].action == AuditAction.WRITE
    # the same form sent again was opened at version 1: nothing written, the form says why
    again = caseworker_client.post(url, {**data, "correct-entered": "2026-09-15"})
    assert again.status_code == 200 and "Jemand anderes hat diesen Eintrag" in again.content.decode()
    assert again.context["correct"]["version"].value() == 2
    entry.refresh_from_db()
    assert entry.entered == date(2026, 9, 8)
    # an exit without its reason is refused at the field, the input kept
    refused = caseworker_client.post(url, {**data, "correct-version": "2", "correct-exited": "2026-10-01"})
    form = refused.context["correct"]
    assert form.errors["exit_reason"] and form["exited"].value() == "2026-10-01"


@pytest.mark.django_db
def test_a_withdrawn_integration_leaves_every_figure_and_stays_for_the_audit(caseworker_client, p1):
    job = integration_record(person=p1, started=date(2026, 11, 1), kind="employment", employer="Bäckerei")
    url = page(caseworker_client, "integration", job.pk)
    short = caseworker_client.post(
        url, {"withdraw-version": "1", "withdraw-reason": "falsch", "withdraw": ""}
    )
    assert short.context["withdraw"].errors["reason"] and Integration.objects.count() == 1
    reason = "Für die falsche Person erfasst (Namensgleichheit)"
    caseworker_client.post(url, {"withdraw-version": "1", "withdraw-reason": reason, "withdraw": ""})
    assert not Integration.objects.exists()  # the default manager: reports, lists, exports
    assert fetch_columns(Integration, "person_id")[0].size == 0  # the set-based analytics
    kept = Integration.all_objects.get()
    assert kept.withdrawn_reason == reason and kept.withdrawn_by.username == "user-caseworker"
    assert audited("integration_withdrawn")[0].detail == reason
    assert "Bäckerei" not in caseworker_client.get("/clients/P1/").content.decode()
    assert caseworker_client.get(url).status_code == 404  # withdrawn: nothing to correct any more


@pytest.mark.django_db
def test_a_referral_corrected_or_withdrawn_changes_what_the_budget_has_left(
    caseworker_client,
    catalogue,  # noqa: F811
    p1,
):
    referral, _left = referral_record(
        person=p1, service_code="debt", referred_on=date(2026, 3, 1), amount=Decimal(600)
    )
    url = page(caseworker_client, "referral", referral.pk)
    data = {
        "correct-version": "1",
        "correct-service": "debt",
        "correct-referred_on": "2026-03-01",
        "correct-amount": "250",
        "correct": "",
    }
    caseworker_client.post(url, data)
    (use,) = budget_use(2026, date(2026, 12, 31))
    assert use.used == Decimal(250) and use.left == Decimal(750)
    reason = "Doppelt erfasst, die Zuweisung ist schon im März gebucht"
    caseworker_client.post(url, {"withdraw-version": "2", "withdraw-reason": reason, "withdraw": ""})
    (use,) = budget_use(2026, date(2026, 12, 31))
    assert (use.used, use.referrals) == (Decimal(0), 0)
    assert Referral.all_objects.get().amount == Decimal(250)


@pytest.mark.django_db
def test_an_agreement_correction_is_checked_like_the_conclusion(caseworker_client, p1):
    agreement = agreement_conclude(person=p1, kind="egv", concluded_on=date(2026, 10, 1))
    url = page(caseworker_client, "agreement", agreement.pk)
    data = {
        "correct-version": "1",
        "correct-kind": "egv",
        "correct-concluded_on": "2026-10-05",
        "correct-review_due": "2027-06-01",
        "correct": "",
    }
    refused = caseworker_client.post(url, data)
    assert "spätestens 6 Monate" in str(refused.context["correct"].errors["review_due"])
    assert refused.context["correct"]["concluded_on"].value() == "2026-10-05"
    caseworker_client.post(url, {**data, "correct-review_due": ""})
    agreement.refresh_from_db()
    assert (agreement.concluded_on, agreement.review_due) == (date(2026, 10, 5), date(2027, 4, 5))


@pytest.mark.django_db
def test_items_outside_the_caseload_or_of_another_client_are_not_found(caseworker_client, catalogue):  # noqa: F811
    measure, _budget = catalogue
    other = participation_enter(
        person=Person.objects.get(external_id="P4"), measure=measure, entered=date(2026, 9, 1)
    )
    assert caseworker_client.get(f"/clients/P4/items/participation/{other.pk}/").status_code == 404
    assert caseworker_client.get(f"/clients/P1/items/participation/{other.pk}/").status_code == 404
    assert caseworker_client.get(f"/clients/P1/items/unknown/{other.pk}/").status_code == 404
    data = {"withdraw-version": "1", "withdraw-reason": "Ein Versuch von außen", "withdraw": ""}
    assert caseworker_client.post(f"/clients/P1/items/participation/{other.pk}/", data).status_code == 404
    assert Participation.objects.count() == 1 and not Agreement.all_objects.exists()
