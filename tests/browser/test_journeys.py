"""Journeys through the pages that exist, as a person would use them (keyboard where it matters)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from lotse.core.roles import Role
from lotse.exchange.services import exchange_import, import_records
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.conftest import SMALL, add_generalist

pytestmark = pytest.mark.browser


@pytest.fixture
def data(transactional_db):
    assert exchange_import(folder=SMALL).ok


def test_caseworker_finds_a_client_and_reads_the_facts_on_a_date(journey, data):
    from datetime import date

    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))
    j = journey(Role.CASEWORKER, "caseworker", staff="S1")  # Anna is in his caseload
    page = j.page
    # Keyboard only: the skip link is the first stop, then the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Zum Hauptinhalt springen"
    page.keyboard.press("Tab")  # the brand link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Kund:innen"
    j.navigate("client list", lambda: page.keyboard.press("Enter"))
    page.get_by_label("Name oder Kundennummer").fill("Müller")
    j.navigate("search Müller", lambda: page.get_by_label("Name oder Kundennummer").press("Enter"))
    j.navigate("client record", lambda: page.get_by_role("link", name="Müller").first.click())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Müller, Anna")
    page.get_by_label("Stichtag").fill("2026-03-31")
    j.navigate("facts before the partner moves in", lambda: page.get_by_label("Stichtag").press("Enter"))
    facts = page.locator("#facts")
    assert "einzige erwachsene Person im Haushalt" in facts.inner_text()
    page.get_by_label("Stichtag").fill("2026-04-01")
    j.navigate(
        "facts on the day the partner moves in", lambda: page.get_by_role("button", name="Anzeigen").click()
    )
    assert "einzige erwachsene Person im Haushalt" not in page.locator("#facts").inner_text()
    why = page.locator("section[aria-labelledby=why-heading]")
    assert "Alle anderen → Bewerber-Service (Ü25)" in why.inner_text()  # the rule that applies now
    assert re.search(r"Alleinerziehend\s+nein", page.locator("#facts").inner_text())


def test_team_lead_checks_districts_and_staffing(journey, data):
    from decimal import Decimal

    from lotse.organisation.models import Jobcenter

    Jobcenter.objects.filter(pk=Jobcenter.current().pk).update(target_fte=Decimal("4"))
    j = journey(Role.TEAM_LEAD, "team-lead")
    page = j.page
    j.menu("Organisation", "Stadtteile")
    page.get_by_label("Kund:innen je 1.000 Einwohner:innen mindestens").fill("0.1")
    j.navigate(
        "district ranking with a lower threshold", lambda: page.get_by_role("button", name="Anwenden").click()
    )
    assert page.locator("tr.flagged").count() == 1
    j.navigate("district profile", lambda: page.get_by_role("link", name="Nordstadt").click())
    j.menu("Organisation", "Personal")
    # 0.5 fixed-term FTE of the target staffing of 4 = 12.5 %, above 7.5 % (0.30 FTE)
    assert "über der Obergrenze von 7,5 % (0,30 VZA)" in page.locator("main").inner_text()
    j.menu("Organisation", "Teams")
    j.navigate("team", lambda: page.get_by_role("link", name="Bewerber-Service").click())
    j.navigate("staff member", lambda: page.get_by_role("link", name="Groß, Jürgen").click())
    assert "Kollegiale Fallberatung" in page.locator("main").inner_text()


def test_controlling_switches_to_english_and_sees_no_client_records(journey, data):
    j = journey(Role.CONTROLLING, "controlling")
    page = j.page
    page.get_by_label("Sprache").select_option("en")
    j.navigate("english start page", lambda: page.get_by_role("button", name="Ändern").click())
    assert page.locator("html").get_attribute("lang") == "en"
    response = page.goto(j.base_url + "/clients/P1/")
    assert response.status == 404


def test_the_accessibility_scan_catches_a_violation(browser, tmp_path):
    """Guards the harness: an unlabelled field must fail the scan."""
    from tests.browser.conftest import Journey

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<html lang="de"><head><title>x</title></head><body><main><input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="label"):
        Journey(page, "", "harness-self-test").check("unlabelled input")
    context.close()


def test_team_lead_reviews_handovers_and_assigns_manually(journey, data):
    from datetime import date

    add_generalist()
    for day in (date(2026, 3, 31), date(2026, 4, 1)):  # Anna's partner moves in on 1 April
        route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    j = journey(Role.TEAM_LEAD, "team-lead-handovers", staff="S4")  # leads the applicant service T1
    page = j.page
    j.navigate("handovers", lambda: page.get_by_role("link", name="Übergaben", exact=True).click())
    page.get_by_label("Anstehende Änderungen bis").fill("2026-12-31")
    j.navigate("pending changes", lambda: page.get_by_role("button", name="Anzeigen").click())
    j.navigate("client from the list", lambda: page.get_by_role("link", name="Müller, Anna").first.click())
    page.get_by_text("Manuell zuordnen").click()
    page.get_by_label("Integrationsfachkraft").select_option(label="Öztürk, Ayşe (Bewerber-Service)")
    page.get_by_label("Grund").fill("spricht Türkisch mit der Kundin")
    j.navigate("after the override", lambda: page.get_by_role("button", name="Zuordnen").click())
    assert "Öztürk, Ayşe ist jetzt bis" in page.locator(".messages").inner_text()
    assert "Manuelle Zuordnung" in page.locator("section[aria-labelledby=why-heading]").inner_text()
    why = page.locator("section[aria-labelledby=why-heading]")
    j.navigate("caseworker now responsible", lambda: why.get_by_role("link", name="Öztürk, Ayşe").click())
    j.navigate("transfer preview", lambda: page.get_by_role("link", name="Fallbestand übergeben").click())
    assert "Vorschau" in page.locator("main").inner_text()


def test_controlling_compares_the_strategies(journey, data):
    j = journey(Role.CONTROLLING, "controlling-simulation")
    page = j.page
    j.menu("Einstellungen", "Simulation")
    assert page.get_by_role("heading", name="Nach Stadtteil", exact=True).is_visible()
    assert page.get_by_role("heading", name="Nach Anfangsbuchstabe", exact=True).is_visible()


def test_caseworker_records_a_phone_contact_and_the_client_leaves_the_overdue_list(journey, data):
    from datetime import date

    day = date.today()
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    j = journey(Role.CASEWORKER, "caseworker-contact", staff="S1")
    page = j.page
    j.navigate("worklist", lambda: page.get_by_role("link", name="Arbeitsliste").click())
    assert page.get_by_role("link", name="Müller, Anna", exact=True).is_visible()
    j.navigate(
        "client from the worklist", lambda: page.get_by_role("link", name="Müller, Anna", exact=True).click()
    )
    page.get_by_text("Kontakt erfassen oder Termin planen").click()
    page.get_by_label("Kanal").select_option(label="qualifizierte telefonische Beratung")
    page.get_by_label("Thema").fill("Bewerbungsstrategie")
    j.navigate("contact recorded", lambda: page.get_by_role("button", name="Speichern").click())
    assert "erfasst" in page.locator(".messages").inner_text()
    j.navigate("worklist again", lambda: page.get_by_role("link", name="Arbeitsliste").click())
    assert page.get_by_role("link", name="Müller, Anna", exact=True).count() == 0
    assert "Überfällig (0)" in page.locator("main").inner_text()


def test_controlling_opens_the_evaluation_and_switches_the_breakdown(journey, data):
    j = journey(Role.CONTROLLING, "controlling-evaluation")
    page = j.page
    j.menu("Auswertungen", "Kontaktdichte")
    assert page.get_by_role("img", name=re.compile("^Anteil der Kund:innen mit Kontakt")).is_visible()
    page.get_by_label("Aufschlüsselung").select_option(label="Stadtteil")
    j.navigate("by district", lambda: page.get_by_role("button", name="Anzeigen").click())
    assert "Nordstadt" in page.get_by_role("table", name="Aufschlüsselung").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV für Excel").click()
    assert download.value.suggested_filename.startswith("kontaktdichte-")
    for fmt in ("XLSX", "PDF"):
        with page.expect_download() as download:
            page.get_by_role("link", name=fmt, exact=True).click()
        assert download.value.suggested_filename.endswith("." + fmt.lower())
        assert download.value.failure() is None


def test_an_evaluation_page_says_it_is_computing_while_it_loads(journey, data):
    """Following a link to an evaluation page shows the notice in the live region at once
    (read in the same task as the click, before the next page replaces this one); the next
    page starts without it, and a download does not show it."""
    j = journey(Role.CONTROLLING, "controlling-busy")
    page = j.page
    busy = page.locator("#busy")
    assert busy.inner_text() == "" and not busy.is_visible()
    page.locator("summary", has_text="Auswertungen").click()
    with page.expect_navigation():
        text, state, visible = page.evaluate(
            """() => {
                const link = [...document.querySelectorAll("nav a")].find(
                    (a) => a.textContent.trim() === "Kontaktdichte");
                link.click();
                const busy = document.getElementById("busy");
                return [busy.textContent, document.body.getAttribute("aria-busy"),
                        getComputedStyle(busy).display !== "none"];
            }"""
        )
    assert "werden berechnet" in text and state == "true" and visible
    page.wait_for_load_state()
    assert busy.inner_text() == ""  # the new page starts without it
    with page.expect_download():
        page.get_by_role("link", name="CSV für Excel").click()
    assert busy.inner_text() == ""


def test_caseworker_opens_a_team_client_with_a_purpose_and_corrects_the_master_data(journey, data):
    from datetime import date

    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))
    j = journey(Role.CASEWORKER, "caseworker-team", staff="S2")  # T1, but Anna is Jürgen's client
    page = j.page
    j.navigate("client list", lambda: page.get_by_role("link", name="Kund:innen", exact=True).click())
    j.navigate("purpose asked", lambda: page.get_by_role("link", name="Müller").first.click())
    assert page.get_by_role("heading", level=1).inner_text() == "Zweck des Zugriffs"
    page.get_by_label("Zweck (mindestens 10 Zeichen)").fill("Vertretung während des Urlaubs")
    j.navigate(
        "record with purpose", lambda: page.get_by_label("Zweck (mindestens 10 Zeichen)").press("Enter")
    )
    assert "Vertretung während des Urlaubs" in page.locator(".record-meta").inner_text()
    j.navigate("master data form", lambda: page.get_by_role("link", name="Stammdaten korrigieren").click())
    page.get_by_label("Vorname").fill("Anna Maria")
    j.navigate("saved", lambda: page.get_by_role("button", name="Speichern").click())
    assert "Die Stammdaten wurden gespeichert." in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Müller, Anna Maria")
    j.navigate(
        "contact correction form",
        lambda: page.get_by_role("link", name="Kontakt vom 10.03.2026 korrigieren").click(),
    )
    page.get_by_label("Thema").fill("Bewerbungsstrategie")
    j.navigate("contact corrected", lambda: page.get_by_role("button", name="Speichern").click())
    assert "Der Kontakt wurde korrigiert." in page.locator(".messages").inner_text()


def test_data_protection_officer_produces_the_access_report(journey, data):
    from lotse.clients.models import Person
    from lotse.core.audit import record_person
    from lotse.core.models import AuditAction

    record_person(action=AuditAction.READ, what="client_page", person=Person.objects.get(external_id="P1"))
    j = journey(Role.DATA_PROTECTION, "data-protection")
    page = j.page
    j.navigate("audit trail", lambda: page.get_by_role("link", name="Zugriffsprotokoll").click())
    j.navigate(
        "access report form", lambda: page.get_by_role("link", name="Auskunft für eine Person").click()
    )
    page.get_by_label("Kundennummer").fill("P1")
    j.navigate("access report", lambda: page.get_by_role("button", name="Zugriffe anzeigen").click())
    assert "client_page" in page.get_by_role("table", name="Zugriffe, älteste zuerst").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    assert download.value.suggested_filename == "auskunft-P1.pdf"
    j.navigate("deletion log", lambda: page.goto(j.base_url + "/trust/deletions/"))


def test_caseworker_makes_an_api_token_and_a_program_reads_the_own_client(journey, data):
    import json
    import urllib.error
    import urllib.request
    from datetime import date

    from lotse.core.models import AuditEvent

    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))
    j = journey(Role.CASEWORKER, "api-caseworker", staff="S1")
    page = j.page
    j.menu("Einstellungen", "API-Zugänge")
    page.get_by_label("Name (wofür es dient)").fill("Terminabgleich")
    page.get_by_label(re.compile("^clients:read")).check()
    j.navigate("token made", lambda: page.get_by_role("button", name="Token erstellen").click())
    secret = page.get_by_label("Token", exact=True).input_value()
    assert secret.startswith("lotse_")

    def call(path: str) -> tuple[int, dict]:
        request = urllib.request.Request(j.base_url + path, headers={"Authorization": f"Bearer {secret}"})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    status, body = call("/api/v1/clients/P1")
    assert status == 200 and body["family_name"] == "Müller"
    assert call("/api/v1/clients/P4")[0] == 404  # outside the caseload: not found
    assert AuditEvent.objects.filter(
        person_ref="P1", channel="api", user__username="caseworker-api-caseworker"
    ).exists()
    j.navigate("token list", lambda: page.goto(j.base_url + "/api/tokens/"))
    j.navigate(
        "token revoked", lambda: page.get_by_role("button", name="Token Terminabgleich widerrufen").click()
    )
    assert call("/api/v1/clients/P1")[0] == 401


def test_outreach_worker_plans_a_round_and_records_a_visit(journey, data):
    from datetime import date

    from lotse.clients.models import Address, Person
    from lotse.organisation.models import Staff, Team
    from lotse.outreach.models import Offer, Visit

    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))
    Address.objects.create(
        person=Person.objects.get(external_id="P1"),
        street="Lindenstraße",
        house_number="12",
        postal_code="64283",
        city="Darmstadt",
        valid_from=date(2020, 1, 1),
    )
    team = Team.objects.create(external_id="T9", name="Aufsuchende Beratung", kind="outreach")
    Staff.objects.create(
        external_id="S9",
        family_name="Weiß",
        given_name="Jörg",
        team=team,
        role="outreach",
        valid_from=date(2019, 1, 1),
    )
    j = journey(Role.OUTREACH, "outreach", staff="S9")
    page = j.page
    j.navigate("candidates", lambda: page.goto(j.base_url + "/outreach/candidates/?as_of=2026-11-21"))
    table = page.get_by_role("table").inner_text()
    # Müller: no contact of any kind since 10.03.; Yılmaz exchanged a letter on 01.09. (Kassel rule)
    assert "Müller, Anna" in table and "Yılmaz, Deniz" not in table
    j.navigate("plan a round", lambda: page.get_by_role("link", name="Besuchsrunde planen").click())
    page.get_by_label("Name").fill("Runde Nordstadt")
    page.get_by_label("Nordstadt").check()
    page.get_by_label("Erster Tag").fill("2026-11-23")
    page.get_by_label("Letzter Tag").fill("2026-11-27")
    j.navigate("round planned", lambda: page.get_by_role("button", name="Runde planen").click())
    assert "Runde mit 1 Personen geplant." in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ankündigungsbriefe für die Personen mit Anschrift (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    j.navigate("case", lambda: page.get_by_role("link", name="Müller, Anna").click())
    page.get_by_label("Datum", exact=True).fill("2026-11-21")
    page.get_by_label("Ergebnis", exact=True).select_option("met")
    page.get_by_label("Schulden").check()
    page.locator("#offer-debt_counselling").check()
    page.locator("#accepted-debt_counselling").check()
    j.navigate("visit recorded", lambda: page.get_by_role("button", name="Besuch speichern").click())
    assert "Besuch vom 21.11.2026 erfasst." in page.locator("main").inner_text()
    assert Visit.objects.get().reasons == ["debt"]
    assert Offer.objects.get().accepted
    j.navigate("figures", lambda: page.goto(j.base_url + "/outreach/?as_of=2026-11-30"))
    assert "Erreichbarkeit" in page.locator("main").inner_text()


def test_controlling_comments_the_mbz_and_opens_the_steering_pages(journey, data):
    from tests.targets.test_steering import FILES

    assert import_records(files=FILES).ok
    j = journey(Role.CONTROLLING, "controlling-mbz")
    page = j.page
    j.menu("Auswertungen", "Ziele (MBZ)")
    page.get_by_label("Monat", exact=True).fill("2026-06")
    j.navigate("mbz june", lambda: page.get_by_role("button", name="Anzeigen").click())
    assert "59.400 €" in page.get_by_role("table", name="Ziele: Plan und Ist").inner_text()  # K1 to date
    page.get_by_role("textbox", name="Kommentar").first.fill("Über Plan dank Jobmesse.")
    j.navigate("comment", lambda: page.get_by_role("button", name="Kommentar speichern").first.click())
    assert page.get_by_text("Kommentar gespeichert.").is_visible()
    page.get_by_label("Neue Steuerungsmaßnahme").first.fill("Zweite Jobmesse im Herbst")
    page.get_by_label("Verantwortlich").first.fill("Teamleitung Bewerber-Service")
    page.get_by_label("Fällig").first.fill("2026-09-30")
    j.navigate("steering measure", lambda: page.get_by_role("button", name="Hinzufügen").first.click())
    assert page.get_by_text("Zweite Jobmesse im Herbst").is_visible()
    for fmt in ("XLSX", "PDF"):
        with page.expect_download() as download:
            page.get_by_role("link", name=fmt, exact=True).click()
        assert download.value.suggested_filename == f"mbz-2026-06.{fmt.lower()}"
    j.menu("Auswertungen", "Maßnahmen")
    j.goto("/steering/measures/?as_of=2026-06-30")
    assert "Coaching" in page.get_by_role("table", name="Nach Maßnahme: fortführen oder prüfen").inner_text()
    j.goto("/steering/municipal/?year=2026&as_of=2026-12-31")
    assert "Bergdorf" in page.get_by_role("region", name="Stadtscharf").inner_text()
    j.menu("Auswertungen", "Vereinbarungen")
    assert "Jobcenter" in page.get_by_role("table", name=re.compile("Vereinbarungen am")).inner_text()


def test_administrator_edits_a_contact_rule_set_and_sees_the_evaluation_change(journey, data):
    """On 31.03.2026 one of two clients had a contact within a month — by phone. A new
    version of the rule set without the phone channel from 01.03.2026 drops that to 0 %."""
    j = journey(Role.ADMINISTRATOR, "administrator-rules")
    page = j.page
    j.menu("Einstellungen", "Kontaktregeln")
    page.get_by_label("Stichtag").fill("2026-03-31")
    j.navigate("on 31.03.2026", lambda: page.get_by_label("Stichtag").press("Enter"))
    assert page.locator("#share-1m").inner_text() == "50,0 %"
    j.navigate("rule set", lambda: page.get_by_role("link", name="Darmstadt 2017").click())
    assert "Ü25 arbeitslos, marktnah – monatlich" in page.get_by_role("table").inner_text()
    j.navigate("edit", lambda: page.get_by_role("link", name="Als neue Version bearbeiten").click())
    header = page.get_by_role("group", name="Regelwerk", exact=True)
    header.get_by_label("Name:", exact=True).fill("Darmstadt 2017 ohne Telefon")
    header.get_by_label("Gültig ab").fill("2026-03-01")
    phone = header.get_by_label("qualifizierte telefonische Beratung")
    phone.focus()
    page.keyboard.press("Space")  # untick with the keyboard
    assert not phone.is_checked()
    page.get_by_label("Stichtag der Vorschau").fill("2026-03-31")
    j.navigate("preview", lambda: page.get_by_role("button", name="Auswirkung anzeigen").click())
    preview = page.get_by_role("region", name="Auswirkung auf die Kontaktdichte am 31.03.2026").inner_text()
    assert "50,0 %" in preview and "0,0 %" in preview
    j.navigate("saved", lambda: page.get_by_role("button", name="Als neue Version speichern").click())
    assert "gilt ab 01.03.2026" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Darmstadt 2017 ohne Telefon"
    j.goto("/contacts/rules/?as_of=2026-03-31")
    assert page.locator("#share-1m").inner_text() == "0,0 %"
    assert page.locator("tr.match").get_by_role("link").inner_text() == "Darmstadt 2017 ohne Telefon"


def test_caseworker_records_a_measure_entry_and_a_referral_on_the_client_page(journey, data):
    from datetime import date
    from decimal import Decimal

    from lotse.measures.models import Measure
    from lotse.municipal.models import ServiceBudget

    day = date.today()
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    Measure.objects.create(
        external_id="M1",
        name="Bewerbungscoaching",
        kind="coaching",
        provider="Bildungswerk",
        target_group="all",
    )
    ServiceBudget.objects.create(code="debt", name="Schuldnerberatung", year=day.year, budget=Decimal(500))
    j = journey(Role.CASEWORKER, "caseworker-steering", staff="S1")
    page = j.page
    j.goto("/clients/P1/")
    section = page.locator("#steering")
    section.get_by_text("Eintritt in eine Maßnahme erfassen").click()
    section.get_by_label("Maßnahme").select_option(label="Bewerbungscoaching (Bildungswerk)")
    j.navigate("entry recorded", lambda: section.get_by_role("button", name="Speichern").first.click())
    assert "Eintritt in Bewerbungscoaching erfasst" in page.locator(".messages").inner_text()
    assert "Bewerbungscoaching" in page.get_by_role("table", name="Maßnahmen").inner_text()
    section.get_by_text("Einer kommunalen Leistung zuweisen").click()
    section.get_by_label("Betrag (€)").fill("650")
    j.navigate("referral recorded", lambda: section.get_by_label("Betrag (€)").press("Enter"))
    assert "Das Budget ist überschritten" in page.locator(".messages").inner_text()
    assert (
        "Schuldnerberatung"
        in page.get_by_role("table", name="Kommunale Eingliederungsleistungen").inner_text()
    )


def test_caseworker_records_a_pregnancy_proof_and_the_client_moves_at_once(journey, data):
    """Issue 19: the effect is shown before saving; saving routes the client at once, the record
    names the new Integrationsfachkraft with the fact as the reason, and the client leaves the
    previous caseworker's worklist."""
    from lotse.core.clock import today
    from tests.factories import imported, rows

    imported(
        {
            "persons.csv": rows("persons.csv", ("P20", "Lange", "Maria", "1996-04-02", "f", "D2")),
            "household_members.csv": rows(
                "household_members.csv", ("H20", "P20", "adult", None, "2020-01-01")
            ),
            "benefit_periods.csv": rows("benefit_periods.csv", ("P20", "2024-01-01")),
        }
    )
    day = today()
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    j = journey(Role.CASEWORKER, "ayse", staff="S2")  # Maria Lange is hers: applicant service, L–Z
    page = j.page
    j.navigate("worklist before", lambda: page.goto(j.base_url + "/contacts/worklist/?section=all"))
    assert "Lange, Maria" in page.locator("main").inner_text()
    j.navigate("client record", lambda: page.goto(j.base_url + "/clients/P20/"))
    j.navigate(
        "facts page", lambda: page.get_by_role("link", name="Merkmal erfassen oder korrigieren").click()
    )
    page.get_by_label("Merkmal:", exact=True).select_option("pregnancy_proof")
    page.get_by_label("Gültig ab:", exact=True).fill(day.isoformat())
    j.navigate("effect shown", lambda: page.get_by_role("button", name="Auswirkung anzeigen").click())
    effect = page.locator("#effect").inner_text()
    assert "Alle anderen Alleinerziehenden" in effect and "Groß, Jürgen" in effect, effect
    assert "Öztürk, Ayşe" in effect  # responsible so far
    j.navigate("saved", lambda: page.get_by_role("button", name="Speichern").click())
    assert page.url.startswith(j.base_url + "/clients/P20/")
    main = page.locator("main").inner_text()
    assert "Groß, Jürgen" in main and "Schwangerschaft mit Nachweis (Mutterpass)" in main
    j.navigate("worklist after", lambda: page.goto(j.base_url + "/contacts/worklist/?section=all"))
    assert "Lange, Maria" not in page.locator("main").inner_text()


