"""Writing events: called by the services whose changes downstream systems follow.

:func:`emit` runs inside the caller's transaction and writes, in bulk, the events and
their deliveries to every active webhook that wants the kind and whose account may
see the client (need-to-know applies to pushed data as it does to the API).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from lotse.core.db import JSONText, insert_rows
from lotse.events.models import Delivery, Event, Webhook


@dataclass(frozen=True)
class Occurrence:
    """One thing that happened to one client."""

    person_pk: int
    person_ref: str
    payload: dict = field(default_factory=dict)
    dedupe_key: str | None = None


def emit(kind: str, occurrences: Iterable[Occurrence]) -> int:
    """Write one event per occurrence (skipping dedupe keys already written) and fan it out;
    returns the number of events written."""
    items = list(occurrences)
    keys = [o.dedupe_key for o in items if o.dedupe_key]
    if keys:
        seen = set(Event.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        items = [o for o in items if o.dedupe_key is None or o.dedupe_key not in seen]
    if not items:
        return 0
    hooks = [h for h in Webhook.objects.filter(active=True).select_related("owner") if h.wants(kind)]
    if not hooks:  # nobody to deliver to: the feed only needs the rows (no ids back)
        now = timezone.now()
        insert_rows(
            Event,
            ("kind", "occurred_at", "person_pk", "person_ref", "payload", "dedupe_key"),
            ((kind, now, o.person_pk, o.person_ref, text, o.dedupe_key) for o, text in _encoded(items)),
        )
        return len(items)
    events = Event.objects.bulk_create(
        [
            Event(
                kind=kind,
                person_pk=o.person_pk,
                person_ref=o.person_ref,
                payload={"person_id": o.person_ref, **o.payload},
                dedupe_key=o.dedupe_key,
            )
            for o in items
        ],
        batch_size=2000,
    )
    _fan_out(hooks, events)
    return len(events)


def _fan_out(hooks: list[Webhook], events: list[Event]) -> None:
    from lotse.clients.scope import as_api_user, persons_visible_to

    now = timezone.now()
    person_pks = {e.person_pk for e in events}
    rows = []
    for hook in hooks:
        visible = set(
            persons_visible_to(as_api_user(hook.owner)).filter(pk__in=person_pks).values_list("pk", flat=True)
        )
        rows += [
            Delivery(webhook=hook, event=e, next_attempt_at=now) for e in events if e.person_pk in visible
        ]
    Delivery.objects.bulk_create(rows, batch_size=2000)


def _encoded(items: list[Occurrence]) -> Iterator[tuple[Occurrence, JSONText]]:
    """Each occurrence with its event's payload as JSON: ``{"person_id": …, **payload}``, as
    ``json.dumps`` writes it. A payload object that several occurrences share (a routing
    run moves thousands of clients alike) is encoded once, and only the client number per
    event (JSON encoding was a tenth of a first routing run)."""
    encoder = Event._meta.get_field("payload").encoder
    shared: dict[int, str] = {}  # id() of a payload -> its JSON after the opening brace
    for o in items:
        rest = shared.get(id(o.payload))
        if rest is None:
            if "person_id" in o.payload:  # the payload's own number wins, as in {**payload}
                yield o, JSONText(json.dumps({"person_id": o.person_ref, **o.payload}, cls=encoder))
                continue
            body = json.dumps(o.payload, cls=encoder)[1:]  # after the opening brace
            rest = shared[id(o.payload)] = ", " + body if o.payload else body
        yield o, JSONText('{"person_id": ' + json.dumps(o.person_ref) + rest)
