"""Outreach (SPEC S5) on the small data set with pinned dates.

Counting channels: in person, phone, video, home visit. P1: last counting contact
10.03.2026 (a missed appointment on 20.10.); P3: entry 01.04.2026, video contact 01.10.;
P4: only a letter (01.09.2026) since the entry in 2022, never a counting contact; P5:
benefits ended. The shipped Kassel rule counts the letter (other ways of contact have not
broken off); the hand-checked figures below use a Jobcenter's own rule that counts only
counting contacts (``counting_contacts_only``), so P4 is a candidate there.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from lotse.clients.models import Person, PersonAttribute
from lotse.contacts.models import Contact
from lotse.organisation.models import District, Staff, Team
from lotse.outreach import services
from lotse.outreach.letters import letters_pdf
from lotse.outreach.models import OutreachCase, OutreachRule
from lotse.outreach.report import outreach_report
from lotse.outreach.selectors import candidates

pytestmark = pytest.mark.django_db


def ids(day: date) -> set[str]:
    return set(candidates(day).values_list("external_id", flat=True))


def contact(ref: str, day: date, held: bool = True, channel: str = "in_person") -> None:
    Contact.objects.create(person=Person.objects.get(external_id=ref), date=day, channel=channel, held=held)


@pytest.fixture
def counting_contacts_only(small_data):
    """A Jobcenter's own rule instead of Kassel's: only counting contacts keep a client off."""
    OutreachRule.objects.update(other_ways=False)


@pytest.fixture
def worker(small_data):
    team = Team.objects.create(external_id="T9", name="Aufsuchende Beratung", kind="outreach")
    return Staff.objects.create(
        external_id="S9",
        family_name="Weiß",
        given_name="Jörg",
        team=team,
        role="outreach",
        valid_from=date(2019, 1, 1),
    )


def test_under_the_kassel_rule_a_client_who_exchanges_letters_is_not_a_candidate(small_data):
    """Kassel: "wenn ... auch andere Kontaktwege abgerissen sind" — P4's letter of 01.09.2026
    keeps her off the list for six months; P1 (no contact of any kind since 10.03.) is on it."""
    rule = OutreachRule.objects.get()
    assert (rule.name, rule.gap_months, rule.other_ways, rule.missed_in_row) == ("Kassel 2022", 6, True, 0)
    assert ids(date(2026, 9, 10)) == {"P1"}
    assert "P4" not in ids(date(2027, 2, 28))
    assert "P4" in ids(date(2027, 3, 1))  # 01.09. + 6 months
    contact("P4", date(2026, 11, 5), channel="email")
    assert "P4" not in ids(date(2027, 3, 1))


def test_a_client_enters_on_the_day_the_gap_is_reached_and_leaves_with_a_counting_contact(
    counting_contacts_only,
):
    assert ids(date(2026, 9, 9)) == {"P4"}
    assert ids(date(2026, 9, 10)) == {"P1", "P4"}  # 10.03. + 6 months
    assert "P3" not in ids(date(2026, 9, 30))  # entry 01.04.: the gap would be reached on 01.10.
    assert "P3" not in ids(date(2026, 10, 1))  # ... the day of the video contact
    contact("P1", date(2026, 11, 2), channel="phone")
    assert "P1" in ids(date(2026, 11, 1))
    assert "P1" not in ids(date(2026, 11, 2))
    contact("P4", date(2026, 11, 5), channel="letter")  # a letter does not count
    assert "P4" in ids(date(2026, 11, 21))
    assert "P5" not in ids(date(2026, 11, 21))  # no longer receiving benefits


def test_missed_appointments_in_a_row_trigger(small_data):
    OutreachRule.objects.update(missed_in_row=2)
    contact("P3", date(2026, 10, 10), held=False)
    assert "P3" not in ids(date(2026, 10, 19))
    contact("P3", date(2026, 10, 20), held=False)
    assert "P3" in ids(date(2026, 10, 20))
    assert candidates(date(2026, 10, 20)).get(external_id="P3").missed_since == 2
    contact("P3", date(2026, 11, 1))
    assert "P3" not in ids(date(2026, 11, 1))


def test_figures_of_a_hand_checked_round(counting_contacts_only, worker):
    visit_round = services.round_plan(
        name="Runde Nord",
        staff=worker,
        districts=list(District.objects.filter(external_id__in=["D1", "D2"])),
        first_day=date(2026, 9, 20),
        last_day=date(2026, 9, 25),
        as_of=date(2026, 9, 15),
    )
    cases = {c.person.external_id: c for c in visit_round.cases.select_related("person")}
    assert set(cases) == {"P1", "P4"}
    assert cases["P1"].trigger == "gap"
    today = date(2026, 11, 30)
    p1, p4 = cases["P1"], cases["P4"]
    services.visit_record(
        case=p1, day=date(2026, 9, 20), staff=worker, result="not_home", card_left=True, today=today
    )
    services.visit_record(
        case=p1,
        day=date(2026, 9, 25),
        staff=worker,
        result="met",
        reasons=["debt"],
        offers=[("debt_counselling", True), ("psychosocial", False)],
        today=today,
    )
    services.visit_record(case=p4, day=date(2026, 9, 22), staff=worker, result="refused", today=today)
    contact("P1", date(2026, 10, 5))  # back at the Jobcenter: reconnected in October
    services.case_hand_back(case=p1, day=date(2026, 10, 6))
    services.visit_record(case=p4, day=date(2026, 10, 10), staff=worker, result="moved_away", today=today)
    p4.refresh_from_db()
    assert p4.close_reason == "moved_away" and p4.note_to_benefits
    PersonAttribute.objects.create(
        person=p1.person, attribute="status", value="employed", valid_from=date(2026, 11, 1)
    )

    report = outreach_report(date(2026, 9, 1), date(2026, 11, 30)).as_json()
    total = report["total"]
    assert total == {
        "candidates": 1,  # P4 on 30.11. (still receiving benefits, never contacted)
        "cases_opened": 2,
        "visited": 2,
        "met": 1,
        "reachability_rate": 50.0,
        "reconnected": 1,
        "handed_back": 1,
        "moved_away": 1,
        "offers_made": 2,
        "offers_accepted": 1,
        "job_starts": 1,
    }
    months = {m["month"]: m for m in report["months"]}
    assert (months["2026-09"]["visited"], months["2026-10"]["visited"]) == (2, 1)
    assert months["2026-10"]["reconnected"] == 1 and months["2026-11"]["job_starts"] == 1
    assert months["2026-09"]["candidates"] == 2  # P1 and P4 on 30.09.
    districts = {d["district_id"]: d for d in report["districts"]}
    assert districts["D1"]["met"] == 1 and districts["D2"]["moved_away"] == 1

    out = io.StringIO()
    call_command("outreach", "report", "--from", "2026-09-01", "--to", "2026-11-30", stdout=out)
    assert json.loads(out.getvalue())["total"] == total


def test_candidates_command_prints_the_exchange_person_ids(counting_contacts_only):
    out = io.StringIO()
    call_command("outreach", "candidates", "--as-of", "2026-09-10", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [c["person_id"] for c in data["candidates"]] == ["P1", "P4"]
    assert data["candidates"][0]["last_contact"] == "2026-03-10"


def test_the_letter_has_the_address_block_the_worker_and_the_date(small_data, worker):
    """DIN 5008 for a window envelope: the address block (name, street, place) in the window,
    the client number, the outreach worker's name, phone and e-mail, the date."""
    from lotse.outreach.letters import with_address

    worker.phone, worker.email = "02331 123-456", "joerg.weiss@jobcenter.example"
    worker.save()
    visit_round = services.round_plan(
        name="Runde",
        staff=worker,
        districts=list(District.objects.filter(external_id="D1")),
        first_day=date(2026, 9, 20),
        last_day=date(2026, 9, 25),
        as_of=date(2026, 9, 15),
    )
    cases = list(visit_round.cases.select_related("person", "person__district", "visit_round", "staff"))
    letters, without = with_address(cases, date(2026, 9, 16))
    assert [c.person.external_id for c in without] == []
    pdf = letters_pdf(letters)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    lines = [line.strip() for line in text.splitlines()]
    block = lines[lines.index("Anna Müller") : lines.index("Anna Müller") + 3]
    assert block == ["Anna Müller", "Lindenstraße 12", "58095 Musterstadt"]
    for expected in (
        "Kundennummer",
        "P1",
        "Jörg Weiß",
        "02331 123-456",
        "joerg.weiss@jobcenter.example",
        "16.09.2026",
    ):
        assert expected in text, expected
    assert "Sehr geehrte Frau Müller" in text and "Mit freundlichen Grüßen" in text
    assert "zwischen dem 20.09.2026 und dem 25.09.2026" in text.lower()


