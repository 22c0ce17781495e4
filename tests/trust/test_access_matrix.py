"""The access matrix: every URL pattern of the project, every role, an anonymous user and an
outsider caseworker of another team. Any 200 that the matrix does not allow fails.

The URL patterns are read from the resolver, so a new page is walked automatically; a
pattern that is not in ``ALLOWED`` fails the test until someone decides who may open it.

Then the probes of the second trust pass (issue 17), on the small data routed on 21.11.2026:
T1/S1 has P1 and P3 (P2 lives with P1), P4 is nobody's and receives benefits (the queue),
P5's benefits ended on 31.12.2025.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from lotse.clients.models import HouseholdMember, Person, Responsibility
from lotse.contacts.models import Contact
from lotse.core.models import AuditAction, AuditEvent
from lotse.core.roles import Role
from tests.conftest import state_purpose
from tests.pages import ALLOWED, allowed, concrete, logged_in_clients, walk


@pytest.fixture
def clients(routed, make_user):
    return logged_in_clients(make_user)


@pytest.mark.django_db
def test_no_unexpected_200_on_any_url_for_any_role(clients):
    urls = sorted(set(walk(get_resolver().url_patterns)))
    assert len(urls) > 40  # the admin's patterns included
    seen_200: dict[str, set[str]] = {}
    unexpected = []
    for template, name in urls:
        path = concrete(template, name)
        may = allowed(name)
        for label, c in clients.items():
            status = c.get(path, {"as_of": "2026-11-21"}).status_code
            if status == 200:
                seen_200.setdefault(name, set()).add(label)
                if label not in may:
                    unexpected.append(f"{label} GET {path} ({name}) -> 200")
    assert not unexpected, "\n".join(unexpected)
    # The matrix is not vacuous: each page someone may open answers them with 200.
    for name, may in ALLOWED.items():
        if name.startswith("admin:"):
            continue
        assert seen_200.get(name, set()) == set(may), (name, seen_200.get(name))
    assert "administrator" in seen_200["admin:index"]


AS_OF = {"as_of": "2026-11-21"}


def detail(c, ref: str):
    return c.get(reverse("clients:detail", kwargs={"external_id": ref}), AS_OF)


@pytest.mark.django_db
def test_a_former_client_of_another_team_is_404_for_a_team_lead(p5_former_client_of_t1, login):
    c = login(Role.TEAM_LEAD, "S3")  # leads T2, which never had P5
    assert detail(c, "P5").status_code == 404
    assert (
        c.post(reverse("clients:purpose", kwargs={"external_id": "P5"}), {"purpose": "x" * 30}).status_code
        == 404
    )
    assert c.post(reverse("contacts:record", kwargs={"external_id": "P5"}), {}).status_code == 404
    listing = c.get(reverse("clients:list"), {"q": "Becker"}).content.decode()
    assert "/clients/P5/" not in listing


@pytest.mark.django_db
def test_a_former_client_is_reachable_by_the_team_that_had_her_for_a_purpose_only(
    p5_former_client_of_t1, login
):
    c = login(Role.TEAM_LEAD, "S4")  # leads T1, which had P5 until her benefits ended
    first = detail(c, "P5").content.decode()
    assert "Zweck des Zugriffs" in first and "Becker, Sophie" not in first
    # no write either without the purpose
    assert c.post(reverse("contacts:record", kwargs={"external_id": "P5"}), {}).status_code == 404
    state_purpose(c, "P5")
    assert "Becker, Sophie" in detail(c, "P5").content.decode()


@pytest.mark.django_db
def test_the_team_leads_queue_holds_running_benefits_without_a_team_only(routed, login):
    """P4 receives benefits and has no team: the queue. P5 has no team either, but her
    benefits ended: she is nobody's queue."""
    c = login(Role.TEAM_LEAD, "S3")
    assert detail(c, "P4").status_code == 200
    assert detail(c, "P5").status_code == 404


