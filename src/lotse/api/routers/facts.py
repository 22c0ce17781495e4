"""A client's facts with validity (read, record a change, correct or remove an entry) and
addresses (read, record a move).

The same services as the client record's facts page: a change ends the old value the day
before, a correction replaces an entry; every save routes the client at once (the handover
carries the change as its reason). Optimistic locking by the client's ``facts_version``.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Status

from lotse.api.access import read_client, write_client
from lotse.api.models import TokenScope
from lotse.api.problems import ApiProblem, Problem
from lotse.api.routers.clients import ClientPath, Purpose, responsible_of
from lotse.api.schemas import (
    AddressIn,
    AddressList,
    AddressOut,
    FactCorrection,
    FactIn,
    FactList,
    FactOut,
    FactSaved,
)
from lotse.clients import services as addresses
from lotse.clients import services as facts
from lotse.clients.models import Address, Person, PersonAttribute, Responsibility
from lotse.core.clock import today
from lotse.core.locking import StaleEdit
from lotse.routing.services import rerouted_after

router = Router(tags=["facts"])
FactId = Path(..., ge=1, le=10**18 - 1)


def _out(entry: PersonAttribute) -> FactOut:
    return FactOut(
        id=entry.pk,
        attribute=entry.attribute,
        value=entry.value,
        valid_from=entry.valid_from,
        valid_to=entry.valid_to,
    )


def _saved(request, person: Person, write, reason: str) -> FactSaved:
    try:
        written, _assignment = rerouted_after(
            person=person, write=write, reason=reason, as_of=today(), user=request.user
        )
    except StaleEdit:
        current = Person.objects.get(pk=person.pk).facts_version
        raise ApiProblem(
            409,
            "stale-edit",
            "Someone else saved a fact of this client since you read them.",
            f"Nothing was written. The facts are now at version {current}; read them again.",
            current_version=current,
        ) from None
    responsibility = Responsibility.objects.select_related("team", "staff").filter(person=person).first()
    return FactSaved(
        fact=_out(written) if isinstance(written, PersonAttribute) else None,
        facts_version=Person.objects.get(pk=person.pk).facts_version,
        reason=reason,
        responsible=responsible_of(responsibility),
    )


@router.get(
    "/clients/{client_id}/facts",
    response={200: FactList, 403: Problem, 404: Problem},
    summary="The client's facts with their validity (the whole history)",
)
def list_facts(
    request: HttpRequest,
    client_id: str = ClientPath,
    attribute: str | None = Query(None, max_length=32, description="Only this attribute"),
    purpose: str | None = Purpose,
):
    person = read_client(request, client_id, purpose, scope=TokenScope.CLIENTS_READ, what="facts")
    rows = person.attributes.filter(Q(attribute=attribute) if attribute else Q()).order_by(
        "attribute", "valid_from"
    )
    return FactList(facts_version=person.facts_version, items=[_out(r) for r in rows])


@router.post(
    "/clients/{client_id}/facts",
    response={201: FactSaved, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Record a change of the client's situation (the old value ends the day before)",
)
def record_fact(
    request: HttpRequest, payload: FactIn, client_id: str = ClientPath, purpose: str | None = Purpose
):
    person, text = write_client(request, client_id, purpose, scope=TokenScope.CLIENTS_WRITE)
    reason = facts.fact_text(payload.attribute, payload.value, payload.valid_from)

    def write():
        return facts.fact_record(
            person=person,
            attribute=payload.attribute,
            value=payload.value,
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
            version=payload.facts_version,
            user=request.user,
            purpose=text,
        )

    return Status(201, _saved(request, person, write, reason))


def _entry(person: Person, fact_id: int) -> PersonAttribute:
    entry = PersonAttribute.objects.filter(pk=fact_id, person=person).select_related("person").first()
    if entry is None:
        raise Http404
    return entry


@router.patch(
    "/clients/{client_id}/facts/{fact_id}",
    response={200: FactSaved, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Correct a wrong entry (its value and dates are replaced)",
)
def correct_fact(
    request: HttpRequest,
    payload: FactCorrection,
    client_id: str = ClientPath,
    fact_id: int = FactId,
    purpose: str | None = Purpose,
):
    person, text = write_client(request, client_id, purpose, scope=TokenScope.CLIENTS_WRITE)
    entry = _entry(person, fact_id)
    reason = facts.fact_text(entry.attribute, payload.value, payload.valid_from)

    def write():
        return facts.fact_correct(
            entry=entry,
            value=payload.value,
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
            version=payload.facts_version,
            user=request.user,
            purpose=text,
        )

    return _saved(request, person, write, reason)


@router.delete(
    "/clients/{client_id}/facts/{fact_id}",
    response={200: FactSaved, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Remove an entry recorded in error",
)
def remove_fact(
    request: HttpRequest,
    client_id: str = ClientPath,
    fact_id: int = FactId,
    facts_version: int = Query(..., ge=1, le=10**18 - 1),
    purpose: str | None = Purpose,
):
    person, text = write_client(request, client_id, purpose, scope=TokenScope.CLIENTS_WRITE)
    entry = _entry(person, fact_id)
    reason = facts.fact_text(entry.attribute, entry.value, entry.valid_from)

    def write():
        return facts.fact_remove(entry=entry, version=facts_version, user=request.user, purpose=text)

    return _saved(request, person, write, reason)


def _address_out(a: Address) -> AddressOut:
    return AddressOut(
        id=a.pk,
        street=a.street,
        house_number=a.house_number,
        postal_code=a.postal_code,
        city=a.city,
        care_of=a.care_of,
        valid_from=a.valid_from,
        valid_to=a.valid_to,
    )


@router.get(
    "/clients/{client_id}/addresses",
    response={200: AddressList, 403: Problem, 404: Problem},
    summary="The client's addresses over time",
)
def list_addresses(request: HttpRequest, client_id: str = ClientPath, purpose: str | None = Purpose):
    person = read_client(request, client_id, purpose, scope=TokenScope.CLIENTS_READ, what="addresses")
    return AddressList(
        facts_version=person.facts_version,
        items=[_address_out(a) for a in person.addresses.order_by("valid_from")],
    )


@router.post(
    "/clients/{client_id}/addresses",
    response={201: AddressOut, 403: Problem, 404: Problem, 409: Problem, 422: Problem},
    summary="Record a move (the address so far ends the day before)",
)
def record_address(
    request: HttpRequest, payload: AddressIn, client_id: str = ClientPath, purpose: str | None = Purpose
):
    person, text = write_client(request, client_id, purpose, scope=TokenScope.CLIENTS_WRITE)
    data = payload.dict()
    version = data.pop("facts_version")
    try:
        address = addresses.address_record(
            person=person, version=version, user=request.user, purpose=text, **data
        )
    except StaleEdit:
        current = Person.objects.get(pk=person.pk).facts_version
        raise ApiProblem(
            409,
            "stale-edit",
            "Someone else saved a fact or an address of this client since you read them.",
            f"Nothing was written. The facts are now at version {current}; read them again.",
            current_version=current,
        ) from None
    return Status(201, _address_out(address))