def test_the_round_lists_addresses_in_route_order_and_flags_a_client_without_one(
    small_data, worker, client, make_user
):
    import csv

    from lotse.clients.models import Address
    from lotse.core.roles import Role
    from tests.conftest import link_staff
    from tests.factories import imported, rows

    imported(
        {
            "persons.csv": rows("persons.csv", ("P30", "Albers", "Kai", "1980-01-01", "m", "D1")),
            "benefit_periods.csv": rows("benefit_periods.csv", ("P30", "2020-01-01")),
            "addresses.csv": rows(
                "addresses.csv",
                ("P30", "Ahornweg", "1", "58089", "Musterstadt", "Familie Kaya", "2020-01-01"),
            ),
        }
    )
    visit_round = services.round_plan(
        name="Runde",
        staff=worker,
        districts=list(District.objects.all()),
        first_day=date(2026, 9, 20),
        last_day=date(2026, 9, 25),
        as_of=date(2026, 9, 15),
    )
    assert {c.person.external_id for c in visit_round.cases.all()} == {"P1", "P30"}
    user = make_user(Role.OUTREACH, "joerg")
    link_staff(user, "S9")
    client.force_login(user)
    route = client.get(f"/outreach/rounds/{visit_round.pk}/route.csv").content.decode()
    stops = list(csv.DictReader(io.StringIO(route)))
    assert [(s["postal_code"], s["street"], s["client_number"]) for s in stops] == [
        ("58089", "Ahornweg", "P30"),
        ("58095", "Lindenstraße", "P1"),
    ]
    assert stops[0]["name"] == "Kai Albers c/o Familie Kaya"
    Address.objects.filter(person__external_id="P30").delete()
    page = client.get(f"/outreach/rounds/{visit_round.pk}/").content.decode()
    assert "1 Person dieser Runde hat keine Anschrift" in page and "Albers, Kai" in page