@pytest.mark.django_db
def test_a_write_without_the_purpose_is_refused_and_nothing_is_written(routed, login):
    c = login(Role.CASEWORKER, "S2")  # T1, P1 is S1's
    before = Contact.objects.count()
    response = c.post(
        reverse("contacts:record", kwargs={"external_id": "P1"}),
        {"date": "2026-11-20", "channel": "phone", "held": "on", "topic": "Rückruf"},
    )
    assert response.status_code == 404
    assert Contact.objects.count() == before
    assert c.get(reverse("clients:edit", kwargs={"external_id": "P1"})).status_code == 404
    state_purpose(c, "P1", "Vertretung für Herrn Groß im Urlaub")
    assert c.get(reverse("clients:edit", kwargs={"external_id": "P1"})).status_code == 200


@pytest.mark.django_db
def test_a_member_who_moved_out_is_not_reached_through_the_old_household(routed, login):
    HouseholdMember.objects.filter(person__external_id="P2").update(moved_out=date(2026, 10, 1))
    c = login(Role.CASEWORKER, "S1")
    assert detail(c, "P1").status_code == 200
    assert detail(c, "P2").status_code == 404
    assert c.post(reverse("contacts:record", kwargs={"external_id": "P2"}), {}).status_code == 404


@pytest.mark.django_db
def test_denied_reads_are_audited_the_same_for_existing_and_unknown_numbers(routed, login):
    c = login(Role.CASEWORKER, "S3")  # T2: P1 is outside the reach
    for ref in ("P1", "P999"):
        assert detail(c, ref).status_code == 404
    denied = AuditEvent.objects.filter(action=AuditAction.DENIED, user=c.user).order_by("pk")
    assert [e.person_ref for e in denied] == ["P1", "P999"]
    # the Art. 15 report of P1 lists reads, not others' denied attempts
    from lotse.trust.selectors import accesses_to

    assert not accesses_to(Person.objects.get(external_id="P1")).filter(action=AuditAction.DENIED).exists()


@pytest.mark.django_db
def test_an_existing_and_an_unknown_number_cost_the_same_queries(routed, login):
    c = login(Role.CASEWORKER, "S3")
    detail(c, "P2")  # warm the session and the user's scope
    counts = []
    for ref in ("P1", "P999"):
        with CaptureQueriesContext(connection) as queries:
            assert detail(c, ref).status_code == 404
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_forms_and_the_handover_list_are_audited_reads(routed, login):
    c = login(Role.TEAM_LEAD, "S4")
    c.get(reverse("clients:edit", kwargs={"external_id": "P1"}))
    contact = Contact.objects.filter(person__external_id="P1").first()
    c.get(reverse("contacts:edit", kwargs={"pk": contact.pk}))
    Responsibility.objects.filter(person__external_id="P3").update(staff=None)  # T1's queue
    c.get(reverse("routing:handovers"), AS_OF)
    whats = set(
        AuditEvent.objects.filter(user=c.user, action=AuditAction.READ).values_list("what", flat=True)
    )
    assert {"client_edit_form", "contact_edit_form", "handover_list"} <= whats
    assert AuditEvent.objects.filter(user=c.user, what="handover_list", person_ref="P3").exists()


@pytest.mark.django_db
def test_outreach_candidates_belong_to_the_outreach_team_and_each_lead_for_their_team(routed, login):
    from lotse.outreach.selectors import candidates

    everyone = set(candidates(date(2026, 11, 21)).values_list("family_name", flat=True))
    assert "Müller" in everyone  # P1 (T1): no held contact since March
    other_lead = login(Role.TEAM_LEAD, "S3")  # leads T2
    assert "Müller" not in other_lead.get(reverse("outreach:candidates"), AS_OF).content.decode()
    own_lead = login(Role.TEAM_LEAD, "S4", username="lead-t1")
    assert "Müller" in own_lead.get(reverse("outreach:candidates"), AS_OF).content.decode()
    outreach = login(Role.OUTREACH, None, username="outreach")
    assert "Müller" in outreach.get(reverse("outreach:candidates"), AS_OF).content.decode()


@pytest.mark.django_db
def test_a_list_shows_given_name_and_birth_date_for_the_own_caseload_only(routed, login):
    c = login(Role.CASEWORKER, "S2")  # T1: P1 and P3 are team clients, not own
    html = c.get(reverse("clients:list"), {"q": "Müller"}).content.decode()
    assert "Müller" in html and "Anna" not in html and "15.06.1990" not in html
    assert "nach Angabe eines Zwecks" in html
    own = login(Role.CASEWORKER, "S1", username="s1")
    html = own.get(reverse("clients:list"), {"q": "Müller"}).content.decode()
    assert "Anna" in html and "15.06.1990" in html


