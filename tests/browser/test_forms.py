"""A refused save on the client record (issue 20): the form comes back open, with the input
kept and the error at its field, which has the focus."""

from __future__ import annotations

import re
from datetime import date

import pytest

from lotse.contacts.models import Deviation
from lotse.core.roles import Role
from lotse.exchange.services import exchange_import
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.conftest import SMALL

pytestmark = pytest.mark.browser


@pytest.fixture
def data(transactional_db):
    assert exchange_import(folder=SMALL).ok
    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))


def test_a_refused_deviation_keeps_its_input_and_shows_the_error_at_the_field(journey, data):
    j = journey(Role.CASEWORKER, "deviation", staff="S1")
    page = j.page
    j.goto("/clients/P1/?as_of=2026-11-21")
    before = Deviation.objects.count()
    page.get_by_text("Begründete Abweichung erfassen").click()
    form = page.locator("#form-deviation")
    form.get_by_label("Kontakt alle N Monate").fill("12")
    reason = "Pflege eines Angehörigen, mit der Teamleitung abgestimmt"
    form.get_by_label("Begründung").fill(reason)
    form.get_by_label("Gültig ab").fill("2026-12-01")
    form.get_by_label("Gültig bis").fill("2026-11-01")
    j.navigate("refused", lambda: form.get_by_role("button", name="Speichern").click())
    form = page.locator("#form-deviation")
    assert form.get_attribute("open") is not None  # the form is open again
    assert form.get_by_label("Begründung").input_value() == reason  # the input is kept
    assert form.get_by_label("Kontakt alle N Monate").input_value() == "12"
    error = form.locator("#id_deviation-valid_to-error")
    assert "Das Ende der Gültigkeit liegt vor ihrem Beginn." in error.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_deviation-valid_to"  # and has the focus
    assert Deviation.objects.count() == before  # nothing written
    assert "as_of=2026-11-21" in page.url  # the reference date is kept


def test_a_contact_is_recorded_from_the_worklist_in_two_clicks(journey, data):
    from lotse.contacts.models import Contact

    j = journey(Role.CASEWORKER, "worklist-contact", staff="S1")
    page = j.page
    j.goto("/contacts/worklist/?section=all&as_of=2026-11-21")
    before = Contact.objects.filter(person__external_id="P1").count()
    j.navigate(
        "record from the worklist",
        lambda: page.get_by_role("link", name=re.compile(r"Kontakt erfassen\W+Müller, Anna")).click(),
    )
    form = page.locator("#record-contact")
    assert form.get_attribute("open") is not None  # click 1 opened the form on the record
    form.get_by_label("Datum").fill("2026-11-20")
    form.get_by_label("Kanal").select_option("phone")
    j.navigate("saved", lambda: form.get_by_role("button", name="Speichern").click())  # click 2
    assert Contact.objects.filter(person__external_id="P1").count() == before + 1
    assert "as_of=2026-11-21" in page.url  # back on the record with the reference date
