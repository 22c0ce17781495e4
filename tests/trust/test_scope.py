"""Need-to-know: own caseload, team with a stated purpose, nothing beyond (404)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.clients import scope
from lotse.clients.models import Person
from lotse.clients.scope import Reach
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from tests.conftest import link_staff


def page(c, ref: str):
    return c.get(reverse("clients:detail", kwargs={"external_id": ref}), {"as_of": "2026-11-21"})


@pytest.mark.django_db
def test_own_caseload_and_household_open_without_a_purpose(login):
    c = login(Role.CASEWORKER, "S1")
    assert "Müller, Anna" in page(c, "P1").content.decode()
    assert "Müller, Lena" in page(c, "P2").content.decode()  # Anna's daughter comes with her


@pytest.mark.django_db
def test_team_client_outside_own_caseload_asks_for_a_purpose_and_logs_it(login):
    c = login(Role.CASEWORKER, "S2")  # T1, but P1 is in S1's caseload
    first = page(c, "P1").content.decode()
    assert "Zweck des Zugriffs" in first and "Müller, Anna" not in first
    assert not AuditEvent.objects.filter(person_ref="P1", action="read").exists()
    url = reverse("clients:purpose", kwargs={"external_id": "P1"})
    assert c.post(url, {"purpose": "kurz"}).status_code == 400  # a reason, not a word
    c.post(url, {"purpose": "Vertretung für Herrn Groß im Urlaub"})
    html = page(c, "P1").content.decode()
    assert "Müller, Anna" in html and "Vertretung für Herrn Groß im Urlaub" in html
    event = AuditEvent.objects.get(person_ref="P1", what="client_page")
    assert event.purpose == "Vertretung für Herrn Groß im Urlaub" and event.actor == c.user.username


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "staff"),
    [
        (Role.CASEWORKER, "S3"),  # another team
        (Role.CASEWORKER, None),  # no staff record: no caseload
        (Role.CONTROLLING, None),
        (Role.MANAGEMENT, None),
        (Role.ADMINISTRATOR, None),
        (Role.DATA_PROTECTION, None),
    ],
)
def test_outside_the_scope_is_404_everywhere(login, role, staff):
    c = login(role, staff)
    for ref in ("P1", "P2", "does-not-exist"):
        assert page(c, ref).status_code == 404
        assert (
            c.post(reverse("clients:purpose", kwargs={"external_id": ref}), {"purpose": "x" * 20}).status_code
            == 404
        )
        assert c.get(reverse("clients:edit", kwargs={"external_id": ref})).status_code == 404
        assert c.post(reverse("contacts:record", kwargs={"external_id": ref}), {}).status_code == 404
    listing = c.get(reverse("clients:list"), {"q": "Müller"})
    assert listing.status_code == 404 or "Anna" not in listing.content.decode()
    assert not AuditEvent.objects.filter(person_ref="P1", action="read").exists()


@pytest.mark.django_db
def test_team_lead_sees_the_team_and_the_unassigned_clients(login):
    c = login(Role.TEAM_LEAD, "S4")
    assert page(c, "P1").status_code == 200  # team T1, no purpose asked
    assert page(c, "P4").status_code == 200  # nobody responsible on the day


@pytest.mark.django_db
@pytest.mark.parametrize("day", [date(2026, 3, 1), date(2026, 11, 21)])
def test_one_person_reach_decides_as_the_reach_queries_do(make_user, routed, monkeypatch, day):
    """:func:`reach_of` (one statement, built once per scope and day) gives every user, for
    every person, what the scoped querysets of the lists and exports give."""
    monkeypatch.setattr(scope, "today", lambda: day)
    users = [(Role.CASEWORKER, s) for s in ("S1", "S2", "S3")] + [
        (Role.TEAM_LEAD, "S4"),
        (Role.CASEWORKER, None),
        (Role.CONTROLLING, None),
    ]
    persons = [*Person.objects.values_list("pk", flat=True), None]
    seen = set()
    for role, staff in users:
        user = make_user(role, f"{role}-{staff}-{day:%m}")
        if staff:
            link_staff(user, staff)
        visible = set(scope.persons_visible_to(user).values_list("pk", flat=True))
        owned = set(scope.persons_owned_by(user).values_list("pk", flat=True))
        for pk in persons:
            expected = Reach.OWN if pk in owned else Reach.TEAM if pk in visible else Reach.NONE
            assert scope.reach_of(user, pk) == expected, (role, staff, pk)
            seen.add(expected)
    assert seen == {Reach.OWN, Reach.TEAM, Reach.NONE}
    api = make_user(Role.INTEGRATION, "integration-reach")
    scope.as_api_user(api)
    assert all(scope.reach_of(api, pk) == Reach.OWN for pk in persons[:-1])
    assert scope.reach_of(api, None) == Reach.NONE


@pytest.mark.django_db
def test_a_prepared_read_answers_for_the_key_it_is_run_with(make_user):
    """The per-request reads built once (roles, staff record, reach) put the key into every
    place the placeholder stood, and refuse to be built without one."""
    from django.contrib.auth.models import Group

    from lotse.core.db import prepared
    from lotse.core.roles import _roles_statement

    statement = _roles_statement()
    caseworker, controller = make_user(Role.CASEWORKER, "prep-cw"), make_user(Role.CONTROLLING, "prep-co")
    assert statement.rows(caseworker.pk) == [(Role.CASEWORKER.value,)]
    assert statement.rows(controller.pk) == [(Role.CONTROLLING.value,)]
    with pytest.raises(RuntimeError):
        prepared(Group.objects.filter(name="caseworker"))
