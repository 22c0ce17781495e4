"""Households: read, create, and member moves with optimistic locking on the household."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Path, Router, Status

from lotse.api.access import audited_rows
from lotse.api.auth import require, require_integration
from lotse.api.imports import import_or_problem
from lotse.api.models import TokenScope
from lotse.api.problems import ApiProblem, Problem
from lotse.api.routers.clients import ClientPath, Purpose
from lotse.api.schemas import Household, HouseholdCreate, HouseholdMember, MemberAdd, MemberMoveOut
from lotse.clients.access import MIN_PURPOSE, PurposeRequired
from lotse.clients.models import Household as HouseholdRow
from lotse.clients.models import HouseholdMember as MemberRow
from lotse.clients.scope import persons_owned_by, persons_visible_to
from lotse.clients.services import household_claim, member_move_out
from lotse.core.audit import record
from lotse.core.models import AuditAction, AuditChannel

router = Router(tags=["households"])
HouseholdId = Path(..., max_length=64, examples=["H1"])


def household_in_reach(request, household_id: str, purpose: str | None) -> tuple[HouseholdRow, str]:
    """A household is within reach when one of its members is; when none of them is in the
    user's own caseload (a team household), the ``Lotse-Purpose`` header is needed, as for a
    client. Returns the household and the purpose to audit (empty inside the own caseload)."""
    household = HouseholdRow.objects.filter(external_id=household_id).first()
    member_ids = MemberRow.objects.filter(household=household).values("person_id")
    visible = household is not None and persons_visible_to(request.user).filter(pk__in=member_ids).exists()
    if not visible:
        record(
            action=AuditAction.DENIED,
            what="api:household",
            persons=[(None, f"household {household_id}"[:64])],
            user=request.user,
            channel=AuditChannel.API,
        )
        raise Http404
    if persons_owned_by(request.user).filter(pk__in=member_ids).exists():
        return household, ""
    text = (purpose or "").strip()
    if len(text) < MIN_PURPOSE:
        raise PurposeRequired(MemberRow.objects.filter(household=household).first().person)
    return household, text


def household_of(request, household: HouseholdRow, audit: bool = True, purpose: str = "") -> Household:
    members = list(
        MemberRow.objects.filter(household=household).select_related("person").order_by("moved_in", "pk")
    )
    if audit:
        audited_rows(
            request, "household", sorted({(m.person_id, m.person.external_id) for m in members}), purpose
        )
    return Household(
        household_id=household.external_id,
        version=household.version,
        members=[
            HouseholdMember(
                client_id=m.person.external_id,
                role=m.role,
                married=m.married,
                moved_in=m.moved_in,
                moved_out=m.moved_out,
            )
            for m in members
        ],
    )


def _member_rows(household_id: str, members) -> list[dict[str, str]]:
    return [
        {
            "household_id": household_id,
            "person_id": m.client_id,
            "role": m.role,
            "married": "true" if m.married else "false",
            "moved_in": str(m.moved_in),
            "moved_out": str(m.moved_out or ""),
        }
        for m in members
    ]


@router.get(
    "/households/{household_id}",
    response={200: Household, 403: Problem, 404: Problem},
    summary="Read a household (a team household needs the Lotse-Purpose header)",
)
def get_household(request: HttpRequest, household_id: str = HouseholdId, purpose: str | None = Purpose):
    require(request, TokenScope.CLIENTS_READ)
    household, text = household_in_reach(request, household_id, purpose)
    return household_of(request, household, purpose=text)


@router.post(
    "/households",
    response={201: Household, 403: Problem, 409: Problem, 422: Problem},
    summary="Create a household with its members (same checks as the import)",
)
def create_household(request: HttpRequest, payload: HouseholdCreate):
    require_integration(request, TokenScope.CLIENTS_WRITE)
    if HouseholdRow.objects.filter(external_id=payload.household_id).exists():
        raise ApiProblem(
            409,
            "exists",
            "It exists already; nothing was written.",
            errors=[{"pointer": "/household_id", "detail": f"'{payload.household_id}' exists already"}],
        )
    import_or_problem(
        request,
        {"household_members.csv": _member_rows(payload.household_id, payload.members)},
        {"household_members.csv": "members"},
    )
    return Status(
        201, household_of(request, HouseholdRow.objects.get(external_id=payload.household_id), audit=False)
    )


@router.post(
    "/households/{household_id}/members",
    response={200: Household, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="A person moves into the household",
)
def add_member(
    request: HttpRequest, payload: MemberAdd, household_id: str = HouseholdId, purpose: str | None = Purpose
):
    require_integration(request, TokenScope.CLIENTS_WRITE)
    household, _text = household_in_reach(request, household_id, purpose)
    with transaction.atomic():
        household_claim(household=household, version=payload.version)
        import_or_problem(
            request,
            {"household_members.csv": _member_rows(household.external_id, [payload])},
            {"household_members.csv": None},
        )
    household.refresh_from_db()
    return household_of(request, household, audit=False)


@router.patch(
    "/households/{household_id}/members/{client_id}",
    response={200: Household, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="A member moves out (the open membership gets its end date)",
)
def move_out(
    request: HttpRequest,
    payload: MemberMoveOut,
    household_id: str = HouseholdId,
    client_id: str = ClientPath,
    purpose: str | None = Purpose,
):
    require_integration(request, TokenScope.CLIENTS_WRITE)
    household, text = household_in_reach(request, household_id, purpose)
    member = (
        MemberRow.objects.filter(household=household, person__external_id=client_id, moved_out__isnull=True)
        .select_related("person", "household")
        .first()
    )
    if member is None:
        raise Http404
    member_move_out(
        member=member,
        moved_out=payload.moved_out,
        version=payload.version,
        user=request.user,
        purpose=text,
    )
    household.refresh_from_db()
    return household_of(request, household, audit=False)
