"""State changes of routing: one function each, atomic, leaving a handover as the audit record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.clients.models import Person, Responsibility
from lotse.core.audit import record, record_person
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, refuse_too_long
from lotse.organisation.models import Staff
from lotse.routing.engine import Assignment, RoutingRun, route_clients
from lotse.routing.models import HandoverKind, Override
from lotse.routing.rulesets import NoRuleSet, rule_set_on, rules_of


@transaction.atomic
def override_create(
    *, person: Person, staff: Staff, reason: str, valid_until: date, as_of: date, user
) -> Override:
    """Assign a client to a caseworker against the hierarchy, with a reason and an expiry."""
    if not reason.strip():
        raise Refused(_("A reason is required."), field="reason")
    refuse_too_long(Override, reason=reason.strip())
    if valid_until < as_of:
        raise Refused(_("The expiry must not be before the reference date."), field="valid_until")
    override = Override.objects.create(
        person=person,
        staff=staff,
        reason=reason.strip(),
        valid_from=as_of,
        valid_until=valid_until,
        created_by=user,
    )
    route_clients(
        as_of=as_of,
        rules=rules_of(rule_set_on(as_of)),
        only={person.pk},
        reason=override.reason,  # the kind says it is an override
        user=user,
    )
    record_person(action=AuditAction.WRITE, what="override", person=person, user=user)
    return override


def transfer_preview(*, staff: Staff, as_of: date) -> RoutingRun:
    """Where the caseworker's clients would go if they left today (nothing is written)."""
    return route_clients(
        as_of=as_of,
        rules=rules_of(rule_set_on(as_of)),
        dry_run=True,
        only=set(caseload_of(staff)),
        exclude_staff={staff.pk},
    )


@transaction.atomic
def transfer_caseload(*, staff: Staff, as_of: date, user) -> RoutingRun:
    """Re-route a leaving caseworker's whole caseload in one action."""
    clients = caseload_of(staff)
    run = route_clients(
        as_of=as_of,
        rules=rules_of(rule_set_on(as_of)),
        only=set(clients),
        exclude_staff={staff.pk},
        kind=HandoverKind.TRANSFER,
        reason=None,  # the rule that chose the new caseworker; the kind says "bulk transfer"
        user=user,
    )
    record(
        action=AuditAction.WRITE,
        what="transfer",
        persons=Person.objects.filter(pk__in=clients).values_list("pk", "external_id"),
        user=user,
    )
    return run


def caseload_of(staff: Staff) -> list[int]:
    return list(Responsibility.objects.filter(staff=staff).values_list("person_id", flat=True))


@transaction.atomic
def rerouted_after[T](
    *, person: Person, write: Callable[[], T], reason: str, as_of: date, user
) -> tuple[T, Assignment | None]:
    """Save a change of the client's facts (``write``, a clients service) and route the client
    at once, with the engine of the nightly run for this one client: the handover carries
    the change as its reason, so nobody waits for the night to see the right caseworker.
    Returns what ``write`` returned and the client's assignment (None: not receiving
    benefits on ``as_of``, or no rule set)."""
    written = write()
    try:
        rules = rules_of(rule_set_on(as_of))
    except NoRuleSet:
        return written, None
    run = route_clients(
        as_of=as_of, rules=rules, only={person.pk}, kind=HandoverKind.FACT_CHANGE, reason=reason, user=user
    )
    return written, (run.assignments[0] if run.assignments else None)
