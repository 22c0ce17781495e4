"""Sending webhook deliveries with retries (``lotse events deliver``, run every minute).

Each delivery is a POST of the event as JSON, signed with HMAC-SHA256 over the body
(header ``Lotse-Signature: sha256=<hex>``) so the receiver can check it came from
Lotse. A 2xx answer marks it delivered; anything else (status, timeout, refused
connection) is logged on the row and retried after 1, 2, 4 … minutes, at most
:data:`MAX_ATTEMPTS` times. Each delivered client number is an audited export.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lotse.core.audit import record
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, AuditChannel
from lotse.events.destinations import refuse_destination
from lotse.events.models import Delivery, DeliveryStatus, Event

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=6)


def event_document(event: Event) -> dict:
    """The event as the feed and the webhooks show it."""
    return {
        "id": event.pk,
        "kind": event.kind,
        "occurred_at": event.occurred_at.isoformat(),
        "person_id": event.person_ref or None,
        "data": event.payload,
    }


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


@dataclass
class DeliveryRun:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as what it is (a 3xx, retried): following it would send the
    client data to a destination nobody checked."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects)


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str]:
    try:
        refuse_destination(url)  # again: the name may resolve elsewhere than at creation
    except Refused as exc:
        return None, f"destination refused: {exc}"[:500]
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with opener().open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc))[:500]


def deliver_due(*, now: datetime | None = None, limit: int = 500, timeout: float = 10.0) -> DeliveryRun:
    """Send every pending delivery whose next attempt is due, oldest event first."""
    now = now or timezone.now()
    run = DeliveryRun()
    due = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .select_related("webhook", "event")
        .order_by("event_id", "pk")[:limit]
    )
    for delivery in due:
        event, hook = delivery.event, delivery.webhook
        body = json.dumps(event_document(event), ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Lotse-Webhooks/1",
            "Lotse-Event": event.kind,
            "Lotse-Delivery": str(delivery.pk),
            "Lotse-Signature": signature(hook.secret, body),
        }
        code, error = _post(hook.url, body, headers, timeout)
        with transaction.atomic():
            delivery.attempts += 1
            delivery.last_status_code = code
            delivery.last_error = error
            if code is not None and 200 <= code < 300:
                delivery.status = DeliveryStatus.DELIVERED
                delivery.delivered_at = timezone.now()
                delivery.next_attempt_at = None
                run.delivered += 1
                if event.person_pk:
                    record(
                        action=AuditAction.EXPORT,
                        what=f"webhook:{hook.name}:{event.kind}",
                        persons=[(event.person_pk, event.person_ref)],
                        channel=AuditChannel.API,
                        user=hook.owner,
                    )
            elif delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
                run.failed += 1
            else:
                delivery.next_attempt_at = now + backoff(delivery.attempts)
                run.retrying += 1
            delivery.save()
    return run


@transaction.atomic
def deliveries_retry(*, deliveries, user) -> int:
    """Send failed deliveries again from the next run, with a fresh count of attempts."""
    count = deliveries.filter(status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    record(action=AuditAction.WRITE, what=f"webhook deliveries retried: {count}", user=user)
    return count
