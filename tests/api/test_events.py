"""Events and webhooks: written with the change, fanned out by need-to-know, delivered with
retries to a real HTTP server, and audited as exports."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from lotse.api.tokens import service_account_create
from lotse.clients.models import Person
from lotse.contacts.overdue import emit_overdue
from lotse.contacts.services import contact_record
from lotse.core.db import COPY_FROM
from lotse.core.models import AuditEvent
from lotse.core.roles import Role
from lotse.events.delivery import deliver_due
from lotse.events.emit import Occurrence, _encoded, emit
from lotse.events.models import Delivery, DeliveryStatus, Event, EventKind, Webhook
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.api.conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_receivers_allowed(settings):
    """The receivers of these tests run on this machine: the operator lists the host."""
    settings.WEBHOOK_HTTP_HOSTS = ["127.0.0.1"]
    settings.WEBHOOK_INTERNAL_HOSTS = ["127.0.0.1"]


class Receiver(BaseHTTPRequestHandler):
    """A downstream system: answers with the next status in ``statuses`` and keeps the bodies."""

    statuses: list[int] = []
    received: list[tuple[dict, dict]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).statuses.pop(0) if type(self).statuses else 204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    Receiver.statuses, Receiver.received = [], []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", Receiver
    server.shutdown()


def test_routing_writes_responsibility_changed_events(small_data):
    route_clients(as_of=DAY, rules=rules_of(rule_set_on(DAY)))
    events = Event.objects.filter(kind=EventKind.RESPONSIBILITY_CHANGED)
    p1 = events.get(person_ref="P1")
    assert p1.payload["to"]["staff_id"] == "S1"
    assert p1.payload["kind"] == "assignment" and p1.payload["from"]["team_id"] is None
    # A second run changes nothing, so it emits nothing.
    count = events.count()
    route_clients(as_of=DAY, rules=rules_of(rule_set_on(DAY)))
    assert events.count() == count


def test_shared_payloads_are_written_as_each_event_alone_would_be(db):
    """A payload object several events share is encoded once; the text must still be what
    ``json.dumps({"person_id": …, **payload})`` gives, and a payload's own number wins."""
    shared = {"kind": "assignment", "to": {"team_id": "T1", "staff_id": None}, "rule": 'Ü25 "x"'}
    occurrences = [
        Occurrence(1, "P1", shared),
        Occurrence(2, 'P"2', shared),
        Occurrence(3, "P3"),
        Occurrence(4, "P4", {"person_id": "own", "n": 1.5}),
        *(Occurrence(pk, f"P{pk}", shared) for pk in range(5, 5 + COPY_FROM)),  # PostgreSQL: by COPY
    ]
    assert emit("test.kind", occurrences) == len(occurrences)
    written = Event.objects.filter(kind="test.kind").order_by("person_pk")
    expected = [{"person_id": o.person_ref, **o.payload} for o in occurrences]
    assert [e.payload for e in written] == expected
    raw = [text for _o, text in _encoded(occurrences)]
    assert raw == [json.dumps(payload) for payload in expected]


def test_overdue_events_once_per_due_date(small_data):
    route_clients(as_of=DAY, rules=rules_of(rule_set_on(DAY)))
    first = emit_overdue(DAY)
    assert first == Event.objects.filter(kind=EventKind.CLIENT_OVERDUE).count() > 0
    assert emit_overdue(DAY) == 0  # the nightly job rerun adds nothing
    assert emit_overdue(DAY + timedelta(days=1)) == 0  # still overdue for the same due date


def test_webhook_delivery_retries_signs_and_audits(small_data, receiver):
    url, server = receiver
    account = service_account_create(username="dwh").user
    hook = Webhook.objects.create(
        name="dwh", url=url, kinds=["contact.created"], secret="s3cret", owner=account
    )
    p1 = Person.objects.get(external_id="P1")
    contact_record(person=p1, staff=None, day=DAY, channel="phone", held=True)
    delivery = Delivery.objects.get(webhook=hook)

    server.statuses = [503]
    run = deliver_due(now=timezone.now())
    assert (run.delivered, run.retrying) == (0, 1)
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code == 503
    assert delivery.next_attempt_at > timezone.now()  # backs off
    assert deliver_due(now=timezone.now()).delivered == 0  # not due yet

    run = deliver_due(now=timezone.now() + timedelta(minutes=2))
    assert run.delivered == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    headers, body = server.received[-1]
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["Lotse-Signature"] == expected
    document = json.loads(body)
    assert document["kind"] == "contact.created" and document["person_id"] == "P1"
    assert AuditEvent.objects.filter(person_ref="P1", action="export", channel="api", user=account).exists()