def test_outreach_workers_see_their_open_cases_only(small_data, worker, client, make_user):
    from lotse.core.roles import Role
    from tests.conftest import link_staff

    visit_round = services.round_plan(
        name="Runde",
        staff=worker,
        districts=list(District.objects.filter(external_id="D1")),
        first_day=date(2026, 9, 20),
        last_day=date(2026, 9, 25),
        as_of=date(2026, 9, 15),
    )
    case = visit_round.cases.get()
    user = make_user(Role.OUTREACH, "outreach")
    link_staff(user, "S9")
    client.force_login(user)
    page = client.get(f"/outreach/cases/{case.pk}/")
    assert page.status_code == 200
    assert "1990" not in page.content.decode()  # least data: no birth date on the case page
    assert client.get("/clients/P1/").status_code == 404  # not the full client record
    assert client.get("/clients/P3/").status_code == 404
    services.case_hand_back(case=case, day=date(2026, 10, 1))
    assert client.get(f"/outreach/cases/{case.pk}/").status_code == 404  # back with the caseworker
    assert OutreachCase.objects.filter(person__external_id="P1").count() == 1


def test_candidates_longest_without_contact_first_and_the_case_page_preselects_no_result(
    small_data, worker, client, make_user
):
    """Issue 20: the list reads as the order of urgency, a name leads to the open case, and a
    visit's result is chosen, never preselected."""
    from lotse.core.roles import Role
    from tests.conftest import link_staff

    user = make_user(Role.OUTREACH, "outreach-order")
    link_staff(user, "S9")
    client.force_login(user)
    page = client.get("/outreach/candidates/?as_of=2026-11-21")
    rows = [p for p, _caseworker, _case in page.context["rows"]]
    lasts = [p.last_contact or date.min for p in rows]
    assert rows and lasts == sorted(lasts)
    visit_round = services.round_plan(
        name="Runde",
        staff=worker,
        districts=list(District.objects.filter(external_id="D1")),
        first_day=date(2026, 11, 23),
        last_day=date(2026, 11, 27),
        as_of=date(2026, 11, 21),
    )
    case = visit_round.cases.get()
    listed = client.get("/outreach/candidates/?as_of=2026-11-21").content.decode()
    assert f'href="/outreach/cases/{case.pk}/"' in listed
    html = client.get(f"/outreach/cases/{case.pk}/").content.decode()
    result = html[html.index('id="visit-result"') : html.index("</select>", html.index('id="visit-result"'))]
    assert "selected" not in result and '<option value="">' in result
