"""Two users edit the same client: the second save is refused, says what changed, keeps the input."""

from __future__ import annotations

import pytest
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse

from lotse.clients.models import Person
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from tests.conftest import link_staff


def form_data(html_client: Client, url: str) -> dict:
    """What the browser would send back: the form's fields as rendered (hidden ones included)."""
    return sent_back(html_client.get(url))


def sent_back(response) -> dict:
    """The fields of the form on a page as a browser sends them unchanged."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[name] = "" if value is None else getattr(value, "pk", value)
        if field.show_hidden_initial:
            initial = (
                form[name].initial if not form.is_bound else form.data.get(form.add_initial_prefix(name))
            )
            data[form.add_initial_prefix(name)] = "" if initial is None else getattr(initial, "pk", initial)
        if isinstance(field.widget, CheckboxInput) and not data[name]:
            del data[name]
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

    # Saving the page as it came back writes only the lead's own change, on top of the other
    # save: the caseworker's family name stays.
    assert second.post(url, sent_back(refused)).status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.given_name, person.version) == ("Müller-Lüdenscheidt", "Anna-Lena", 3)
    assert AuditEvent.objects.filter(person_ref="P1", what="client_master_data").count() == 2


@pytest.mark.django_db
def test_a_field_both_changed_shows_both_values_and_the_deliberate_save_wins(two_editors):
    first, second = two_editors
    url = reverse("clients:edit", kwargs={"external_id": "P1"})
    mine, theirs = form_data(first, url), form_data(second, url)
    mine["family_name"], mine["given_name"] = "Meier", "Anne"
    assert first.post(url, mine).status_code == 302
    theirs["family_name"] = "Schulze"
    refused = second.post(url, theirs)
    html = refused.content.decode()
    row = html[html.index("Familienname</th>") :].split("</tr>", 1)[0]
    assert "Müller" in row and "Meier" in row and "Schulze" in row and "Ihre Eingabe" in row
    assert 'value="Schulze"' in html and 'value="Anne"' in html  # own input kept, the rest as stored
    assert second.post(url, sent_back(refused)).status_code == 302
    person = Person.objects.get(external_id="P1")
    assert (person.family_name, person.given_name) == ("Schulze", "Anne")


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
