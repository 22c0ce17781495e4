"""Worklist and recording contacts with pinned dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.contacts.models import Appointment, Contact
from lotse.core.roles import Role
from lotse.organisation.models import Staff
from tests.routing.test_engine import route

DAY = date(2026, 11, 21)


@pytest.fixture
def s1_client(client, make_user, small_data):
    route(DAY)
    user = make_user(Role.CASEWORKER, "juergen")
    Staff.objects.filter(external_id="S1").update(user=user)
    client.force_login(user)
    return client


def worklist(c, section="overdue", day=DAY):
    return c.get(
        reverse("contacts:worklist"), {"section": section, "as_of": day.isoformat()}
    ).content.decode()


@pytest.mark.django_db
def test_overdue_client_leaves_the_list_after_a_phone_contact(s1_client, monkeypatch):
    # Anna: last counting contact 10.03.2026 (phone), the 20.10. was missed → 6-month rule due 10.09.
    html = worklist(s1_client)
    assert "Müller, Anna" in html and "10.09.2026" in html and "Überfällig (1)" in html
    monkeypatch.setattr("lotse.contacts.views.today", lambda: DAY)
    s1_client.post(
        reverse("contacts:record", kwargs={"external_id": "P1"}),
        {
            "kind": "contact",
            "date": DAY.isoformat(),
            "channel": "phone",
            "held": "on",
            "topic": "Bewerbungsstrategie",
        },
    )
    contact = Contact.objects.get(person__external_id="P1", date=DAY)
    assert contact.staff.external_id == "S1" and contact.created_by.username == "juergen"
    assert "Müller, Anna" not in worklist(s1_client)
    assert "21.05.2027" in worklist(s1_client, "all")  # next due: six months later


@pytest.mark.django_db
def test_missed_appointment_is_recorded_but_does_not_count(s1_client, monkeypatch):
    monkeypatch.setattr("lotse.contacts.views.today", lambda: DAY)
    s1_client.post(
        reverse("contacts:record", kwargs={"external_id": "P1"}),
        {"kind": "contact", "date": DAY.isoformat(), "channel": "in_person"},
    )  # held unticked
    assert Contact.objects.get(person__external_id="P1", date=DAY).held is False
    assert "Müller, Anna" in worklist(s1_client)


@pytest.mark.django_db
def test_future_contact_is_refused_and_appointments_are_planned(s1_client, monkeypatch):
    monkeypatch.setattr("lotse.contacts.views.today", lambda: DAY)
    url = reverse("contacts:record", kwargs={"external_id": "P1"})
    refused = s1_client.post(
        url, {"kind": "contact", "date": "2026-12-01", "channel": "phone", "held": "on"}, follow=True
    )
    assert "darf nicht in der Zukunft liegen" in refused.content.decode()
    assert not Contact.objects.filter(date="2026-12-01").exists()
    s1_client.post(url, {"kind": "appointment", "date": "2026-12-01", "channel": "in_person"})
    assert Appointment.objects.get(person__external_id="P1").date == date(2026, 12, 1)
    assert "01.12.2026" in worklist(s1_client)  # shown as the next appointment


@pytest.mark.django_db
def test_deviation_is_shown_on_the_client_record(client, make_user, small_data):
    route(DAY)  # nobody is responsible for P4 on the day: the team lead sees unassigned clients
    lead = make_user(Role.TEAM_LEAD, "lead")
    Staff.objects.filter(external_id="S4").update(user=lead)
    client.force_login(lead)
    html = client.get(
        reverse("clients:detail", kwargs={"external_id": "P4"}), {"as_of": DAY.isoformat()}
    ).content.decode()
    assert "Begründete Abweichung" in html and "Gründungsphase der Selbstständigkeit" in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CONTROLLING, Role.ADMINISTRATOR, Role.OUTREACH, None])
def test_worklist_is_for_caseworkers_and_team_leads(client, make_user, small_data, role):
    client.force_login(make_user(role))
    assert client.get(reverse("contacts:worklist")).status_code == 404


@pytest.mark.django_db
def test_contacts_due_command(small_data):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("contacts", "due", "--as-of", DAY.isoformat(), stdout=out)
    rows = {r["person_id"]: r for r in json.loads(out.getvalue())}
    assert set(rows) == {"P1", "P3", "P4"}
    assert rows["P1"]["due"] == "2026-09-10" and rows["P1"]["overdue"] is True
    assert rows["P4"]["deviation"] is True and rows["P4"]["last_counting_contact"] is None


def test_team_leads_review_the_valid_deviations_with_justification_and_expiry(client, make_user, routed):
    """P4's deviation (6 months, 2026, 'Gründungsphase …') is nobody's team; a deviation for
    P1 (team T1) with a yearly count shows for T1's lead, with its end and justification."""
    from datetime import date

    from lotse.clients.models import Person
    from lotse.contacts.services import deviation_record
    from lotse.core.roles import Role
    from tests.conftest import link_staff

    deviation_record(
        person=Person.objects.get(external_id="P1"),
        per_year=1,
        reason="Pflege eines Angehörigen bis Jahresende",
        valid_from=date(2026, 11, 1),
        valid_to=date(2026, 12, 31),
    )
    lead = make_user(Role.TEAM_LEAD, "lead")
    link_staff(lead, "S4")
    client.force_login(lead)
    html = client.get("/contacts/deviations/", {"as_of": "2026-11-21"}).content.decode()
    assert "Müller, Anna" in html and "1 Kontakt im Jahr" in html
    assert "Pflege eines Angehörigen bis Jahresende" in html and "31.12.2026" in html
    assert (
        client.get("/contacts/deviations/", {"as_of": "2027-01-01"}).content.decode().count("Müller, Anna")
        == 0
    )


@pytest.mark.django_db
def test_a_refused_contact_comes_back_open_with_the_input_and_the_error_at_the_field(caseworker_client):
    """Issue 20: the contact form no longer loses what was typed."""
    from lotse.contacts.models import Contact

    before = Contact.objects.count()
    data = {
        "kind": "contact",
        "date": "2030-01-01",
        "channel": "phone",
        "topic": "Rückruf Kita",
        "note": "Bitte Termin",
    }
    response = caseworker_client.post(
        reverse("contacts:record", kwargs={"external_id": "P1"}) + "?as_of=2026-11-21", data, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?as_of=2026-11-21#record-contact")
    assert '<details id="record-contact" open>' in html
    assert (
        'value="Rückruf Kita"' in html and "Bitte Termin</textarea>" in html and 'value="2030-01-01"' in html
    )
    assert 'aria-describedby="contact-date-error"' in html  # the error sits at the date
    assert Contact.objects.count() == before
    again = caseworker_client.get("/clients/P1/").content.decode()
    assert "Rückruf Kita" not in again  # shown once, then gone
