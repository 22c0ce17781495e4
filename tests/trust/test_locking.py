"""Two users edit the same client: the second save is refused, says what changed, keeps the input."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lotse.clients.models import Person
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from tests.conftest import link_staff


def form_data(html_client: Client, url: str) -> dict:
    """What the browser would send back: the form's fields as rendered (hidden ones included)."""
    response = html_client.get(url)
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = "" if value is None else getattr(value, "pk", value)
        if field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = data[name]
    return data


@pytest.fixture
def two_editors(routed, make_user) -> tuple[Client, Client]:
    """Jürgen Groß (caseworker, S1) and his team lead (S4), each in a browser of their own."""
    lead, caseworker = make_user(Role.TEAM_LEAD, "lead"), make_user(Role.CASEWORKER, "juergen")
    link_staff(lead, "S4")
    link_staff(caseworker, "S1")
    first, second = Client(), Client()
    first.force_login(caseworker)
    second.force_login(lead)
    return first, second


@pytest.mark.django_db
def test_second_save_is_refused_with_a_clear_message_and_nothing_is_lost(two_editors):
    first, second = two_editors
    url = reverse("clients:edit", kwargs={"external_id": "P1"})
    mine, theirs = form_data(first, url), form_data(second, url)

    mine["family_name"] = "Müller-Lüdenscheidt"
    assert first.post(url, mine).status_code == 302
    theirs["given_name"] = "Anna-Lena"
    refused = second.post(url, theirs)
    html = refused.content.decode()
    assert refused.status_code == 200 and 'role="alert"' in html
    assert "juergen" in html  # who saved in between
    assert "Müller-Lüdenscheidt" in html  # what they changed, next to what the form showed
    assert 'value="Anna-Lena"' in html  # the refused input is kept in the form
    person = Person.objects.get(external_id="P1")
    assert (person.family_name, person.given_name, person.version) == ("Müller-Lüdenscheidt", "Anna", 2)

    # Saving the kept form again is a conscious overwrite on top of the other save.
    again = {k: v for k, v in theirs.items()}
    again["version"] = 2
    again["initial-family_name"] = "Müller-Lüdenscheidt"
    again["family_name"] = "Müller-Lüdenscheidt"
    assert second.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.given_name, person.version) == ("Müller-Lüdenscheidt", "Anna-Lena", 3)
    assert AuditEvent.objects.filter(person_ref="P1", what="client_master_data").count() == 2


@pytest.mark.django_db
def test_invalid_input_names_the_field(routed, make_user, client):
    user = make_user(Role.CASEWORKER, "juergen")
    link_staff(user, "S1")
    client.force_login(user)
    url = reverse("clients:edit", kwargs={"external_id": "P1"})
    data = form_data(client, url)
    data["birth_date"] = "2026-02-30"  # an impossible date
    html = client.post(url, data).content.decode()
    assert "Geburtsdatum" in html and "gültiges Datum" in html
    assert Person.objects.get(external_id="P1").version == 1


@pytest.mark.django_db
def test_contact_correction_is_locked_the_same_way(two_editors, monkeypatch):
    from datetime import date

    from lotse.contacts.models import Contact

    monkeypatch.setattr("lotse.contacts.views.today", lambda: date(2026, 11, 21))
    first, second = two_editors
    contact = Contact.objects.get(external_id="K2")
    url = reverse("contacts:edit", kwargs={"pk": contact.pk})
    mine, theirs = form_data(first, url), form_data(second, url)
    mine["topic"] = "Bewerbungsunterlagen"
    assert first.post(url, mine).status_code == 302
    theirs["note"] = "Kundin bringt Zeugnisse mit"
    html = second.post(url, theirs).content.decode()
    assert "Bewerbungsunterlagen" in html and "Kundin bringt Zeugnisse mit" in html
    contact.refresh_from_db()
    assert (contact.topic, contact.note, contact.version) == ("Bewerbungsunterlagen", "", 2)
    future = form_data(first, url)
    future["date"] = "2026-12-01"
    assert "in der Zukunft" in first.post(url, future).content.decode()
