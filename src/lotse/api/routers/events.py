"""The event feed (what changed, in order, for the clients within the caller's reach) and
the webhooks an integration account makes for itself."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Status

from lotse.api.access import audited_rows
from lotse.api.auth import require, require_integration
from lotse.api.models import TokenScope
from lotse.api.problems import Problem
from lotse.api.schemas import EventOut, EventPage, WebhookCreated, WebhookIn, WebhookOut
from lotse.clients.scope import persons_visible_to
from lotse.events.delivery import event_document
from lotse.events.models import Event, EventKind, Webhook
from lotse.events.services import webhook_create, webhook_delete

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


def _webhook_out(hook: Webhook) -> WebhookOut:
    return WebhookOut(
        name=hook.name, url=hook.url, kinds=hook.kinds, active=hook.active, created_at=hook.created_at
    )


@router.get("/webhooks", response={200: list[WebhookOut], 403: Problem}, summary="Your webhooks")
def list_webhooks(request: HttpRequest):
    require_integration(request, TokenScope.EVENTS_READ)
    return [_webhook_out(h) for h in Webhook.objects.filter(owner=request.user).order_by("name")]


@router.post(
    "/webhooks",
    response={201: WebhookCreated, 403: Problem, 422: Problem},
    summary="Make a webhook for your integration account (deliveries: your clients only)",
)
def create_webhook(request: HttpRequest, payload: WebhookIn):
    """The events about clients your account may see, POSTed to ``url``, signed with the
    secret in the answer (shown once)."""
    require_integration(request, TokenScope.EVENTS_READ)
    hook, secret = webhook_create(owner=request.user, name=payload.name, url=payload.url, kinds=payload.kinds)
    return Status(201, WebhookCreated(**_webhook_out(hook).dict(), secret=secret))


@router.delete(
    "/webhooks/{name}",
    response={204: None, 403: Problem, 404: Problem},
    summary="Remove one of your webhooks",
)
def delete_webhook(request: HttpRequest, name: str = Path(..., max_length=100)):
    require_integration(request, TokenScope.EVENTS_READ)
    hook = Webhook.objects.filter(owner=request.user, name=name).first()
    if hook is None:
        raise Http404
    webhook_delete(hook=hook, user=request.user)
    return Status(204, None)
