"""The event feed: what changed, in order, for the clients within the caller's reach."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from lotse.api.access import audited_rows
from lotse.api.auth import require
from lotse.api.models import TokenScope
from lotse.api.schemas import EventOut, EventPage
from lotse.clients.scope import persons_visible_to
from lotse.events.delivery import event_document
from lotse.events.models import Event, EventKind

router = Router(tags=["events"])


@router.get("/events", response={200: EventPage}, summary="Events after a position, oldest first")
def list_events(
    request: HttpRequest,
    after: int = Query(0, ge=0, le=2**62, description="The last event id you processed (0: from the start)"),
    kind: list[EventKind] | None = Query(None, description="Only these kinds"),
    limit: int = Query(100, ge=1, le=1000),
):
    """Poll with ``after`` = the ``next_cursor`` of the previous page; ids only grow."""
    require(request, TokenScope.EVENTS_READ)
    qs = Event.objects.filter(pk__gt=after, person_pk__in=persons_visible_to(request.user).values("pk"))
    if kind:
        qs = qs.filter(kind__in=kind)
    page = list(qs.order_by("pk")[:limit])
    audited_rows(request, "events", sorted({(e.person_pk, e.person_ref) for e in page}))
    return EventPage(
        items=[EventOut(**event_document(e)) for e in page],
        next_cursor=str(page[-1].pk) if page else str(after),
    )
