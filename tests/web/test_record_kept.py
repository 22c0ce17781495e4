"""The client record keeps its parts besides the contacts (facts, responsibility, steering,
network, histories) until a write about the client or their household that is not only a
contact: the record after saving a contact reuses them, every other write is on the next
page, and nothing of one user's page (their forms, their CSRF token) reaches another's."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from lotse.clients.models import Person
from lotse.clients.services import person_update
from lotse.core.models import KeptPart
from lotse.core.roles import Role
from lotse.measures.models import Need
from tests.conftest import link_staff

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def kept() -> list[tuple[int, str]]:
    """The kept page parts in the database (not the due dates kept beside them): (person, key)."""
    return list(KeptPart.objects.filter(kind="part").values_list("person_pk", "key"))


def record(client: Client) -> str:
    response = client.get("/clients/P1/", {"as_of": "2026-11-21"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_contact_reuses_the_parts_and_any_other_write_renews_them(caseworker_client, keep_results):
    record(caseworker_client)
    (parts,) = kept()  # in the database: every web worker finds them
    response = caseworker_client.post(
        "/contacts/record/P1/?as_of=2026-11-21",
        {"kind": "contact", "date": "2026-11-20", "channel": "phone", "held": "on", "note": "Rückruf"},
    )
    assert response.status_code == 302
    html = record(caseworker_client)
    assert "20.11.2026" in html  # the contact (live)
    assert kept() == [parts]  # the rest reused, not rendered again

    # a need recorded on the record: on the next page
    need_row = re.compile(r'<th scope="row">Schulden</th>')
    assert not need_row.search(html)
    caseworker_client.post("/clients/P1/record/need/?as_of=2026-11-21", {"need-kind": "debt"})
    html = record(caseworker_client)
    assert need_row.search(html)
    assert len(kept()) == 1 and kept() != [parts]  # the older generation is gone

    # a household member's master data (P2, Anna's daughter, nobody's client): in P1's record
    p2 = Person.objects.get(external_id="P2")
    person_update(
        person=p2, version=p2.version, changes={"given_name": "Lene"}, seen={"given_name": "Lena"}, user=None
    )
    assert "Müller, Lene" in record(caseworker_client)


@pytest.mark.django_db
def test_each_user_and_each_session_gets_its_own_parts(caseworker_client, make_user, keep_results):
    """A team lead's record offers the manual assignment, the caseworker's does not; two
    sessions of one user each carry their own CSRF token in the kept forms."""
    lead = make_user(Role.TEAM_LEAD, "lead")
    link_staff(lead, "S4")
    lead_client = Client()
    lead_client.force_login(lead)
    assert "Manuell zuordnen" not in record(caseworker_client)
    assert "Manuell zuordnen" in record(lead_client)
    assert "Manuell zuordnen" not in record(caseworker_client)

    user = caseworker_client.get("/clients/P1/").wsgi_request.user
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(user)
    second.force_login(user)
    record(first)
    html = record(second)
    steering = html[html.index('id="steering"') :]
    token = TOKEN.search(steering).group(1)  # a form of the kept steering part
    response = second.post(
        "/clients/P1/record/need/?as_of=2026-11-21",
        {"csrfmiddlewaretoken": token, "need-kind": "health"},
    )
    assert response.status_code == 302  # accepted: the token is this session's
    assert Need.objects.filter(person__external_id="P1", kind="health").exists()


@pytest.mark.django_db
def test_the_retention_run_deletes_every_kept_part(caseworker_client, keep_results):
    from lotse.trust.retention import retention_run

    record(caseworker_client)
    assert kept()
    retention_run(as_of=date(2026, 11, 21))
    assert not kept()


@pytest.mark.django_db
def test_the_worklist_rows_show_every_write(caseworker_client, keep_results):
    """The worklist's rows are kept per client like their due dates: a contact or a change of
    the name is in the next worklist, the other clients' rows are reused."""
    from lotse.contacts.worklist_rows import ROWS

    def worklist() -> str:
        response = caseworker_client.get("/contacts/worklist/", {"section": "all", "as_of": "2026-11-21"})
        assert response.status_code == 200
        return response.content.decode()

    first = worklist()
    assert "Müller, Anna" in first and "20.11.2026" not in first
    kept_rows = len(ROWS.lru.items)
    assert kept_rows >= 2
    caseworker_client.post(
        "/contacts/record/P1/?as_of=2026-11-21",
        {"kind": "contact", "date": "2026-11-20", "channel": "phone", "held": "on"},
    )
    p1 = Person.objects.get(external_id="P1")
    person_update(person=p1, version=p1.version, changes={"given_name": "Annika"}, seen={}, user=None)
    html = worklist()
    row = html[html.index("Müller, Annika") :].split("</tr>")[0]
    assert "20.11.2026" in row  # the contact as the last counting one
    assert "Müller, Anna<" not in html
    assert len(ROWS.lru.items) == kept_rows + 2  # P1's and P3's rows again (one household)