@pytest.mark.django_db
def test_api_household_read_of_a_team_household_needs_the_purpose(api_as):
    colleague = api_as(Role.CASEWORKER, "S2")  # T1; H1 is S1's
    refused = colleague.get("/households/H1")
    assert refused.status_code == 403 and refused.json()["type"].endswith("purpose-required")
    assert not AuditEvent.objects.filter(user=colleague.user, action=AuditAction.READ).exists()
    ok = colleague.get("/households/H1", headers={"HTTP_LOTSE_PURPOSE": "Vertretung im Urlaub"})
    assert ok.status_code == 200
    reads = AuditEvent.objects.filter(user=colleague.user, action=AuditAction.READ, what="api:household")
    assert reads.count() == 3 and set(reads.values_list("purpose", flat=True)) == {"Vertretung im Urlaub"}
    assert api_as(Role.CASEWORKER, "S1", username="own").get("/households/H1").status_code == 200
    outsider = api_as(Role.CASEWORKER, "S3", username="outsider")
    assert outsider.get("/households/H1").status_code == 404
    assert AuditEvent.objects.filter(user=outsider.user, action=AuditAction.DENIED).exists()


@pytest.mark.django_db
def test_api_list_shows_a_team_client_with_the_least_needed_to_find_them(api_as):
    items = {i["client_id"]: i for i in api_as(Role.CASEWORKER, "S2").get("/clients").json()["items"]}
    assert items["P1"]["family_name"] == "Müller"
    assert items["P1"]["given_name"] is None and items["P1"]["birth_date"] is None
    assert items["P1"]["purpose_required"] is True
    own = {
        i["client_id"]: i
        for i in api_as(Role.CASEWORKER, "S1", username="own").get("/clients").json()["items"]
    }
    assert own["P1"]["given_name"] == "Anna" and own["P1"]["purpose_required"] is False


@pytest.fixture
def two_admins(routed, make_user, client):
    from django.test import Client

    first, second = make_user(Role.ADMINISTRATOR, "admin1"), make_user(Role.ADMINISTRATOR, "admin2")
    for user in (first, second):
        user.is_staff = True
        user.save()
    client.force_login(first)
    other = Client()
    other.force_login(second)
    return client, first, other, second


def user_change(user, groups, **extra) -> dict:
    from django.contrib.auth.models import Group

    return {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=g).pk for g in groups],
        **extra,
    }


@pytest.mark.django_db
def test_an_administrator_cannot_give_themselves_client_access(two_admins):
    from lotse.organisation.models import Staff

    c, me, _other, _second = two_admins
    url = f"/admin/auth/user/{me.pk}/change/"
    refused = c.post(url, user_change(me, ["administrator", "caseworker"], is_superuser="on"))
    assert refused.status_code == 200
    assert "selbst keine Rolle geben, die Klientendaten liest" in refused.content.decode()
    me.refresh_from_db()
    assert set(me.groups.values_list("name", flat=True)) == {"administrator"} and not me.is_superuser
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, what="user:admin1").exists()
    # superuser status is not a field of the admin at all
    c.post(url, user_change(me, ["administrator"], is_superuser="on"))
    me.refresh_from_db()
    assert not me.is_superuser
    # nor can they link their own user to a staff record (that gives a caseload)
    s1 = Staff.objects.get(external_id="S1")
    page = c.get(f"/admin/organisation/staff/{s1.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({"user": me.pk, "qualifications-TOTAL_FORMS": 0, "qualifications-INITIAL_FORMS": 0})
    data["specialisations"] = [s.pk for s in data.get("specialisations", [])]
    data["districts"] = [d.pk for d in data.get("districts", [])]
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    linked = c.post(f"/admin/organisation/staff/{s1.pk}/change/", data)
    assert "Sie können Ihren eigenen Benutzer nicht" in linked.content.decode()
    assert Staff.objects.get(pk=s1.pk).user_id is None
    assert AuditEvent.objects.filter(action=AuditAction.DENIED, what="staff:S1").exists()


@pytest.mark.django_db
def test_a_second_administrator_grants_the_role_and_the_trail_says_so(two_admins):
    _c, me, other, _second = two_admins
    response = other.post(
        f"/admin/auth/user/{me.pk}/change/", user_change(me, ["administrator", "caseworker"])
    )
    assert response.status_code == 302
    entry = AuditEvent.objects.get(action=AuditAction.ACCESS, what="user:admin1")
    assert entry.actor == "admin2" and entry.detail == "roles +caseworker"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://127.0.0.1/hook", "interne Adresse 127.0.0.1"),
        ("https://localhost:8443/hook", "interne Adresse"),
        ("https://10.1.2.3/hook", "interne Adresse 10.1.2.3"),
        ("https://169.254.169.254/latest/meta-data", "interne Adresse 169.254.169.254"),
        ("https://[::1]/hook", "interne Adresse ::1"),
        ("http://203.0.113.7/hook", "bitte https verwenden"),
        ("https://user:pw@203.0.113.7/hook", "keinen Benutzernamen"),
        ("ftp://203.0.113.7/hook", "muss mit https:// beginnen"),
    ],
)
def test_a_webhook_to_an_internal_or_unencrypted_url_is_refused(api_as, url, reason):
    from lotse.events.models import Webhook

    made = api_as(Role.INTEGRATION).post("/webhooks", {"name": "probe", "url": url})
    assert made.status_code == 422, made.json()
    assert reason in made.json()["errors"][0]["detail"] and made.json()["errors"][0]["pointer"] == "/url"
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_the_administrator_cannot_make_a_webhook_in_the_admin(two_admins):
    c, *_rest = two_admins
    assert c.get("/admin/events/webhook/add/").status_code == 403


