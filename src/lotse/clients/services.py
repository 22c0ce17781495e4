"""State changes of client master data: one function each, atomic and audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F

from lotse.clients.models import Household, HouseholdMember, Person, ProfileMapping
from lotse.core.audit import record, record_person
from lotse.core.errors import Refused
from lotse.core.locking import StaleEdit, save_versioned
from lotse.core.models import AuditAction
from lotse.domain.facts import BA_FOUR_PHASE_MODEL


@transaction.atomic
def person_update(*, person: Person, version: int, changes: dict, seen: dict, user) -> Person:
    """Save the master data if nobody saved since ``version``; raises ``StaleEdit`` otherwise."""
    current = save_versioned(person, version=version, changes=changes, seen=seen)
    record_person(action=AuditAction.WRITE, what="client_master_data", person=current, user=user)
    return current


def household_claim(*, household: Household, version: int) -> None:
    """Take the household's version or refuse: a concurrent change makes the caller's change
    stale (:class:`~lotse.core.locking.StaleEdit`). Call inside the caller's transaction."""
    if not Household.objects.filter(pk=household.pk, version=version).update(version=F("version") + 1):
        raise StaleEdit(Household.objects.get(pk=household.pk), [])


@transaction.atomic
def member_move_out(
    *, member: HouseholdMember, moved_out: date, version: int, user, purpose: str = ""
) -> None:
    """A member leaves the household on ``moved_out`` (the first day away), if the household
    is still at ``version``; audited as a write to that member's record."""
    if moved_out <= member.moved_in:
        raise Refused(f"must lie after the move-in on {member.moved_in}", field="moved_out")
    household_claim(household=member.household, version=version)
    HouseholdMember.objects.filter(pk=member.pk).update(moved_out=moved_out)
    record(
        action=AuditAction.WRITE,
        what="household_move_out",
        persons=[(member.person_id, member.person.external_id)],
        user=user,
        purpose=purpose,
    )


def ensure_profile_mapping() -> None:
    """The shipped Profillage mapping (the BA's four-phase model) on an installation without
    any; run after ``migrate`` and after a flush (:mod:`lotse.clients.apps`), never on a read."""
    if not ProfileMapping.objects.exists():
        ProfileMapping.objects.bulk_create(
            ProfileMapping(
                profile=row.profile,
                market_distance=row.market_distance,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                source=row.source,
            )
            for row in BA_FOUR_PHASE_MODEL.rows
        )
