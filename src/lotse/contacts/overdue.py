"""The nightly ``client.overdue`` events: the one event no single user action causes."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from lotse.clients.models import Person
from lotse.contacts.selectors import contact_status
from lotse.events.emit import Occurrence, emit
from lotse.events.models import EventKind


@transaction.atomic
def emit_overdue(as_of: date) -> int:
    """One ``client.overdue`` event per client overdue on ``as_of`` and due date.

    Keyed by client and due date: a rerun, or the next night while the client stays
    overdue for the same due date, adds nothing; a new due date missed is a new event.
    """
    items = [i for i in contact_status(Person.objects.all(), as_of) if i.status.overdue]
    return emit(
        EventKind.CLIENT_OVERDUE,
        (
            Occurrence(
                i.person.pk,
                i.person.external_id,
                {"due": i.status.due.isoformat(), "as_of": as_of.isoformat()},
                dedupe_key=f"overdue:{i.person.pk}:{i.status.due.isoformat()}",
            )
            for i in items
        ),
    )
