"""Journeys through the network pages (issue 24), axe-checked on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lotse.core.roles import Role
from lotse.exchange.services import exchange_import
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.conftest import SMALL

pytestmark = pytest.mark.browser


@pytest.fixture
def data(transactional_db):
    assert exchange_import(folder=SMALL).ok


def test_team_lead_sets_up_the_biweekly_group_and_the_task_lands_on_the_owners_start_page(journey, data):
    from lotse.core.clock import today

    day = today()
    lead = journey(Role.TEAM_LEAD, "lead-network", staff="S4")  # leads T1
    page = lead.page
    lead.menu("Organisation", "Netzwerk")
    lead.navigate("working groups", lambda: page.get_by_role("link", name="Arbeitskreise").click())
    page.get_by_label("Name:", exact=True).fill("Arbeitskreis Alleinerziehende")
    page.get_by_label("Turnus").select_option("biweekly")
    page.get_by_label("Erstes Treffen").fill((day - timedelta(days=14)).isoformat())
    page.get_by_label("Groß, Jürgen").first.check()
    lead.navigate("group set up", lambda: page.get_by_role("button", name="Arbeitskreis einrichten").click())
    assert "Der Arbeitskreis wurde eingerichtet." in page.locator("main").inner_text()
    assert day.strftime("%d.%m.%Y") in page.locator("main").inner_text()  # the next meeting by the cadence
    page.get_by_label("Datum des Treffens").fill(day.isoformat())
    page.get_by_label("Ergebnisprotokoll").fill("Randzeitenbetreuung: Bedarf bei sechs Kund:innen.")
    lead.navigate("minutes saved", lambda: page.get_by_role("button", name="Protokoll speichern").click())
    page.get_by_label("Aufgabe:", exact=True).fill("Randzeiten mit dem Jugendamt klären")
    page.get_by_label("Verantwortlich:", exact=True).select_option(label="Groß, Jürgen")
    lead.navigate("task added", lambda: page.get_by_role("button", name="Aufgabe eintragen").click())
    assert "Startseite von" in page.locator("main").inner_text()

    owner = journey(Role.CASEWORKER, "owner-network", staff="S1")
    tasks = owner.page.get_by_role("table", name="Meine Aufgaben aus Arbeitskreisen")
    assert "Randzeiten mit dem Jugendamt klären" in tasks.inner_text()
    owner.navigate("task done", lambda: owner.page.get_by_role("button", name="Erledigt").click())
    assert "Aufgabe erledigt" in owner.page.locator("main").inner_text()


def test_caseworker_refers_a_single_parent_to_childcare_after_consent_and_the_report_counts_it(journey, data):
    from lotse.core.clock import today
    from lotse.network.models import Partner
    from tests.factories import imported, rows

    imported(
        {
            "persons.csv": rows(
                "persons.csv",
                ("P30", "Kern", "Sandra", "1992-05-04", "f", "D1"),
                ("P31", "Kern", "Lea", "2021-02-01", "f", "D1"),
            ),
            "household_members.csv": rows(
                "household_members.csv",
                ("H30", "P30", "adult", None, "2021-01-01"),
                ("H30", "P31", "child", None, "2021-02-01"),
            ),
            "benefit_periods.csv": rows("benefit_periods.csv", ("P30", "2023-01-01")),
        }
    )
    day = today()
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    kita = Partner.objects.create(
        external_id="N1", name="Kita St. Marien", kind="childcare", carrier="church"
    )
    kita.offers.create(kind="childcare_places", title="Krippe mit Randzeiten", places=12, reserved_places=2)
    j = journey(Role.CASEWORKER, "refer", staff="S1")
    page = j.page
    j.navigate("client record", lambda: page.goto(j.base_url + "/clients/P30/"))
    section = page.locator("#network")
    section.get_by_text("An einen Partner vermitteln (zuerst die Einwilligung)").click()
    section.get_by_label("Partner:", exact=True).select_option(label="Kita St. Marien")
    section.get_by_label("Einwilligung erteilt am").fill(day.isoformat())
    section.get_by_label("Die Person willigt in die Weitergabe ein von").select_option("need")
    j.navigate("referred", lambda: section.get_by_role("button", name="Speichern").click())
    assert "An Kita St. Marien vermittelt" in page.locator("main").inner_text()
    j.navigate("report", lambda: page.goto(j.base_url + "/network/report/"))
    table = page.get_by_role("table", name="Vermittlungen an Partner und ihre Rückmeldungen").inner_text()
    assert "Kita St. Marien" in table and "\t1\t" in table


def test_scheduling_a_case_consultation_offers_no_content_field(journey, data):
    j = journey(Role.CASEWORKER, "consultation", staff="S1")
    page = j.page
    j.navigate("consultations", lambda: page.goto(j.base_url + "/network/consultations/"))
    form = page.locator("main form").first
    assert form.locator("textarea").count() == 0
    labels = [t.strip().rstrip(":") for t in form.locator("label, legend").all_inner_texts()]
    assert "Inhalt" not in labels and not any("Kund" in label for label in labels if label != "Titel")
    form.get_by_label("Titel").fill("Fallberatung Bewerber-Service")
    form.get_by_label("Datum").fill("2026-12-10")
    form.get_by_label("Raum").fill("2.14")
    form.get_by_label("Groß, Jürgen").check()
    j.navigate("scheduled", lambda: form.get_by_role("button", name="Terminieren").click())
    assert "Die Fallberatung ist terminiert." in page.locator("main").inner_text()
