"""Contacts of a client (list, record) and the client's contact status (due date)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from lotse.api import cursors
from lotse.api.access import read_client, write_client
from lotse.api.auth import require
from lotse.api.models import TokenScope
from lotse.api.problems import Problem, bad_parameter
from lotse.api.routers.clients import ClientPath, Purpose
from lotse.api.schemas import ContactCreate, ContactOut, ContactPage, ContactState, Day, OutcomeOut, RuleDue
from lotse.clients.models import Person
from lotse.contacts import services
from lotse.contacts.models import Contact, ContactOutcome
from lotse.contacts.selectors import contact_status
from lotse.core.clock import today
from lotse.core.models import valid_on
from lotse.organisation.models import Staff

router = Router(tags=["contacts"])


def contact_of(c: Contact, client_id: str) -> ContactOut:
    return ContactOut(
        contact_id=c.pk,
        client_id=client_id,
        date=c.date,
        channel=c.channel,
        held=c.held,
        topic=c.topic,
        outcome=c.outcome.code if c.outcome_id else None,
        staff_id=c.staff.external_id if c.staff_id else None,
        recorded_at=c.created_at,
    )


@router.get(
    "/clients/{client_id}/contacts",
    response={200: ContactPage, 400: Problem, 403: Problem, 404: Problem},
    summary="The client's contacts, newest first",
)
def list_contacts(
    request: HttpRequest,
    client_id: str = ClientPath,
    date_from: Day | None = Query(None, alias="from", description="On or after this date"),
    date_to: Day | None = Query(None, alias="to", description="On or before this date"),
    cursor: str | None = Query(None, max_length=400, pattern=cursors.CURSOR_PATTERN),
    limit: int = Query(cursors.DEFAULT_LIMIT, ge=1, le=cursors.MAX_LIMIT),
    purpose: str | None = Purpose,
):
    person = read_client(request, client_id, purpose, scope=TokenScope.CLIENTS_READ, what="contacts")
    qs = Contact.objects.filter(person=person).select_related("staff", "outcome").order_by("-date", "-pk")
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    after = cursors.decode(cursor, 2)
    if after:
        try:
            day = date.fromisoformat(str(after[0]))
        except ValueError:
            day = None
        if day is None or not isinstance(after[1], int):
            raise bad_parameter("cursor", "This cursor was not issued by this list; start without one.")
        qs = qs.filter(Q(date__lt=day) | Q(date=day, pk__lt=after[1]))
    rows = list(qs[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    return ContactPage(
        items=[contact_of(c, person.external_id) for c in page],
        next_cursor=cursors.encode(page[-1].date.isoformat(), page[-1].pk) if more else None,
    )


@router.post(
    "/clients/{client_id}/contacts",
    response={201: ContactOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Record a contact (or a missed appointment with held=false)",
)
def create_contact(
    request: HttpRequest, payload: ContactCreate, client_id: str = ClientPath, purpose: str | None = Purpose
):
    person, _purpose = write_client(request, client_id, purpose, scope=TokenScope.CONTACTS_WRITE)
    staff = Staff.objects.filter(valid_on(today()), user=request.user).first()
    contact = services.contact_record(
        person=person,
        staff=staff,
        day=payload.date,
        channel=payload.channel,
        held=payload.held,
        topic=payload.topic,
        note=payload.note,
        outcome=payload.outcome,
        user=request.user,
        today=today(),
    )
    return Status(201, contact_of(contact, person.external_id))


@router.get(
    "/clients/{client_id}/contact-status",
    response={200: ContactState, 403: Problem, 404: Problem},
    summary="Due date and rule compliance of one client on a date",
)
def get_contact_status(
    request: HttpRequest,
    client_id: str = ClientPath,
    as_of: Day | None = Query(None),
    purpose: str | None = Purpose,
):
    person = read_client(request, client_id, purpose, scope=TokenScope.CLIENTS_READ, what="contact_status")
    day = as_of or today()
    items = contact_status(Person.objects.filter(pk=person.pk), day)
    if not items:  # not receiving benefits on the date: nothing is due
        return ContactState(
            client_id=person.external_id,
            as_of=day,
            due=None,
            overdue=False,
            never_contacted=False,
            compliant=True,
            last_counting_contact=None,
            next_appointment=None,
            deviation_months=None,
            rules=[],
        )
    item = items[0]
    status = item.status
    return ContactState(
        client_id=person.external_id,
        as_of=day,
        due=status.due,
        overdue=status.overdue,
        never_contacted=status.never_contacted,
        compliant=status.compliant,
        last_counting_contact=status.last_counting_contact,
        next_appointment=item.next_appointment,
        deviation_months=status.deviation.interval_months if status.deviation else None,
        rules=[
            RuleDue(rule=r.rule.code, due=r.due, compliant=r.compliant, last=r.last) for r in status.rules
        ],
    )


@router.get(
    "/contact-outcomes", response={200: list[OutcomeOut]}, summary="The contact outcomes of this Jobcenter"
)
def list_outcomes(request: HttpRequest):
    """The configured list (codes for ``outcome`` when recording a contact); ``offered`` false:
    no longer chosen, kept on earlier contacts."""
    require(request, TokenScope.CLIENTS_READ)
    return [OutcomeOut(code=o.code, label=o.label, offered=o.active) for o in ContactOutcome.objects.all()]
