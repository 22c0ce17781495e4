"""Finding a client for an API call: need-to-know, purpose, and the audited read."""

from __future__ import annotations

from django.http import Http404

from lotse.api.problems import ApiProblem
from lotse.clients.models import Person
from lotse.clients.scope import Reach, persons_visible_to, reach
from lotse.core.audit import record, record_person
from lotse.core.models import AuditAction, AuditChannel

MIN_PURPOSE = 10  # characters, as on the web's "break the glass" form


def client_in_reach(request, client_id: str, purpose: str | None = None) -> tuple[Person, str]:
    """The client if the caller may open it, else 404 (as for a number that does not exist).

    Inside the caller's team but outside their own caseload, the ``Lotse-Purpose``
    header must state why (at least 10 characters); it is written to the audit trail.
    """
    person = persons_visible_to(request.user).select_related("district").filter(external_id=client_id).first()
    if person is None:
        raise Http404
    purpose = (purpose or "").strip()
    if reach(request.user, person) == Reach.TEAM and len(purpose) < MIN_PURPOSE:
        raise ApiProblem(
            403,
            "purpose-required",
            "This client is outside your own caseload.",
            f"State why you open the record in the Lotse-Purpose header (at least {MIN_PURPOSE} "
            "characters); it is written to the audit trail.",
        )
    return person, purpose


def audited_read(request, what: str, person: Person, purpose: str = "") -> None:
    record_person(
        action=AuditAction.READ,
        what=f"api:{what}",
        person=person,
        user=request.user,
        channel=AuditChannel.API,
        purpose=purpose,
    )


def audited_rows(request, what: str, persons: list[tuple[int, str]]) -> None:
    """A list of clients is a read of each client shown (one entry per row)."""
    if persons:
        record(
            action=AuditAction.READ,
            what=f"api:{what}",
            persons=persons,
            user=request.user,
            channel=AuditChannel.API,
        )
