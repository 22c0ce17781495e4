"""The REST API: need-to-know, audit, errors as problem documents, paging, locking."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lotse.api.models import ApiToken, TokenScope
from lotse.clients.models import Household, HouseholdMember, Person
from lotse.contacts.models import Contact
from lotse.core.models import AuditChannel, AuditEvent
from lotse.core.roles import Role
from tests.api.conftest import DAY

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def test_the_committed_openapi_schema_is_the_generated_one():
    out = StringIO()
    call_command("api", "schema", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_a_caseworker_reads_own_clients_and_gets_404_outside(api_as):
    caseworker = api_as(Role.CASEWORKER, "S1")
    listed = caseworker.get("/clients", {"limit": 50}).json()
    assert {c["client_id"] for c in listed["items"]} == {"P1", "P2", "P3"}
    assert caseworker.get("/clients/P1", {"as_of": DAY}).status_code == 200
    for outside in ("P4", "P5", "NOPE"):
        response = caseworker.get(f"/clients/{outside}")
        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        # The same answer for a client out of reach and for a number that does not exist.
        assert response.json()["detail"] == "No such resource within your reach."


def test_an_outsider_caseworker_of_another_team_sees_none_of_t1(api_as):
    outsider = api_as(Role.CASEWORKER, "S3", username="outsider")
    ids = {c["client_id"] for c in outsider.get("/clients").json()["items"]}
    assert not ids & {"P1", "P2", "P3"}
    assert outsider.get("/clients/P1").status_code == 404
    assert outsider.get("/clients/P1/contacts").status_code == 404
    assert outsider.get("/households/H1").status_code == 404


def test_every_api_read_is_audited_and_listed_in_the_art_15_report(api_as, client, make_user):
    caseworker = api_as(Role.CASEWORKER, "S1")
    before = AuditEvent.objects.count()
    assert caseworker.get("/clients/P1").status_code == 200
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.person_ref, event.action, event.channel, event.what) == ("P1", "read", "api", "api:client")
    assert event.user == caseworker.user
    # A list is a read of every row shown.
    caseworker.get("/clients", {"limit": 2})
    assert AuditEvent.objects.filter(what="api:client_list", channel=AuditChannel.API).count() == 2
    # The data protection officer's Art. 15 report for P1 lists the API read.
    client.force_login(make_user(Role.DATA_PROTECTION, "dpo"))
    page = client.get("/trust/access-report/", {"person": "P1"}).content.decode()
    assert "api:client" in page
    assert caseworker.user.username in page


def test_team_clients_outside_the_own_caseload_need_a_purpose(api_as):
    colleague = api_as(Role.CASEWORKER, "S2")  # T1, but P1 is in S1's caseload
    refused = colleague.get("/clients/P1")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("#purpose-required")
    reason = "Vertretung im Urlaub von Herrn Groß"
    ok = colleague.get("/clients/P1", headers={"HTTP_LOTSE_PURPOSE": reason})
    assert ok.status_code == 200
    assert AuditEvent.objects.filter(person_ref="P1", purpose=reason, channel="api").exists()


def test_tokens_missing_expired_revoked_or_without_scope(api_as):
    caseworker = api_as(Role.CASEWORKER, "S1", scopes=[TokenScope.RULES_READ])
    missing_scope = caseworker.get("/clients/P1")
    assert missing_scope.status_code == 403
    assert missing_scope.json()["required_scope"] == "clients:read"
    assert caseworker.client.get("/api/v1/clients").status_code == 401  # no token at all
    token = ApiToken.objects.get(user=caseworker.user)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    revoked = caseworker.get("/rule-sets/routing")
    assert revoked.status_code == 401
    assert revoked["Content-Type"] == PROBLEM
    assert revoked["WWW-Authenticate"].startswith("Bearer")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=None, expires_on=DAY.replace(year=2020))
    assert caseworker.get("/rule-sets/routing").status_code == 401
    # Only the digest is stored: the secret is nowhere in the database.
    assert caseworker.secret not in str(list(ApiToken.objects.values()))


def test_a_role_cannot_give_its_token_more_than_the_role_allows(api_as):
    from lotse.core.errors import Refused

    with pytest.raises(Refused, match="clients:read"):
        api_as(Role.CONTROLLING, scopes=[TokenScope.CLIENTS_READ])


def test_paging_with_cursors_visits_every_client_once(api_as):
    integration = api_as(Role.INTEGRATION)
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = integration.get("/clients", params).json()
        seen += [c["client_id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == sorted(Person.objects.values_list("external_id", flat=True))
    bad = integration.get("/clients", {"cursor": "bm9wZQ"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["parameter"] == "cursor"


def test_filters_by_team_and_date(api_as):
    integration = api_as(Role.INTEGRATION)
    t1 = {c["client_id"] for c in integration.get("/clients", {"team": "T1"}).json()["items"]}
    assert t1 == {"P1", "P3"}
    active = {c["client_id"] for c in integration.get("/clients", {"active_on": DAY}).json()["items"]}
    assert "P5" not in active  # benefits ended 2025-12-31
    assert "P5" in {
        c["client_id"] for c in integration.get("/clients", {"active_on": "2025-06-01"}).json()["items"]
    }


def test_validation_errors_name_each_field(api_as):
    integration = api_as(Role.INTEGRATION)
    response = integration.post(
        "/clients",
        {"client_id": "P99", "family_name": "", "given_name": "Ana", "birth_date": "1990-02-30", "sex": "q"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert {"/family_name", "/birth_date", "/sex"} <= pointers


def test_create_client_runs_the_import_checks_and_writes_nothing_on_error(api_as):
    integration = api_as(Role.INTEGRATION)
    body = {
        "client_id": "P99",
        "family_name": "Öztürk",
        "given_name": "Ayşe",
        "birth_date": "1990-02-12",
        "sex": "f",
        "district_id": "NO-SUCH-DISTRICT",
        "benefit_periods": [{"valid_from": "2026-01-01", "valid_to": "2025-01-01"}],
    }
    rejected = integration.post("/clients", body)
    assert rejected.status_code == 422
    errors = {e["pointer"]: e["detail"] for e in rejected.json()["errors"]}
    assert "/district_id" in errors
    assert "/benefit_periods/0/valid_to" in errors
    assert not Person.objects.filter(external_id="P99").exists()

    body["district_id"] = "D1"
    body["benefit_periods"] = [{"valid_from": "2026-01-01"}]
    created = integration.post("/clients", body)
    assert created.status_code == 201, created.json()
    assert created.json()["facts"]["active"] is True
    assert integration.post("/clients", body).status_code == 409  # the id exists now
    assert AuditEvent.objects.filter(person_ref="P99", action="write", channel="api").exists()


def test_a_stale_patch_is_refused_and_nothing_is_lost(api_as):
    first = api_as(Role.CASEWORKER, "S1", username="first")
    second = api_as(Role.INTEGRATION)
    version = first.get("/clients/P1").json()["version"]
    ok = second.patch("/clients/P1", {"version": version, "family_name": "Neumann"})
    assert ok.status_code == 200
    assert ok.json()["version"] == version + 1
    stale = first.patch("/clients/P1", {"version": version, "given_name": "Eva"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == version + 1
    person = Person.objects.get(external_id="P1")
    assert person.family_name == "Neumann"  # the first save is kept
    assert person.given_name != "Eva"  # the stale one did not overwrite it


def test_record_a_contact_and_follow_it_in_the_event_feed(api_as):
    caseworker = api_as(Role.CASEWORKER, "S1")
    created = caseworker.post(
        "/clients/P1/contacts", {"date": str(DAY), "channel": "phone", "topic": "Termin"}
    )
    assert created.status_code == 201, created.json()
    assert created.json()["staff_id"] == "S1"
    assert Contact.objects.filter(person__external_id="P1", date=DAY, channel="phone").exists()
    future = caseworker.post("/clients/P1/contacts", {"date": "2099-01-01", "channel": "phone"})
    assert future.status_code == 422
    assert future.json()["errors"][0]["pointer"] == "/date"
    status = caseworker.get("/clients/P1/contact-status", {"as_of": DAY}).json()
    assert status["last_counting_contact"] == str(DAY)
    assert status["overdue"] is False

    feed = caseworker.get("/events", {"kind": "contact.created"}).json()
    assert [e["person_id"] for e in feed["items"]][-1] == "P1"
    assert feed["items"][-1]["data"]["channel"] == "phone"
    later = caseworker.get("/events", {"after": feed["next_cursor"]}).json()
    assert later["items"] == []
    # The outsider does not see the event about a client outside their reach.
    outsider = api_as(Role.CASEWORKER, "S3", username="outsider")
    assert "P1" not in {e["person_id"] for e in outsider.get("/events").json()["items"]}


def test_responsibility_and_why(api_as):
    caseworker = api_as(Role.CASEWORKER, "S1")
    why = caseworker.get("/clients/P1/responsibility", {"as_of": DAY}).json()
    assert why["responsible"]["staff_id"] == "S1"
    assert why["matched_rule"]
    assert why["rule_set"]


def test_worklist_of_the_own_caseload_and_of_the_team_lead(api_as):
    caseworker = api_as(Role.CASEWORKER, "S1")
    items = caseworker.get("/worklist", {"as_of": DAY, "section": "all"}).json()
    assert items["staff_id"] == "S1"
    assert {i["client_id"] for i in items["items"]} <= {"P1", "P3"}
    assert caseworker.get("/worklist", {"staff": "S3"}).status_code == 404  # not their worklist
    lead = api_as(Role.TEAM_LEAD, "S4", username="lead")
    assert lead.get("/worklist", {"staff": "S1", "as_of": DAY}).status_code == 200


def test_evaluation_as_json_for_controlling_not_for_caseworkers(api_as):
    controlling = api_as(Role.CONTROLLING)
    figures = controlling.get("/evaluations/contact-density", {"as_of": DAY, "by": "team"}).json()
    assert figures["as_of"] == str(DAY)
    assert "share_1m" in figures["jobcenter"]
    caseworker = api_as(Role.CASEWORKER, "S1", scopes=[TokenScope.CLIENTS_READ])
    assert caseworker.get("/evaluations/contact-density").status_code == 403


def test_rule_sets_read_and_import_by_administrators_only(api_as):
    admin = api_as(Role.ADMINISTRATOR)
    names = [r["name"] for r in admin.get("/rule-sets/contact-density").json()]
    document = admin.get(f"/rule-sets/contact-density/{names[0]}").json()
    document["name"] = "Kopie"
    assert admin.post("/rule-sets/contact-density", {"document": document}).status_code == 201
    assert admin.post("/rule-sets/contact-density", {"document": document}).status_code == 409
    broken = admin.post("/rule-sets/contact-density", {"document": {"name": "x"}, "replace": True})
    assert broken.status_code == 422
    lead = api_as(Role.TEAM_LEAD, "S4", username="lead")
    assert lead.post("/rule-sets/routing", {"document": document}).status_code == 403


def test_households_create_and_move_out_with_locking(api_as):
    integration = api_as(Role.INTEGRATION)
    body = {
        "client_id": "P77",
        "family_name": "Kaya",
        "given_name": "Elif",
        "birth_date": "1985-05-05",
        "sex": "f",
        "benefit_periods": [{"valid_from": "2026-01-01"}],
    }
    assert integration.post("/clients", body).status_code == 201
    created = integration.post(
        "/households",
        {"household_id": "H77", "members": [{"client_id": "P77", "role": "adult", "moved_in": "2026-01-01"}]},
    )
    assert created.status_code == 201, created.json()
    version = created.json()["version"]
    # P1 lives in H1 already: the import's household check refuses a second household.
    clash = integration.post(
        "/households/H77/members",
        {"version": version, "client_id": "P1", "role": "partner", "moved_in": "2026-02-01"},
    )
    assert clash.status_code == 422
    assert "at the same time" in clash.json()["errors"][0]["detail"]
    assert Household.objects.get(external_id="H77").version == version  # rolled back
    moved = integration.patch("/households/H77/members/P77", {"version": version, "moved_out": "2026-10-01"})
    assert moved.status_code == 200
    assert HouseholdMember.objects.get(person__external_id="P77").moved_out.isoformat() == "2026-10-01"
    stale = integration.patch("/households/H77/members/P77", {"version": version, "moved_out": "2026-10-02"})
    assert stale.status_code in (404, 409)  # the open membership is closed; a stale version is 409
    assert integration.get("/households/H77").json()["version"] == version + 1


def test_an_integration_account_reaches_clients_only_through_the_api(api_as, client):
    integration = api_as(Role.INTEGRATION)
    assert integration.get("/clients/P4").status_code == 200
    client.force_login(integration.user)
    assert client.get("/clients/P4/").status_code == 404
    assert not integration.user.has_usable_password()