def test_administrator_reorders_the_routing_hierarchy_and_previews_the_caseloads(journey, data):
    """The routing rules as forms: a rule moved up with the keyboard, the team of another rule
    changed, the effect on the caseloads shown before saving, then a new version saved."""
    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))
    j = journey(Role.ADMINISTRATOR, "administrator-routing-rules")
    page = j.page
    j.menu("Einstellungen", "Zuordnungsregeln")
    j.navigate("rule set", lambda: page.get_by_role("link", name="Hagen-Hierarchie ab 2018").click())
    assert "alleinerziehend: ja · selbstständig: ja" in page.get_by_role("table").inner_text()
    j.navigate("edit", lambda: page.get_by_role("link", name="Als neue Version bearbeiten").click())
    u25 = page.locator("[data-rule]").nth(6)
    assert u25.get_by_label("Bezeichnung").input_value() == "Unter 25 → Team U25"
    up = u25.get_by_role("button", name=re.compile("^Nach oben"))
    up.focus()
    for _ in range(6):
        page.keyboard.press("Enter")  # six steps up, to the top
    first = page.locator("[data-rule]").first
    assert first.get_by_label("Bezeichnung").input_value() == "Unter 25 → Team U25"
    assert first.get_by_label("Position").input_value() == "1"
    self_employed = page.locator("[data-rule]").nth(6)
    assert self_employed.get_by_label("Kürzel").input_value() == "self_employed"
    self_employed.get_by_label("Team:", exact=True).select_option(label="U25")
    header = page.get_by_role("group", name="Regelwerk", exact=True)
    header.get_by_label("Name:", exact=True).fill("Hierarchie ab 2027")
    header.get_by_label("Gültig ab").fill("2027-01-01")
    page.get_by_label("Stichtag der Vorschau").fill("2026-11-21")
    j.navigate("preview", lambda: page.get_by_role("button", name="Auswirkung anzeigen").click())
    preview = page.get_by_role("region", name="Auswirkung auf die Fallbestände am 21.11.2026")
    u25_row = preview.get_by_role("row", name=re.compile("^U25"))
    assert u25_row.get_by_role("cell").nth(0).inner_text() == "0"
    assert u25_row.get_by_role("cell").nth(1).inner_text() == "1"
    # the order chosen with the buttons survived the round trip through the server
    assert page.locator("[data-rule]").first.get_by_label("Kürzel").input_value() == "u25"
    j.navigate("saved", lambda: page.get_by_role("button", name="Als neue Version speichern").click())
    assert "gilt ab 01.01.2027" in page.locator(".messages").inner_text()
    rows = page.get_by_role("table").get_by_role("row")
    assert "Unter 25" in rows.nth(1).inner_text()
