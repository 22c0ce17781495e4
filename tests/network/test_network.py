"""Network and cooperation (SPEC S10, issue 24): referrals with consent counted per partner,
placement proposals whose hire becomes an integration, working-group tasks on the owner's start
page, and who lacks a qualification their specialisation requires."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from lotse.clients.models import Person, Responsibility
from lotse.core.clock import today
from lotse.core.models import AuditEvent
from lotse.measures.models import Integration
from lotse.network import services
from lotse.network.models import Partner, PartnerReferral, PlacementProposal
from lotse.network.report import partner_report, proposal_figures
from lotse.organisation.models import Qualification, Staff
from lotse.organisation.qualifications import coverage
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.factories import imported, rows


@pytest.fixture
def single_parent(caseworker_client):
    """Sandra Kern (P30), alone with her daughter (P31) in Nordstadt: Jürgen Groß's (S1) client."""
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
    assert Responsibility.objects.get(person__external_id="P30").staff.external_id == "S1"
    return caseworker_client


@pytest.fixture
def kita(db):
    partner = Partner.objects.create(
        external_id="N1", name="Kita St. Marien", kind="childcare", carrier="church"
    )
    offer = partner.offers.create(
        kind="childcare_places", title="Krippe", hours="Mo–Fr 7–16 Uhr", places=12, reserved_places=2
    )
    return partner, offer


def test_a_referral_needs_the_consent_first_and_the_partner_report_counts_it(single_parent, kita):
    partner, offer = kita
    day = today()
    url = "/clients/P30/record/partner_referral/"
    data = {
        "partner_referral-partner": partner.pk,
        "partner_referral-offer": offer.pk,
        "partner_referral-referred_on": day.isoformat(),
        "partner_referral-consent_scope": "need",
    }
    refused = single_parent.post(url, data)
    form = refused.context["steering_forms"]["partner_referral"]
    assert refused.status_code == 200 and form.errors["consent_on"]  # the form again, open, at the field
    assert form["partner"].value() == str(partner.pk)  # the input is kept
    assert not PartnerReferral.objects.exists()  # nothing without the consent
    later = {**data, "partner_referral-consent_on": (day + timedelta(days=1)).isoformat()}
    too_late = single_parent.post(url, later).context["steering_forms"]["partner_referral"]
    assert "vor der Vermittlung" in str(too_late.errors["consent_on"])
    saved = single_parent.post(url, {**data, "partner_referral-consent_on": day.isoformat()}, follow=True)
    assert [m.level_tag for m in saved.context["messages"]] == ["success"]
    referral = PartnerReferral.objects.get()
    assert referral.single_parent and referral.consent_scope == "need"
    assert AuditEvent.objects.filter(person_ref="P30", what="partner_referral").exists()
    (row,) = partner_report(date(day.year, 1, 1), day)
    assert (row.partner, row.referrals, row.open, row.taken_up) == (partner, 1, 1, 0)
    prefix = f"outcome-{referral.pk}"
    single_parent.post(
        f"/network/referrals/{referral.pk}/outcome/",
        {f"{prefix}-outcome": "taken_up", f"{prefix}-outcome_on": day.isoformat()},
    )
    (row,) = partner_report(date(day.year, 1, 1), day)
    assert (row.taken_up, row.open, row.taken_up_share) == (1, 0, 100.0)
    page = single_parent.get("/network/report/").content.decode()
    assert "Kita St. Marien" in page


def test_a_hire_from_a_part_time_vacancy_is_recorded_as_an_integration_and_counted(single_parent):
    employer = Partner.objects.create(external_id="N2", name="Bäckerei Schmidt", kind="employer")
    day = today()
    vacancy = services.vacancy_record(
        employer=employer,
        title="Verkäufer:in in Teilzeit",
        hours_per_week=Decimal("25"),
        part_time_possible=True,
        childcare_compatible=True,
        working_times="Mo–Fr 8–13 Uhr",
        acquired_on=day - timedelta(days=20),
    )
    proposed = single_parent.post(
        f"/network/vacancies/{vacancy.pk}/",
        {"client": "P30", "proposed_on": (day - timedelta(days=10)).isoformat()},
    )
    assert proposed.status_code == 302
    outside = single_parent.post(
        f"/network/vacancies/{vacancy.pk}/", {"client": "P4", "proposed_on": day.isoformat()}
    )
    assert "Keine Person mit dieser Kundennummer" in outside.content.decode()  # P4 is not his
    proposal = PlacementProposal.objects.get()
    assert proposal.single_parent and proposal.team.external_id == "T1"
    prefix = f"return-{proposal.pk}"
    url = f"/clients/P30/proposals/{proposal.pk}/return/"
    single_parent.post(url, {f"{prefix}-result": "not_applied", f"{prefix}-result_on": day.isoformat()})
    proposal.refresh_from_db()
    assert proposal.result == "open"  # not applied needs a reason
    single_parent.post(url, {f"{prefix}-result": "hired", f"{prefix}-result_on": day.isoformat()})
    proposal.refresh_from_db()
    assert proposal.result == "hired"
    job = Integration.objects.get(person__external_id="P30")
    assert (job.kind, job.employer, job.started, job.single_parent) == (
        "employment",
        "Bäckerei Schmidt",
        day,
        True,
    )
    groups, teams = proposal_figures(date(day.year, 1, 1), day)
    by_label = {g.label: (g.proposals, g.returned, g.hired) for g in groups}
    assert by_label["Alleinerziehende"] == (1, 1, 1) and by_label["unter 25"] == (0, 0, 0)
    assert [(t.proposals, t.hired) for t in teams] == [(1, 1)]


