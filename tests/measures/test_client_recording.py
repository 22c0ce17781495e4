"""Recording steering events on the client page: measures, integrations, needs, feedback,
municipal referrals. Each write is audited and keeps the target groups of its day; bad
input writes nothing and says what is wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lotse.clients.models import Person
from lotse.core.models import AuditAction, AuditEvent
from lotse.measures.models import Feedback, Integration, Measure, Need, Participation
from lotse.municipal.models import Referral, ServiceBudget


@pytest.fixture
def catalogue(db):
    measure = Measure.objects.create(
        external_id="M1",
        name="Bewerbungscoaching",
        kind="coaching",
        provider="Bildungswerk",
        target_group="all",
    )
    budget = ServiceBudget.objects.create(
        code="debt", name="Schuldnerberatung", year=2026, budget=Decimal(1000)
    )
    return measure, budget


def post(client, url: str, data: dict, *, text: bool = False) -> list[str]:
    """Post as the browser does: a saved form leads back to the client page (the messages shown
    there); a refused one shows the record again with that form open, its input and errors."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    if response.redirect_chain:
        assert response.redirect_chain[-1][0].endswith("#steering")
        return [m.message if text else m.level_tag for m in response.context["messages"]]
    form = response.context["steering_forms"][url.rstrip("/").rsplit("/", 1)[-1]]
    assert form.is_bound and form.errors and "open>" in response.content.decode()
    return [str(form.errors) if text else "error"]


def writes(what: str) -> int:
    return AuditEvent.objects.filter(action=AuditAction.WRITE, what=what, person_ref="P1").count()


@pytest.mark.django_db
def test_entry_and_exit_of_a_measure(caseworker_client, catalogue):
    measure, _budget = catalogue
    url = "/clients/P1/record/participation/"
    assert post(
        caseworker_client, url, {"participation-measure": measure.pk, "participation-entered": "2026-09-01"}
    ) == ["success"]
    entry = Participation.objects.get(person__external_id="P1")
    assert entry.entered == date(2026, 9, 1) and entry.external_id.startswith("lotse-")
    assert writes("participation") == 1
    # still in the measure: a second entry is refused
    assert post(
        caseworker_client, url, {"participation-measure": measure.pk, "participation-entered": "2026-10-01"}
    ) == ["error"]
    exit_url = f"/steering/measures/participations/{entry.pk}/exit/"
    prefix = f"exit-{entry.pk}"
    assert post(
        caseworker_client, exit_url, {f"{prefix}-exited": "2026-08-31", f"{prefix}-exit_reason": "completed"}
    ) == ["error"]
    entry.refresh_from_db()
    assert entry.exited is None  # an exit before the entry writes nothing
    assert post(
        caseworker_client, exit_url, {f"{prefix}-exited": "2026-11-15", f"{prefix}-exit_reason": "integrated"}
    ) == ["success"]
    entry.refresh_from_db()
    assert (entry.exited, entry.exit_reason) == (date(2026, 11, 15), "integrated")
    assert Participation.objects.count() == 1 and writes("participation") == 2


@pytest.mark.django_db
def test_integration_need_and_feedback(caseworker_client, catalogue):
    url = "/clients/P1/record/{}/"
    bad = {
        "integration-started": "2026-11-01",
        "integration-kind": "employment",
        "integration-ended": "2026-10-01",
    }
    assert post(caseworker_client, url.format("integration"), bad) == ["error"]
    assert post(
        caseworker_client,
        url.format("integration"),
        {"integration-started": "2026-11-01", "integration-kind": "nonsense"},
    ) == ["error"]
    assert not Integration.objects.exists()
    good = {
        "integration-started": "2026-11-01",
        "integration-kind": "employment",
        "integration-employer": "Bäckerei Schmidt",
    }
    assert post(caseworker_client, url.format("integration"), good) == ["success"]
    job = Integration.objects.get()
    p1 = Person.objects.get(external_id="P1")
    assert (job.person, job.kind, job.employer) == (p1, "employment", "Bäckerei Schmidt")
    assert job.u25 is False  # the snapshot of the start day is kept on the row

    assert post(
        caseworker_client, url.format("need"), {"need-kind": "childcare", "need-note": "Kita ab 8 Uhr"}
    ) == ["success"]
    assert post(caseworker_client, url.format("need"), {"need-kind": "childcare"}) == ["error"]  # still open
    need = Need.objects.get()
    assert post(caseworker_client, f"/steering/measures/needs/{need.pk}/resolve/", {}) == ["success"]
    need.refresh_from_db()
    assert need.resolved_on is not None

    feedback = {
        "feedback-source": "employer",
        "feedback-source_name": "Bäckerei Schmidt",
        "feedback-received_on": "2026-11-10",
        "feedback-text": "Zuverlässig, gerne weiter.",
    }
    assert post(caseworker_client, url.format("feedback"), feedback) == ["success"]
    assert Feedback.objects.get().source_name == "Bäckerei Schmidt"
    assert (writes("integration"), writes("need"), writes("feedback")) == (1, 2, 1)


