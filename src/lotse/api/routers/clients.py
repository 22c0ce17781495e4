"""Clients: list, read, create, change master data; responsibility and "why"."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from ninja import Header, Path, Query, Router, Status

from lotse.api import cursors
from lotse.api.access import audited_rows, read_client, write_client
from lotse.api.auth import require, require_integration
from lotse.api.imports import import_or_problem
from lotse.api.models import TokenScope
from lotse.api.problems import Problem, invalid
from lotse.api.schemas import (
    Client,
    ClientCreate,
    ClientPage,
    ClientSummary,
    ClientUpdate,
    Day,
    Facts,
    Membership,
    Period,
    Responsible,
    RuleOutcome,
    Why,
)
from lotse.clients.models import BenefitPeriod, HouseholdMember, Person, Responsibility
from lotse.clients.scope import persons_owned_by, persons_visible_to
from lotse.clients.selectors import active_person_ids, facts_for
from lotse.clients.services import person_update
from lotse.core.clock import today
from lotse.organisation.models import District
from lotse.routing.selectors import explain
from lotse.trust.retention import deletion_due

router = Router(tags=["clients"])
ClientPath = Path(..., max_length=64, examples=["P1"], description="Client number")
Purpose = Header(
    None,
    alias="Lotse-Purpose",
    max_length=300,
    description="Why you open a client outside your own caseload (at least 10 characters); audited.",
)


def responsible_of(resp: Responsibility | None) -> Responsible | None:
    if resp is None:
        return None
    return Responsible(
        team_id=resp.team.external_id if resp.team_id else None,
        staff_id=resp.staff.external_id if resp.staff_id else None,
        rule=resp.rule_code,
        since=resp.since,
    )


def summary_of(person: Person, own: bool = True) -> ClientSummary:
    """A client in a list: name and birth date only for the own caseload; a team client shows
    the least needed to find them (client number, family name, district)."""
    resp = getattr(person, "responsibility", None)
    return ClientSummary(
        client_id=person.external_id,
        family_name=person.family_name,
        given_name=person.given_name if own else None,
        birth_date=person.birth_date if own else None,
        purpose_required=not own,
        district_id=person.district.external_id if person.district_id else None,
        version=person.version,
        responsible=responsible_of(resp),
    )


def client_of(person: Person, as_of: date) -> Client:
    facts = facts_for(Person.objects.filter(pk=person.pk), as_of)[person.pk]
    resp = Responsibility.objects.select_related("team", "staff").filter(person=person).first()
    return Client(
        **summary_of(person).dict(exclude={"responsible"}),
        responsible=responsible_of(resp),
        sex=person.sex,
        as_of=as_of,
        facts=Facts(
            age=facts.age,
            u25=facts.is_u25,
            active=facts.is_active,
            single_parent=facts.is_single_parent,
            single_household=facts.is_single_household,
            household_type=str(facts.household_type.value),
            long_term=facts.is_long_term,
            status=facts.status,
            market_distance=facts.market_distance,
            profile=facts.profile,
            self_employed=facts.is_self_employed,
            reha=facts.is_reha,
            case_management=facts.is_case_management,
        ),
        benefit_periods=[
            Period(valid_from=f, valid_to=t)
            for f, t in BenefitPeriod.objects.filter(person=person).values_list("valid_from", "valid_to")
        ],
        households=[
            Membership(household_id=h, role=r, moved_in=i, moved_out=o)
            for h, r, i, o in HouseholdMember.objects.filter(person=person).values_list(
                "household__external_id", "role", "moved_in", "moved_out"
            )
        ],
        deletion_due=deletion_due(person.pk),
    )


@router.get("/clients", response={200: ClientPage, 400: Problem}, summary="List the clients within reach")
def list_clients(
    request: HttpRequest,
    q: str | None = Query(None, max_length=100, description="Family or given name starts with"),
    team: str | None = Query(None, max_length=64, description="Responsible team (team id)"),
    staff: str | None = Query(None, max_length=64, description="Responsible caseworker (staff id)"),
    district: str | None = Query(None, max_length=64, description="District id"),
    active_on: Day | None = Query(None, description="Receiving benefits on this date"),
    cursor: str | None = Query(None, max_length=400, pattern=cursors.CURSOR_PATTERN),
    limit: int = Query(cursors.DEFAULT_LIMIT, ge=1, le=cursors.MAX_LIMIT),
):
    """Sorted by client number; every client returned is an audited read."""
    require(request, TokenScope.CLIENTS_READ)
    qs = (
        persons_visible_to(request.user)
        .select_related("district", "responsibility__team", "responsibility__staff")
        .annotate(own=Exists(persons_owned_by(request.user).filter(pk=OuterRef("pk"))))
    )
    for word in (q or "").replace(",", " ").split():
        qs = qs.filter(Q(family_name__istartswith=word) | Q(given_name__istartswith=word))
    if team:
        qs = qs.filter(responsibility__team__external_id=team)
    if staff:
        qs = qs.filter(responsibility__staff__external_id=staff)
    if district:
        qs = qs.filter(district__external_id=district)
    if active_on:
        qs = qs.filter(pk__in=active_person_ids(active_on))
    after = cursors.decode(cursor, 1)
    if after:
        qs = qs.filter(external_id__gt=after[0])
    rows = list(qs.order_by("external_id")[: limit + 1])
    page, more = rows[:limit], len(rows) > limit
    audited_rows(request, "client_list", [(p.pk, p.external_id) for p in page])
    return ClientPage(
        items=[summary_of(p, p.own) for p in page],
        next_cursor=cursors.encode(page[-1].external_id) if more else None,
    )


@router.get(
    "/clients/{client_id}",
    response={200: Client, 403: Problem, 404: Problem},
    summary="Read a client with the derived facts on a date",
)
def get_client(
    request: HttpRequest,
    client_id: str = ClientPath,
    as_of: Day | None = Query(None, description="Reference date of the facts (default: today)"),
    purpose: str | None = Purpose,
):
    person = read_client(request, client_id, purpose, scope=TokenScope.CLIENTS_READ, what="client")
    return client_of(person, as_of or today())


@router.post(
    "/clients",
    response={201: Client, 403: Problem, 409: Problem, 422: Problem},
    summary="Create a client (same checks as the exchange-format import)",
)
def create_client(request: HttpRequest, payload: ClientCreate):
    """All or nothing: the person with their benefit periods and attributes."""
    require_integration(request, TokenScope.CLIENTS_WRITE)
    person_row = {
        "person_id": payload.client_id,
        "family_name": payload.family_name,
        "given_name": payload.given_name,
        "birth_date": payload.birth_date.isoformat(),
        "sex": payload.sex,
        "district_id": payload.district_id or "",
    }
    ref = payload.client_id
    files = {
        "persons.csv": [person_row],
        "benefit_periods.csv": [
            {"person_id": ref, "valid_from": str(p.valid_from), "valid_to": str(p.valid_to or "")}
            for p in payload.benefit_periods
        ],
        "attributes.csv": [
            {
                "person_id": ref,
                "attribute": a.attribute,
                "value": a.value,
                "valid_from": str(a.valid_from),
                "valid_to": str(a.valid_to or ""),
            }
            for a in payload.attributes
        ],
    }
    import_or_problem(
        request,
        files,
        {"persons.csv": None, "benefit_periods.csv": "benefit_periods", "attributes.csv": "attributes"},
    )
    person = Person.objects.select_related("district").get(external_id=ref)
    return Status(201, client_of(person, today()))


@router.patch(
    "/clients/{client_id}",
    response={200: Client, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Change master data (optimistic locking by version)",
)
def update_client(
    request: HttpRequest,
    payload: ClientUpdate,
    client_id: str = ClientPath,
    purpose: str | None = Purpose,
):
    person, _purpose = write_client(request, client_id, purpose, scope=TokenScope.CLIENTS_WRITE)
    given = payload.dict(exclude_unset=True, exclude={"version"})
    changes = {k: v for k, v in given.items() if k != "district_id"}
    if "district_id" in given:
        ref = given["district_id"]
        district = District.objects.filter(external_id=ref).first() if ref else None
        if ref and district is None:
            raise invalid("/district_id", f"'{ref}' is not a district")
        changes["district_id"] = district.pk if district else None
    updated = person_update(
        person=person, version=payload.version, changes=changes, seen={}, user=request.user
    )
    return client_of(Person.objects.select_related("district").get(pk=updated.pk), today())


@router.get(
    "/clients/{client_id}/responsibility",
    response={200: Why, 403: Problem, 404: Problem},
    summary="Who is responsible, and why (the rule hierarchy's decision)",
)
def get_responsibility(
    request: HttpRequest,
    client_id: str = ClientPath,
    as_of: Day | None = Query(None),
    purpose: str | None = Purpose,
):
    person = read_client(request, client_id, purpose, scope=TokenScope.CLIENTS_READ, what="responsibility")
    why = explain(person, as_of or today())
    decision = why.decision
    rule = decision.rule if decision else None
    return Why(
        client_id=person.external_id,
        as_of=why.as_of,
        rule_set=why.rule_set_name,
        responsible=responsible_of(why.responsibility),
        override_until=why.override.valid_until if why.override else None,
        matched_rule=rule.code if rule else None,
        matched_label=rule.label if rule else None,
        team_kind=rule.team_kind if rule else None,
        facts_used={
            k: (list(v) if isinstance(v, tuple | set | frozenset) else v)
            for k, v in (decision.used if decision else {}).items()
        },
        rules_above=[
            RuleOutcome(rule=o.rule.code, label=o.rule.label, conditions_not_met=list(o.failed))
            for o in (decision.not_matched if decision else ())
        ],
    )