def test_a_webhook_gets_only_clients_its_account_may_see(small_data):
    route_clients(as_of=DAY, rules=rules_of(rule_set_on(DAY)))
    from django.contrib.auth.models import Group, User

    from tests.conftest import link_staff

    outsider = User.objects.create_user("outsider-hook")
    outsider.groups.add(Group.objects.get(name="caseworker"))
    link_staff(outsider, "S3")  # team T2
    hook = Webhook.objects.create(name="t2", url="http://127.0.0.1:9/", secret="x", owner=outsider)
    p1 = Person.objects.get(external_id="P1")
    contact_record(person=p1, staff=None, day=DAY, channel="phone", held=True)
    assert not Delivery.objects.filter(webhook=hook).exists()


def test_unreachable_webhooks_give_up_after_the_last_attempt(small_data):
    from lotse.events.delivery import MAX_ATTEMPTS

    account = service_account_create(username="gone").user
    hook = Webhook.objects.create(name="gone", url="http://127.0.0.1:9/", secret="x", owner=account)
    p1 = Person.objects.get(external_id="P1")
    contact_record(person=p1, staff=None, day=DAY, channel="phone", held=True)
    now = timezone.now()
    for attempt in range(MAX_ATTEMPTS):
        deliver_due(now=now + timedelta(hours=7 * attempt), timeout=1)
    delivery = Delivery.objects.get(webhook=hook)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_ATTEMPTS and delivery.last_error


def test_a_redirect_is_not_followed(small_data, receiver):
    url, server = receiver
    account = service_account_create(username="redirected").user
    hook = Webhook.objects.create(name="r", url=url, secret="x", owner=account)
    server.statuses = [302]
    contact_record(
        person=Person.objects.get(external_id="P1"), staff=None, day=DAY, channel="phone", held=True
    )
    run = deliver_due(now=timezone.now())
    assert run.retrying == 1 and len(server.received) == 1
    assert Delivery.objects.get(webhook=hook).last_status_code == 302


def test_a_destination_is_checked_again_before_each_delivery(small_data, receiver, settings):
    url, server = receiver
    account = service_account_create(username="rebound").user
    hook = Webhook.objects.create(name="rb", url=url, secret="x", owner=account)
    contact_record(
        person=Person.objects.get(external_id="P1"), staff=None, day=DAY, channel="phone", held=True
    )
    settings.WEBHOOK_INTERNAL_HOSTS = []  # the operator no longer lists the host
    assert deliver_due(now=timezone.now()).retrying == 1
    delivery = Delivery.objects.get(webhook=hook)
    assert delivery.last_error.startswith("destination refused:") and not server.received


def test_the_integration_account_makes_its_webhook_through_the_api(api_as):
    integration = api_as(Role.INTEGRATION)
    made = integration.post("/webhooks", {"name": "dwh", "url": "http://127.0.0.1:8443/hook", "kinds": []})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert len(body["secret"]) > 30 and body["url"] == "http://127.0.0.1:8443/hook"
    hook = Webhook.objects.get(name="dwh")
    assert hook.owner == integration.user and hook.secret == body["secret"]
    assert [h["name"] for h in integration.get("/webhooks").json()] == ["dwh"]
    assert AuditEvent.objects.filter(
        what="webhook:dwh", action="access", detail__startswith="created"
    ).exists()
    assert integration.client.delete("/api/v1/webhooks/dwh", **integration._headers(None)).status_code == 204
    assert not Webhook.objects.exists()
    caseworker = api_as(Role.CASEWORKER, "S1")
    assert caseworker.post("/webhooks", {"name": "mine", "url": "https://127.0.0.1/"}).status_code == 403