# ---- the reach table of docs/trust.md, cell by cell -------------------------------------

TRUST_MD = Path(__file__).resolve().parents[2] / "docs" / "trust.md"
CATEGORIES = {
    "own caseload": "own",
    "other clients of the own team": "team",
    "queue: benefits, no team": "queue",
    "former clients the team had": "former_had",
    "former clients of other teams": "former_other",
    "household members living with a reached client": "household",
    "former household members": "former_household",
    "clients of other teams": "other_team",
}
ROLES = {
    "caseworker": Role.CASEWORKER,
    "team lead": Role.TEAM_LEAD,
    "outreach worker": Role.OUTREACH,
    "controlling": Role.CONTROLLING,
    "management": Role.MANAGEMENT,
    "administrator": Role.ADMINISTRATOR,
    "data protection officer": Role.DATA_PROTECTION,
    "integration": Role.INTEGRATION,
}
# (staff record of the probing user, client) per role and category; None: no staff record
PROBES = {
    "caseworker": {
        "own": ("S1", "P1"),
        "team": ("S2", "P1"),
        "queue": ("S1", "P4"),
        "former_had": ("S1", "P5"),
        "former_other": ("S3", "P5"),
        "household": ("S1", "P2"),
        "former_household": ("S1", "P6"),
        "other_team": ("S3", "P1"),
    },
    "team lead": {
        "own": ("S4", "P1"),
        "team": ("S4", "P3"),
        "queue": ("S4", "P4"),
        "former_had": ("S4", "P5"),
        "former_other": ("S3", "P5"),
        "household": ("S4", "P2"),
        "former_household": ("S4", "P6"),
        "other_team": ("S3", "P1"),
    },
    "outreach worker": {
        "own": ("S9", "P7"),
        "queue": ("S9", "P4"),
        "former_had": ("S9", "P5"),
        "former_other": ("S3", "P5"),
        "household": ("S9", "P8"),
        "former_household": ("S9", "P6"),
        "other_team": ("S9", "P1"),
    },
}
WITHOUT_STAFF = {
    "own": "P1",
    "queue": "P4",
    "former_had": "P5",
    "former_other": "P5",
    "household": "P2",
    "former_household": "P6",
    "other_team": "P1",
}


