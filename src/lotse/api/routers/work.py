"""The worklist of one caseworker: who is overdue, due this week, never contacted."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router

from lotse.api import cursors
from lotse.api.access import audited_rows
from lotse.api.auth import require
from lotse.api.models import TokenScope
from lotse.api.problems import ApiProblem, Problem
from lotse.api.schemas import Day, WorkItem, Worklist
from lotse.contacts.selectors import worklist
from lotse.core.clock import today
from lotse.core.models import valid_on
from lotse.core.roles import Role, has_role
from lotse.organisation.deputies import represented_by
from lotse.organisation.models import Staff
from lotse.organisation.selectors import team_ids_led_by

router = Router(tags=["worklist"])
LAST = "9999-12-31"  # sort key of "nothing due"


def member_for(request, staff_id: str | None) -> Staff:
    """Own worklist by default; a team lead's caseworkers; any caseworker for an integration."""
    own = Staff.objects.filter(valid_on(today()), user=request.user).first()
    if not staff_id:
        if own is None:
            raise ApiProblem(
                404,
                "no-worklist",
                "You have no worklist.",
                "Your account has no staff record; name a caseworker with ?staff=.",
            )
        return own
    member = Staff.objects.filter(external_id=staff_id).first()
    if member is None:
        raise Http404
    if own is not None and member.pk == own.pk:
        return member
    if has_role(request.user, Role.INTEGRATION):
        return member
    if has_role(request.user, Role.TEAM_LEAD) and member.team_id in team_ids_led_by(request.user):
        return member
    raise Http404


@router.get(
    "/worklist", response={200: Worklist, 400: Problem, 404: Problem}, summary="A caseworker's worklist"
)
def get_worklist(
    request: HttpRequest,
    as_of: Day | None = Query(None),
    staff: str | None = Query(None, max_length=64, description="Staff id (default: your own)"),
    section: Literal["overdue", "this_week", "never", "all"] = Query("overdue"),
    cursor: str | None = Query(None, max_length=400, pattern=cursors.CURSOR_PATTERN),
    limit: int = Query(cursors.DEFAULT_LIMIT, ge=1, le=cursors.MAX_LIMIT),
):
    """Sorted by due date, then client number; each client listed is an audited read."""
    require(request, TokenScope.CLIENTS_READ)
    member = member_for(request, staff)
    day = as_of or today()
    work = worklist(request.user, staff=member, as_of=day, represented=list(represented_by(member, day)))

    def key(i) -> tuple[str, str]:
        return (i.status.due.isoformat() if i.status.due else LAST, i.person.external_id)

    rows = sorted(work.section(section), key=key)
    after = cursors.decode(cursor, 2)
    if after:
        rows = [i for i in rows if key(i) > (str(after[0]), str(after[1]))]
    page, more = rows[:limit], len(rows) > limit
    audited_rows(request, "worklist", [(i.person.pk, i.person.external_id) for i in page])
    return Worklist(
        as_of=day,
        staff_id=member.external_id,
        counts=work.counts,
        items=[
            WorkItem(
                client_id=i.person.external_id,
                family_name=i.person.family_name,
                given_name=i.person.given_name,
                due=i.status.due,
                overdue=i.status.overdue,
                never_contacted=i.status.never_contacted,
                last_counting_contact=i.status.last_counting_contact,
                next_appointment=i.next_appointment,
                stands_in_for=i.stands_in_for.external_id if i.stands_in_for else None,
            )
            for i in page
        ],
        next_cursor=cursors.encode(*key(page[-1])) if more else None,
    )