@pytest.mark.django_db
def test_referral_commits_the_budget_of_its_year(caseworker_client, catalogue):
    url = "/clients/P1/record/referral/"
    data = {"referral-service": "debt", "referral-referred_on": "2026-03-01", "referral-amount": "600"}
    assert "400,00" in post(caseworker_client, url, data, text=True)[0]
    assert "-200,00" in post(caseworker_client, url, data, text=True)[0]  # overspent: recorded, and said
    assert Referral.objects.count() == 2
    assert post(caseworker_client, url, data | {"referral-referred_on": "2025-12-01"}) == [
        "error"
    ]  # no 2025 budget
    assert post(caseworker_client, url, data | {"referral-amount": "0"}) == ["error"]
    assert Referral.objects.count() == 2 and writes("referral") == 2


@pytest.mark.django_db
def test_outside_the_caseload_nothing_is_written(caseworker_client, catalogue):
    measure, _budget = catalogue
    data = {"participation-measure": measure.pk, "participation-entered": "2026-09-01"}
    assert caseworker_client.post("/clients/P4/record/participation/", data).status_code == 404
    assert caseworker_client.post("/clients/P1/record/unknown/", data).status_code == 404
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_the_client_page_shows_and_offers_it(caseworker_client, catalogue):
    measure, _budget = catalogue
    caseworker_client.post(
        "/clients/P1/record/participation/",
        {"participation-measure": measure.pk, "participation-entered": "2026-09-01"},
    )
    page = caseworker_client.get("/clients/P1/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bewerbungscoaching" in html and 'id="steering"' in html
    assert set(page.context["steering_forms"]) == {
        "participation",
        "integration",
        "need",
        "feedback",
        "referral",
        "agreement",
        "deviation",
        "partner_referral",
    }
    assert page.context["steering_forms"]["referral"].fields["service"].choices == [
        ("debt", "Schuldnerberatung")
    ]


@pytest.mark.django_db
def test_a_justified_deviation_replaces_the_interval_and_is_counted_separately(caseworker_client):
    from lotse.contacts.models import Deviation
    from lotse.contacts.selectors import contact_status
    from lotse.evaluation.contact_density import evaluate_contact_density

    url = "/clients/P1/record/deviation/"
    data = {
        "deviation-interval_months": "12",
        "deviation-reason": "Pflege eines Angehörigen, Absprache mit der Teamleitung",
        "deviation-valid_from": "2026-11-01",
    }
    assert post(caseworker_client, url, data | {"deviation-reason": "kurz"}) == ["error"]  # < 10 characters
    assert post(caseworker_client, url, data) == ["success"]
    assert post(caseworker_client, url, data | {"deviation-valid_from": "2027-01-01"}) == [
        "error"
    ]  # overlaps
    deviation = Deviation.objects.get(person__external_id="P1")
    assert (deviation.interval_months, deviation.author) == (12, "user-caseworker")
    day = date(2026, 11, 21)
    status = contact_status(Person.objects.filter(external_id="P1"), day)[0].status
    assert status.deviation.interval_months == 12
    assert status.compliant  # last contact 10.03.2026 + 12 months: due 10.03.2027
    total = evaluate_contact_density(day, by=(), series_months=1).total
    assert total.deviations == 2  # P1's and P4's from the small data set
    assert total.compliant == 2  # P1 (with the deviation) and P3
    assert writes("deviation") == 1