def reach_table() -> dict[str, dict[str, str]]:
    """The table under 'Reach of each role' in docs/trust.md: role -> category -> cell."""
    text = TRUST_MD.read_text(encoding="utf-8")
    lines = text[text.index("### Reach of each role") :].splitlines()
    rows = [line for line in lines if line.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    table = {}
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        table[cells[0]] = {CATEGORIES[h]: cells[i] for i, h in enumerate(header) if i}
    return table


@pytest.fixture
def reach_world(routed):
    """The small data plus: an outreach team T9 (S9) with its client P7 and P7's child P8;
    P5's responsibility history (T9 in 2023, T1/S1 in 2025; benefits ended 2025); P6, who
    lived in P1's household H1 until 30.06.2026."""
    from lotse.clients.models import BenefitPeriod, Household, ResponsibilityPeriod
    from lotse.organisation.models import Staff, Team

    t1, t9 = (
        Team.objects.get(external_id="T1"),
        Team.objects.create(external_id="T9", name="Aufsuchende", kind="outreach"),
    )
    s1 = Staff.objects.get(external_id="S1")
    s9 = Staff.objects.create(
        external_id="S9",
        family_name="Weiß",
        given_name="Jörg",
        team=t9,
        role="outreach",
        valid_from=date(2019, 1, 1),
    )
    born = date(1990, 1, 1)
    p7 = Person.objects.create(
        external_id="P7", family_name="Kaya", given_name="Elif", birth_date=born, sex="f"
    )
    p8 = Person.objects.create(
        external_id="P8", family_name="Kaya", given_name="Can", birth_date=date(2015, 1, 1), sex="m"
    )
    p6 = Person.objects.create(
        external_id="P6", family_name="Vogel", given_name="Ben", birth_date=born, sex="m"
    )
    BenefitPeriod.objects.create(person=p7, valid_from=date(2024, 1, 1))
    Responsibility.objects.create(person=p7, team=t9, staff=s9, rule_code="outreach", since=date(2026, 1, 1))
    h9 = Household.objects.create(external_id="H9")
    HouseholdMember.objects.create(household=h9, person=p7, role="adult", moved_in=date(2024, 1, 1))
    HouseholdMember.objects.create(household=h9, person=p8, role="child", moved_in=date(2024, 1, 1))
    h1 = Household.objects.get(external_id="H1")
    HouseholdMember.objects.create(
        household=h1, person=p6, role="child", moved_in=date(2015, 1, 1), moved_out=date(2026, 6, 30)
    )
    p5 = Person.objects.get(external_id="P5")
    Responsibility.objects.filter(person=p5).delete()
    ResponsibilityPeriod.objects.filter(person=p5).delete()
    ResponsibilityPeriod.objects.create(
        person=p5, team=t9, valid_from=date(2023, 1, 1), valid_to=date(2023, 12, 31)
    )
    ResponsibilityPeriod.objects.create(
        person=p5, team=t1, staff=s1, valid_from=date(2025, 1, 1), valid_to=date(2025, 12, 31)
    )


def _outcome_on_the_web(client, ref: str) -> str:
    page = client.get(f"/clients/{ref}/", AS_OF)
    if page.status_code == 404:
        return "no"
    assert page.status_code == 200, (ref, page.status_code)
    html = page.content.decode()
    name = Person.objects.get(external_id=ref).family_name
    if "Zweck des Zugriffs" not in html:
        assert name in html
        return "opens"
    state_purpose(client, ref, "Auskunftsersuchen beantworten")
    assert name in client.get(f"/clients/{ref}/", AS_OF).content.decode()
    return "with purpose"


@pytest.mark.django_db
@pytest.mark.parametrize("role_name", list(ROLES))
def test_the_reach_table_in_docs_trust_md_is_what_the_application_does(
    role_name, reach_world, make_user, api_as
):
    from django.test import Client

    from tests.conftest import link_staff

    expected = reach_table()[role_name]
    role = ROLES[role_name]
    found = {}
    for category, cell in expected.items():
        if cell == "–":
            continue
        probe = PROBES.get(role_name, {}).get(category)
        staff, ref = probe if probe else (None, WITHOUT_STAFF[category])
        if role == Role.INTEGRATION:
            response = api_as(Role.INTEGRATION, username=f"int-{category}").get(f"/clients/{ref}")
            found[category] = {200: "opens", 404: "no"}.get(response.status_code, str(response.status_code))
            continue
        user = make_user(role, f"{role_name}-{category}")
        if staff:
            link_staff(user, staff)
        c = Client()
        c.force_login(user)
        found[category] = _outcome_on_the_web(c, ref)
    assert found == {k: v for k, v in expected.items() if v != "–"}
