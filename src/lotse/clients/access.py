"""Opening a client: the need-to-know reach, the stated purpose, and the audited read.

Every page, API route and write that works on one client goes through :func:`open_client`
(the API, the purpose from the ``Lotse-Purpose`` header) or :func:`open_client_page` (the
web, the purpose the user stated in this session), so the three checks are made the same
way everywhere:

1. outside the user's reach the client does not exist for them (404, whether it exists or
   not, so nobody can probe client numbers);
2. inside the user's team but outside their own caseload a purpose of at least
   :data:`MIN_PURPOSE` characters is required (:class:`PurposeRequired`) — for a write as
   for a read;
3. a read writes one audit entry with that purpose; a write leaves the audit entry to the
   service that writes (``read=False``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lotse.clients.models import Person
from lotse.clients.scope import Reach, purpose_given, reach_of
from lotse.core.audit import record, record_person
from lotse.core.models import AuditAction, AuditChannel

MIN_PURPOSE = 10  # characters: a reason, not "x"


class PurposeRequired(Exception):
    """The client is in the user's team, outside their own caseload: state a purpose first."""

    def __init__(self, person: Person):
        super().__init__(f"a purpose is required to open {person.external_id}")
        self.person = person


@dataclass(frozen=True)
class OpenedClient:
    person: Person
    reach: Reach
    purpose: str  # empty inside the own caseload


def client_in_reach(
    user, ref: str | Person, queryset: QuerySet[Person] | None = None, *, channel: AuditChannel | None = None
) -> tuple[Person, Reach]:
    """The client (by client number, or a row fetched through a scoped query) and the user's
    reach; :class:`~django.http.Http404` outside it.

    Outside the reach the answer is the same whether the client exists or not, and it costs
    the same: one query that finds the row, one that decides the reach (run for a number
    that does not exist too), then one denied-read entry in the audit trail (so probing
    shows there, for the data protection officer)."""
    if isinstance(ref, Person):
        number, person = ref.external_id, ref
    else:
        number = str(ref)
        base = queryset if queryset is not None else Person.objects.select_related("district")
        person = base.filter(external_id=number).first()
    person_pk = person.pk if person is not None else None
    level = reach_of(user, person_pk)
    if level == Reach.NONE:
        person = None
    if person is None:
        record(
            action=AuditAction.DENIED,
            what="out_of_reach",
            persons=[(person_pk, number[:64])],
            user=user,
            channel=channel or AuditChannel.WEB,
        )
        raise Http404
    return person, level


def open_client(
    user,
    ref: str | Person,
    *,
    purpose: str | None,
    what: str,
    channel: AuditChannel = AuditChannel.WEB,
    read: bool = True,
    queryset: QuerySet[Person] | None = None,
) -> OpenedClient:
    """Open a client for a read (audited) or a write (``read=False``) with the stated purpose."""
    person, level = client_in_reach(user, ref, queryset, channel=channel)
    return _opened(user, person, level, purpose=purpose, what=what, channel=channel, read=read)


def _opened(
    user, person: Person, level: Reach, *, purpose: str | None, what: str, channel: AuditChannel, read: bool
) -> OpenedClient:
    """The purpose check and the audited read of a client whose reach is known."""
    text = (purpose or "").strip() if level == Reach.TEAM else ""
    if level == Reach.TEAM and len(text) < MIN_PURPOSE:
        raise PurposeRequired(person)
    if read:
        record_person(
            action=AuditAction.READ, what=what, person=person, user=user, channel=channel, purpose=text
        )
    return OpenedClient(person, level, text)


def open_client_page(
    request: HttpRequest,
    ref: str | Person,
    *,
    what: str,
    read: bool = True,
    queryset: QuerySet[Person] | None = None,
) -> OpenedClient:
    """:func:`open_client` for a web page: the purpose is the one stated in this session."""
    person, level = client_in_reach(request.user, ref, queryset)
    purpose = purpose_given(request, person) if level == Reach.TEAM else None
    return _opened(
        request.user, person, level, purpose=purpose, what=what, channel=AuditChannel.WEB, read=read
    )


def open_client_for_write(request: HttpRequest, ref: str | Person) -> Person:
    """The client a web form writes to: the same reach and purpose as a read, else 404
    (the page offering the form was only shown with them, so anything else is a probe)."""
    try:
        return open_client_page(request, ref, what="", read=False).person
    except PurposeRequired:
        raise Http404 from None


def open_client_form(request: HttpRequest, ref: str | Person, *, what: str) -> Person:
    """The client of a page with a form: opening it (GET) is an audited read of what the form
    shows (``what``); posting it is a write with the same reach and purpose, else 404."""
    try:
        return open_client_page(request, ref, what=what, read=request.method != "POST").person
    except PurposeRequired:
        raise Http404 from None
