"""Collegial case consultation is scheduled but explicitly not documented (Hagen concept § 6):
the model, the form and the API accept when, where and who — no content, no client."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.network.forms import ConsultationForm
from lotse.network.models import CaseConsultation
from lotse.organisation.models import Staff


def test_the_model_holds_title_date_time_room_and_participants_only():
    names = {f.name for f in CaseConsultation._meta.get_fields()}
    assert names == {"id", "title", "day", "starts", "room", "participants"}
    related = [f for f in CaseConsultation._meta.get_fields() if f.is_relation]
    assert [f.related_model for f in related] == [Staff]  # no person, no household, no file


def test_the_form_offers_no_content_field():
    assert set(ConsultationForm.base_fields) == {"title", "day", "starts", "room", "participants"}


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["Fallberatung P1", "Fall Müller", "Runde zu KD12345"])
def test_a_title_naming_a_client_is_refused_and_nothing_stored(caseworker_client, title):
    s1 = Staff.objects.get(external_id="S1")
    page = caseworker_client.post(
        "/network/consultations/",
        {
            "title": title,
            "day": "2026-12-10",
            "room": "2.14",
            "participants": [s1.pk],
            "content": "Frau Müller …",
        },
    )
    assert page.status_code == 200 and page.context["form"].errors["title"]
    assert not CaseConsultation.objects.exists()


@pytest.mark.django_db
def test_scheduling_ignores_anything_but_the_fields_and_the_page_shows_no_content(caseworker_client):
    s1 = Staff.objects.get(external_id="S1")
    response = caseworker_client.post(
        "/network/consultations/",
        {
            "title": "Fallberatung Bewerber-Service",
            "day": "2026-12-10",
            "starts": "09:30",
            "room": "2.14",
            "participants": [s1.pk],
            "content": "Vertrauliches",
            "person": "P1",
        },
    )
    assert response.status_code == 302
    consultation = CaseConsultation.objects.get()
    assert (consultation.title, consultation.day) == ("Fallberatung Bewerber-Service", date(2026, 12, 10))
    page = caseworker_client.get("/network/consultations/").content.decode()
    assert "Vertrauliches" not in page and "<textarea" not in page


@pytest.mark.django_db
def test_the_api_accepts_no_other_field(api_as):
    from lotse.core.roles import Role

    api = api_as(Role.CASEWORKER, "S1", username="cw-api")
    s1 = Staff.objects.get(external_id="S1")
    body = {"title": "Fallberatung", "day": "2026-12-10", "room": "2.14", "participants": ["S1"]}
    extra = api.post("/case-consultations", {**body, "content": "Frau Müller"})
    assert extra.status_code == 422 and not CaseConsultation.objects.exists()
    client = api.post("/case-consultations", {**body, "client_id": "P1"})
    assert client.status_code == 422 and not CaseConsultation.objects.exists()
    named = api.post("/case-consultations", {**body, "title": "Fall P1"})
    assert named.status_code == 422 and named.json()["errors"][0]["pointer"] == "/title"
    created = api.post("/case-consultations", body)
    assert created.status_code == 201, created.json()
    assert set(created.json()) == {"id", "title", "day", "starts", "room", "participants"}
    assert list(CaseConsultation.objects.get().participants.all()) == [s1]
    assert api.get("/case-consultations").json()["items"][0]["title"] == "Fallberatung"
