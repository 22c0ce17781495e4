"""Contact outcomes (issue 19): a configurable list, recorded with a contact on the record and
through the API, counted on the contact-density and outreach pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lotse.contacts.models import Contact, ContactOutcome
from lotse.core.roles import Role


@pytest.mark.django_db
def test_the_presets_are_installed_and_a_contact_carries_its_outcome(login):
    assert list(ContactOutcome.objects.values_list("code", flat=True)) == [
        "agreement_updated",
        "offer_made",
        "placement_proposal",
        "referral",
        "no_result",
    ]
    c = login(Role.CASEWORKER, "S1")
    data = {"date": "2026-11-20", "channel": "phone", "held": "on", "outcome": "offer_made"}
    assert c.post(reverse("contacts:record", kwargs={"external_id": "P1"}), data).status_code == 302
    contact = Contact.objects.get(person__external_id="P1", date="2026-11-20")
    assert contact.outcome.label == "Angebot unterbreitet"
    record = c.get(
        reverse("clients:detail", kwargs={"external_id": "P1"}), {"as_of": "2026-11-21"}
    ).content.decode()
    assert "Angebot unterbreitet" in record


@pytest.mark.django_db
def test_an_unknown_or_switched_off_outcome_is_refused(login, api_as):
    ContactOutcome.objects.filter(code="referral").update(active=False)
    caller = api_as(Role.CASEWORKER, "S1", username="juergen-api")
    for code in ("referral", "promoted"):
        response = caller.post(
            "/clients/P1/contacts", {"date": "2026-11-20", "channel": "phone", "outcome": code}
        )
        assert response.status_code == 422 and response.json()["errors"][0]["pointer"] == "/outcome"
    assert not Contact.objects.filter(date="2026-11-20").exists()
    made = caller.post(
        "/clients/P1/contacts", {"date": "2026-11-20", "channel": "phone", "outcome": "no_result"}
    )
    assert made.status_code == 201 and made.json()["outcome"] == "no_result"
    codes = [o["code"] for o in caller.get("/contact-outcomes").json() if o["offered"]]
    assert "referral" not in codes and "no_result" in codes


@pytest.mark.django_db
def test_outcomes_are_counted_on_the_contact_density_page(login, make_user, client):
    outcome = ContactOutcome.objects.get(code="placement_proposal")
    Contact.objects.filter(person__external_id="P1", held=True).update(outcome=outcome)  # K1, K2
    lead = login(Role.TEAM_LEAD, "S4")
    html = lead.get(reverse("evaluation:contact_density"), {"as_of": "2026-11-21"}).content.decode()
    row = html[html.index("Vermittlungsvorschlag übergeben") :].split("</tr>", 1)[0]
    assert ">2<" in row.replace(" ", "")
