"""Deputies (Vertretung): a team lead names one for an absence, the deputy works the absent
caseworker's worklist beside their own and reaches those clients; nothing else changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.clients.models import Responsibility
from lotse.core.models import AuditAction, AuditEvent
from lotse.core.roles import Role
from lotse.organisation.models import Deputyship, Staff
from lotse.routing.models import Handover
from tests.conftest import link_staff
from tests.routing.test_engine import route

DAY = date(2026, 11, 21)


@pytest.fixture
def pinned(monkeypatch):
    """Reach is decided for today: pin today to the reference date of the test."""
    monkeypatch.setattr("lotse.clients.scope.today", lambda: DAY)


@pytest.fixture
def lead(client, make_user, small_data, pinned):
    route(DAY)
    user = make_user(Role.TEAM_LEAD, "krueger")
    link_staff(user, "S4")
    client.force_login(user)
    return client


def name_deputy(c, **overrides):
    data = {
        "absent": Staff.objects.get(external_id="S1").pk,
        "deputy": Staff.objects.get(external_id="S2").pk,
        "valid_from": "2026-11-16",
        "valid_to": "2026-11-27",
        "note": "Urlaub",
        **overrides,
    }
    return c.post(reverse("organisation:deputies") + f"?as_of={DAY}", data)


@pytest.mark.django_db
def test_team_lead_names_a_deputy_and_the_deputy_works_the_absent_caseload(
    lead, client, make_user, django_user_model
):
    response = name_deputy(lead)
    assert response.status_code == 302
    deputyship = Deputyship.objects.get()
    assert (deputyship.absent.external_id, deputyship.deputy.external_id) == ("S1", "S2")
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS, what="deputyship_create").exists()
    page = lead.get(reverse("organisation:deputies"), {"as_of": DAY.isoformat()}).content.decode()
    assert "Groß, Jürgen" in page and "Öztürk, Ayşe" in page and "27.11.2026" in page

    handovers_before = Handover.objects.count()
    caseworker = make_user(Role.CASEWORKER, "ayse")
    link_staff(caseworker, "S2")
    client.force_login(caseworker)
    html = client.get(reverse("contacts:worklist"), {"section": "all", "as_of": DAY.isoformat()}).content
    html = html.decode()
    assert "Müller, Anna" in html  # P1, Jürgen Groß's client
    assert "Vertretung für Groß" in html
    # the record opens as own: no purpose asked for
    record = client.get(reverse("clients:detail", kwargs={"external_id": "P1"}), {"as_of": DAY.isoformat()})
    assert record.status_code == 200 and "Zweck" not in record.content.decode()[:2000]
    # the start page counts the colleague's clients as the worklist does, and says so
    start = client.get("/", {"as_of": DAY.isoformat()}).content.decode()
    assert "Sie vertreten Jürgen Groß bis zum 27.11.2026" in start
    assert f'<strong id="count-all">{html.count("Vertretung für Groß")}</strong>' in start
    client.force_login(django_user_model.objects.get(username="krueger"))  # the team lead again
    lead_start = client.get("/", {"as_of": DAY.isoformat()}).content.decode()
    assert "abwesend, Vertretung Öztürk bis 27.11.2026" in lead_start
    # responsibility is unchanged and no handover was written
    assert Responsibility.objects.get(person__external_id="P1").staff.external_id == "S1"
    assert Handover.objects.count() == handovers_before


@pytest.mark.django_db
def test_after_the_absence_the_deputy_no_longer_sees_the_caseload(lead, client, make_user, monkeypatch):
    name_deputy(lead)
    monkeypatch.setattr("lotse.clients.scope.today", lambda: date(2026, 11, 30))
    caseworker = make_user(Role.CASEWORKER, "ayse")
    link_staff(caseworker, "S2")
    client.force_login(caseworker)
    html = client.get(
        reverse("contacts:worklist"), {"section": "all", "as_of": "2026-11-30"}
    ).content.decode()
    assert "Müller, Anna" not in html and "Vertretung" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"valid_to": "2026-11-10"}, "valid_to", "Die Abwesenheit endet, bevor sie beginnt."),
        ({"deputy": "S1"}, "deputy", "nicht selbst vertreten"),
        ({"deputy": "S3"}, "deputy", ""),  # another team's caseworker is not offered at all
    ],
)
def test_a_refused_deputyship_keeps_the_input_and_names_the_field(lead, overrides, field, message):
    if "deputy" in overrides:
        overrides["deputy"] = Staff.objects.get(external_id=overrides["deputy"]).pk
    response = name_deputy(lead, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}-error"' in html
    assert message in html
    assert 'value="Urlaub"' in html  # the note typed is kept
    assert not Deputyship.objects.exists()


@pytest.mark.django_db
def test_a_second_deputy_for_an_overlapping_absence_is_refused(lead):
    name_deputy(lead)
    response = name_deputy(lead, valid_from="2026-11-20", valid_to="2026-12-04")
    assert response.status_code == 400
    assert "hat bereits eine Vertretung" in response.content.decode()
    assert Deputyship.objects.count() == 1


@pytest.mark.django_db
def test_ending_early_and_withdrawing(lead):
    name_deputy(lead)
    name_deputy(lead, valid_from="2026-12-07", valid_to="2026-12-11")
    running, upcoming = Deputyship.objects.order_by("valid_from")
    lead.post(reverse("organisation:deputy_end", kwargs={"pk": running.pk}) + f"?as_of={DAY}")
    running.refresh_from_db()
    assert running.valid_to == date(2026, 11, 20)
    lead.post(reverse("organisation:deputy_end", kwargs={"pk": upcoming.pk}) + f"?as_of={DAY}")
    assert not Deputyship.objects.filter(pk=upcoming.pk).exists()


@pytest.mark.django_db
def test_deputies_are_a_team_leads_page(caseworker_client):
    assert caseworker_client.get(reverse("organisation:deputies")).status_code == 404
