"""Facts recorded on the client record (issue 19): a change or a correction, the effect shown
before saving, the client routed at once with the fact as the handover's reason."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from lotse.clients.models import Person, PersonAttribute, Responsibility
from lotse.core.clock import today
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from lotse.routing.engine import route_clients
from lotse.routing.models import Handover, HandoverKind
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.conftest import link_staff
from tests.factories import imported, rows

PROOF_DAY = today()


@pytest.fixture
def lange(small_data, make_user):
    """Maria Lange (P20, D2, alone, receiving benefits): S2's client (applicant service, L–Z).
    Logged in: S2 (Ayşe Öztürk), her caseworker."""
    imported(
        {
            "persons.csv": rows("persons.csv", ("P20", "Lange", "Maria", "1996-04-02", "f", "D2")),
            "household_members.csv": rows(
                "household_members.csv", ("H20", "P20", "adult", None, "2020-01-01")
            ),
            "benefit_periods.csv": rows("benefit_periods.csv", ("P20", "2024-01-01")),
        }
    )
    route_clients(as_of=today(), rules=rules_of(rule_set_on(today())))
    assert Responsibility.objects.get(person__external_id="P20").staff.external_id == "S2"
    user = make_user(Role.CASEWORKER, "ayse")
    link_staff(user, "S2")
    c = Client()
    c.force_login(user)
    return c


def proof(version: int, **extra) -> dict:
    return {
        "attribute": "pregnancy_proof",
        "valid_from": PROOF_DAY.isoformat(),
        "facts_version": version,
        **extra,
    }


@pytest.mark.django_db
def test_a_pregnancy_proof_shows_the_move_before_saving_and_routes_at_once(lange):
    url = reverse("clients:facts", kwargs={"external_id": "P20"})
    page = lange.get(url).content.decode()
    assert "Schwangerschaft mit Nachweis (Mutterpass)" in page
    preview = lange.post(url, proof(1)).content.decode()
    assert "Groß, Jürgen" in preview and "Alle anderen Alleinerziehenden" in preview
    assert not PersonAttribute.objects.filter(person__external_id="P20").exists()  # nothing written
    assert Responsibility.objects.get(person__external_id="P20").staff.external_id == "S2"
    saved = lange.post(url, proof(1, confirm="1"))
    assert saved.status_code == 302
    assert Responsibility.objects.get(person__external_id="P20").staff.external_id == "S1"
    handover = Handover.objects.filter(person__external_id="P20").latest("pk")
    assert handover.kind == HandoverKind.FACT_CHANGE
    assert handover.reason.startswith("Schwangerschaft mit Nachweis (Mutterpass)")
    record = lange.get(saved["Location"]).content.decode()  # still in the team: opened for the own change
    assert "Groß, Jürgen" in record and "Schwangerschaft mit Nachweis" in record
    worklist = lange.get(reverse("contacts:worklist"), {"section": "all"}).content.decode()
    assert "Lange" not in worklist
    assert AuditEvent.objects.filter(person_ref="P20", what="fact:pregnancy_proof").exists()


@pytest.mark.django_db
def test_a_change_ends_the_old_value_the_day_before_and_a_correction_replaces_it(lange):
    url = reverse("clients:facts", kwargs={"external_id": "P20"})
    status = {"attribute": "status", "value": "status:unemployed", "valid_from": "2025-01-01", "confirm": "1"}
    assert lange.post(url, {**status, "facts_version": 1}).status_code == 302
    changed = {**status, "value": "status:employed", "valid_from": "2026-03-01", "facts_version": 2}
    assert lange.post(url, changed).status_code == 302
    entries = list(PersonAttribute.objects.filter(person__external_id="P20").order_by("valid_from"))
    assert [(e.value, e.valid_from, e.valid_to) for e in entries] == [
        ("unemployed", date(2025, 1, 1), date(2026, 2, 28)),
        ("employed", date(2026, 3, 1), None),
    ]
    fix = reverse("clients:fact", kwargs={"external_id": "P20", "pk": entries[1].pk})
    corrected = {**status, "value": "status:job_seeking", "valid_from": "2026-03-01", "facts_version": 3}
    assert lange.post(fix, corrected).status_code == 302
    assert PersonAttribute.objects.get(pk=entries[1].pk).value == "job_seeking"
    assert PersonAttribute.objects.filter(person__external_id="P20").count() == 2  # replaced, not added


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"attribute": "status", "value": "profile:market"}, "value", "Bitte einen Wert des Merkmals"),
        (
            {"attribute": "status", "value": "status:employed", "valid_to": "2020-01-01"},
            "valid_to",
            "vor ihrem Beginn",
        ),
        (
            {"attribute": "status", "value": "status:employed", "valid_from": "0001-01-01"},
            "valid_from",
            "zwischen 01.01.1900",
        ),
    ],
)
def test_a_refused_fact_names_the_field_keeps_the_input_and_writes_nothing(lange, data, field, message):
    url = reverse("clients:facts", kwargs={"external_id": "P20"})
    response = lange.post(url, {"valid_from": "2026-01-01", "facts_version": 1, "confirm": "1", **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f'id="id_{field}-error"' in html.replace(
        f"id_{field}-error", f'id="id_{field}-error"'
    )
    assert response.context["form"].errors.get(field)
    assert not PersonAttribute.objects.filter(person__external_id="P20").exists()


@pytest.mark.django_db
def test_a_stale_facts_version_is_refused(lange):
    url = reverse("clients:facts", kwargs={"external_id": "P20"})
    assert lange.post(url, proof(1, confirm="1")).status_code == 302
    again = lange.post(
        url,
        {
            "attribute": "status",
            "value": "status:employed",
            "valid_from": "2026-01-01",
            "facts_version": 1,
            "confirm": "1",
        },
    )
    assert "Jemand anderes hat ein Merkmal" in again.content.decode()
    assert PersonAttribute.objects.filter(person__external_id="P20").count() == 1


@pytest.mark.django_db
def test_a_caseworker_of_another_team_cannot_record_a_fact(lange, make_user):
    outsider = make_user(Role.CASEWORKER, "mia")
    link_staff(outsider, "S3")
    c = Client()
    c.force_login(outsider)
    url = reverse("clients:facts", kwargs={"external_id": "P20"})
    assert c.get(url).status_code == 404
    assert c.post(url, proof(1, confirm="1")).status_code == 404
    assert not PersonAttribute.objects.filter(person__external_id="P20").exists()
    assert Person.objects.get(external_id="P20").facts_version == 1


@pytest.fixture
def lange_api(lange, api_as):
    return api_as(Role.CASEWORKER, "S2", username="ayse-api")


@pytest.mark.django_db
def test_the_api_records_the_same_change_with_the_same_handover(lange_api):
    listed = lange_api.get("/clients/P20/facts").json()
    assert listed == {"facts_version": 1, "items": []}
    body = {
        "attribute": "pregnancy_proof",
        "value": PROOF_DAY.isoformat(),
        "valid_from": PROOF_DAY.isoformat(),
        "facts_version": 1,
    }
    saved = lange_api.post("/clients/P20/facts", body)
    assert saved.status_code == 201, saved.json()
    assert saved.json()["responsible"]["staff_id"] == "S1" and saved.json()["facts_version"] == 2
    handover = Handover.objects.filter(person__external_id="P20").latest("pk")
    assert handover.kind == HandoverKind.FACT_CHANGE and handover.reason == saved.json()["reason"]
    # P20 is S1's now: S2 reaches her in the team, with a purpose
    lange_api.client.defaults["HTTP_LOTSE_PURPOSE"] = "Nacherfassung der eigenen Änderung"
    stale = lange_api.post("/clients/P20/facts", {**body, "attribute": "status", "value": "employed"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    bad = lange_api.post(
        "/clients/P20/facts", {**body, "attribute": "status", "value": "rich", "facts_version": 2}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["pointer"] == "/value"
    backwards = lange_api.post(
        "/clients/P20/facts",
        {**body, "attribute": "status", "value": "employed", "valid_to": "2020-01-01", "facts_version": 2},
    )
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["pointer"] == "/valid_to"


@pytest.mark.django_db
def test_the_api_refuses_a_fact_for_a_client_outside_the_scope(lange, api_as):
    outsider = api_as(Role.CASEWORKER, "S3", username="mia-api")
    body = {"attribute": "status", "value": "employed", "valid_from": "2026-01-01", "facts_version": 1}
    assert outsider.post("/clients/P20/facts", body).status_code == 404
    assert outsider.get("/clients/P20/facts").status_code == 404


@pytest.mark.django_db
def test_a_malformed_date_value_is_refused_at_the_field_not_a_server_error(lange_api):
    """Schemathesis found it: the handover's reason was put into words before the value was
    checked, so a date fact with the value "0" ended in a 500."""
    body = {"attribute": "pregnancy_proof", "value": "0", "valid_from": "2026-01-01", "facts_version": 1}
    recorded = lange_api.post("/clients/P20/facts", body)
    assert recorded.status_code == 422 and recorded.json()["errors"][0]["pointer"] == "/value"
    saved = lange_api.post("/clients/P20/facts", {**body, "value": "2026-01-01"}).json()
    fact_id = saved["fact"]["id"]
    lange_api.client.defaults["HTTP_LOTSE_PURPOSE"] = "Berichtigung der eigenen Eingabe"  # S1's now
    corrected = lange_api.patch(
        f"/clients/P20/facts/{fact_id}",
        {"value": "stabilisation", "valid_from": "2020-01-01", "facts_version": 2},
    )
    assert corrected.status_code == 422 and corrected.json()["errors"][0]["pointer"] == "/value"
    assert PersonAttribute.objects.get(pk=fact_id).value == "2026-01-01"