def test_a_task_from_the_minutes_is_on_the_owners_start_page_until_done(single_parent):
    s1 = Staff.objects.get(external_id="S1")
    day = today()
    group = services.group_create(
        name="Arbeitskreis Alleinerziehende",
        cadence="biweekly",
        first_meeting=day - timedelta(days=28),
        members=[s1],
    )
    assert services.meeting_days(group, day - timedelta(days=28), day + timedelta(days=14)) == [
        day - timedelta(days=28 - k) for k in (0, 14, 28, 42)
    ]
    page = single_parent.post(
        f"/network/groups/{group.pk}/", {"day": day.isoformat(), "attendees": [s1.pk], "minutes": ""}
    )
    assert "Protokoll als Datei" in page.content.decode() and not group.meetings.exists()  # minutes required
    saved = single_parent.post(
        f"/network/groups/{group.pk}/",
        {"day": day.isoformat(), "attendees": [s1.pk], "minutes": "Kita-Plätze: Bedarf an Randzeiten"},
    )
    meeting = group.meetings.get()
    assert saved["Location"] == f"/network/meetings/{meeting.pk}/"
    single_parent.post(
        f"/network/meetings/{meeting.pk}/",
        {
            "text": "Randzeiten mit dem Jugendamt klären",
            "owner": s1.pk,
            "due": (day + timedelta(days=7)).isoformat(),
        },
    )
    home = single_parent.get("/").content.decode()
    assert "Randzeiten mit dem Jugendamt klären" in home
    task = meeting.tasks.get()
    done = single_parent.post(f"/network/tasks/{task.pk}/done/", follow=True)
    assert "Aufgabe erledigt" in done.content.decode()
    assert "Randzeiten mit dem Jugendamt klären" not in single_parent.get("/").content.decode()


def test_the_coverage_names_who_lacks_what_the_specialisation_requires(small_data):
    s1 = Staff.objects.get(external_id="S1")  # single parents: basic SGB II, BeKo, case consultation
    s1.qualifications.all().delete()
    Qualification.objects.create(staff=s1, kind="basic_sgb2", completed_on=date(2020, 1, 1))
    Qualification.objects.create(staff=s1, kind="data_protection_refresher", completed_on=date(2025, 1, 1))
    teams = coverage(date(2026, 12, 1))
    (member,) = [m for t in teams for m in t.members if m.staff == s1]
    assert {k.code for k in member.required} == {"basic_sgb2", "counselling_concept", "peer_consultation"}
    assert {k.code for k in member.missing} == {"counselling_concept", "peer_consultation"}
    assert [(k.code, until) for k, until in member.expiring] == [
        ("data_protection_refresher", date(2027, 1, 1))
    ]
    (team,) = [t for t in teams if t.team == s1.team]
    assert ("Beratungskonzeption SGB II (BeKo)", 1) in [(k.name, n) for k, n in team.lacking]


def test_feedback_given_by_a_partner_is_counted_for_it_beside_its_referrals(single_parent, kita):
    from lotse.measures.services import feedback_record

    partner, _offer = kita
    day = today()
    p30 = Person.objects.get(external_id="P30")
    services.partner_referral_record(
        person=p30, partner=partner, referred_on=day, consent_on=day, consent_scope="feedback"
    )
    for text in ("Platz ab Januar", "Eingewöhnung läuft"):
        feedback_record(
            person=p30, source="network_partner", source_name="", partner=partner, received_on=day, text=text
        )
    (row,) = partner_report(date(day.year, 1, 1), day)
    assert (row.referrals, row.open, row.feedback) == (1, 1, 2)  # no row counted twice by the joins


def test_a_team_lead_plans_a_training_for_the_gap_and_it_shows_as_booked(small_data, make_user, client):
    from lotse.core.roles import Role
    from lotse.organisation.models import QualificationType
    from tests.conftest import link_staff

    lead = make_user(Role.TEAM_LEAD, "lead-training")
    link_staff(lead, "S4")  # leads T1, where S1 works
    client.force_login(lead)
    beko = QualificationType.objects.get(code="counselling_concept")
    s1 = Staff.objects.get(external_id="S1")
    day = today() + timedelta(days=30)
    too_many = client.post(
        "/network/qualifications/",
        {
            "qualification": beko.pk,
            "day": day.isoformat(),
            "seats": "1",
            "participants": [s1.pk, lead.staff.pk],
        },
    )
    assert too_many.status_code == 200 and too_many.context["form"].errors["participants"]
    client.post(
        "/network/qualifications/",
        {"qualification": beko.pk, "day": day.isoformat(), "participants": [s1.pk]},
    )
    page = client.get("/network/qualifications/")
    (member,) = [m for t in page.context["teams"] for m in t.members if m.staff == s1]
    assert [(d.qualification.code, d.day) for d in member.planned] == [("counselling_concept", day)]
    assert "Beratungskonzeption SGB II (BeKo)" in page.content.decode()
