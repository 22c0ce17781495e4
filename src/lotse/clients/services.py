"""State changes of client master data: one function each, atomic and audited."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from lotse.clients.models import (
    Address,
    AttributeName,
    Household,
    HouseholdMember,
    Person,
    PersonAttribute,
    ProfileMapping,
)
from lotse.core.audit import record, record_person
from lotse.core.errors import Refused
from lotse.core.labels import label
from lotse.core.locking import StaleEdit, save_versioned
from lotse.core.models import AuditAction, refuse_too_long
from lotse.domain.facts import BA_FOUR_PHASE_MODEL
from lotse.domain.vocabulary import ATTRIBUTE_VALUES, attribute_value_problem


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


# ---- facts with validity (attributes.csv), recorded on the client record and through the API


def facts_claim(*, person: Person, version: int) -> None:
    """Take the version of the person's facts or refuse (:class:`StaleEdit`): a fact saved by
    someone else since the form was opened makes this save stale. Inside the caller's
    transaction."""
    if not Person.objects.filter(pk=person.pk, facts_version=version).update(
        facts_version=F("facts_version") + 1
    ):
        raise StaleEdit(Person.objects.get(pk=person.pk), [])
    person.facts_version = version + 1


def _fact_checked(attribute: str, value: str, valid_from: date, valid_to: date | None) -> None:
    problem = attribute_value_problem(attribute, value)
    if problem:
        allowed = ATTRIBUTE_VALUES.get(attribute)
        raise Refused(
            _("Not a value of this fact (allowed: %(allowed)s).")
            % {"allowed": ", ".join(label(v) for v in allowed) if allowed else _("a date")},
            field="value",
        )
    if valid_to is not None and valid_to < valid_from:
        raise Refused(_("The end of validity lies before its start."), field="valid_to")


def _overlapping(
    person: Person, attribute: str, valid_from: date, valid_to: date | None, exclude: int | None = None
):
    rows = PersonAttribute.objects.filter(person=person, attribute=attribute).exclude(pk=exclude)
    rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    return rows.filter(valid_from__lte=valid_to) if valid_to else rows


def fact_text(attribute: str, value: str, valid_from: date) -> str:
    """The fact in words, for the handover's reason and the messages: "Schwangerschaft mit
    Nachweis (Mutterpass): 01.12.2026 ab 01.12.2026".

    Called before the value is checked, so a malformed value is shown as given (the save
    that follows refuses it at the field)."""
    if ATTRIBUTE_VALUES.get(attribute) is not None:
        shown = label(value)
    else:
        try:
            shown = date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            shown = value
    name = AttributeName(attribute).label if attribute in AttributeName.values else attribute
    return _("%(fact)s: %(value)s from %(day)s") % {
        "fact": name,
        "value": shown,
        "day": valid_from.strftime("%d.%m.%Y"),
    }


@transaction.atomic
def fact_record(
    *,
    person: Person,
    attribute: str,
    value: str,
    valid_from: date,
    valid_to: date | None = None,
    version: int,
    user,
    purpose: str = "",
) -> PersonAttribute:
    """A change in the person's situation from ``valid_from``: the value valid then ends the
    day before, the new one starts (history kept). An entry starting on or after that day is
    refused — correct it instead."""
    _fact_checked(attribute, value, valid_from, valid_to)
    facts_claim(person=person, version=version)
    later = PersonAttribute.objects.filter(
        person=person, attribute=attribute, valid_from__gte=valid_from
    ).first()
    if later is not None:
        raise Refused(
            _("An entry of this fact starts on %(day)s already; correct that entry instead.")
            % {"day": later.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    _overlapping(person, attribute, valid_from, None).update(valid_to=valid_from - timedelta(days=1))
    entry = PersonAttribute.objects.create(
        person=person, attribute=attribute, value=value, valid_from=valid_from, valid_to=valid_to
    )
    record_person(
        action=AuditAction.WRITE, what=f"fact:{attribute}", person=person, user=user, purpose=purpose
    )
    return entry


@transaction.atomic
def fact_correct(
    *,
    entry: PersonAttribute,
    value: str,
    valid_from: date,
    valid_to: date | None,
    version: int,
    user,
    purpose: str = "",
) -> PersonAttribute:
    """A wrong entry corrected: its value and dates are replaced (the person's situation did
    not change; the audit trail keeps that it was corrected)."""
    _fact_checked(entry.attribute, value, valid_from, valid_to)
    facts_claim(person=entry.person, version=version)
    clash = _overlapping(entry.person, entry.attribute, valid_from, valid_to, exclude=entry.pk).first()
    if clash is not None:
        raise Refused(
            _("Overlaps the entry from %(day)s; correct or end that one first.")
            % {"day": clash.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    PersonAttribute.objects.filter(pk=entry.pk).update(value=value, valid_from=valid_from, valid_to=valid_to)
    entry.refresh_from_db()
    record_person(
        action=AuditAction.WRITE,
        what=f"fact_corrected:{entry.attribute}",
        person=entry.person,
        user=user,
        purpose=purpose,
    )
    return entry


@transaction.atomic
def fact_remove(*, entry: PersonAttribute, version: int, user, purpose: str = "") -> None:
    """An entry recorded in error removed (a correction, not a change of the situation)."""
    facts_claim(person=entry.person, version=version)
    PersonAttribute.objects.filter(pk=entry.pk).delete()
    record_person(
        action=AuditAction.WRITE,
        what=f"fact_removed:{entry.attribute}",
        person=entry.person,
        user=user,
        purpose=purpose,
    )


# ---- addresses with history (addresses.csv): one address at a time


def _address_checked(fields: dict, valid_from: date, valid_to: date | None) -> None:
    if not re.fullmatch(r"[0-9]{5}", fields.get("postal_code", "")):
        raise Refused(_("A postal code has five digits."), field="postal_code")
    for name in ("street", "house_number", "city"):
        if not fields.get(name, "").strip():
            raise Refused(_("This field is required."), field=name)
    refuse_too_long(Address, **{k: v for k, v in fields.items() if isinstance(v, str)})
    if valid_to is not None and valid_to < valid_from:
        raise Refused(_("The end of validity lies before its start."), field="valid_to")


def _address_clash(person: Person, valid_from: date, valid_to: date | None, exclude: int | None = None):
    rows = Address.objects.filter(person=person).exclude(pk=exclude)
    rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    return (rows.filter(valid_from__lte=valid_to) if valid_to else rows).order_by("valid_from").first()


@transaction.atomic
def address_record(
    *,
    person: Person,
    valid_from: date,
    valid_to: date | None = None,
    version: int,
    user,
    purpose: str = "",
    **fields,
) -> Address:
    """A move: the address valid on ``valid_from`` ends the day before, the new one starts."""
    fields = {k: v.strip() for k, v in fields.items()}
    _address_checked(fields, valid_from, valid_to)
    facts_claim(person=person, version=version)
    later = Address.objects.filter(person=person, valid_from__gte=valid_from).first()
    if later is not None:
        raise Refused(
            _("An address from %(day)s is recorded already; correct that one instead.")
            % {"day": later.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    Address.objects.filter(person=person, valid_from__lt=valid_from).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    ).update(valid_to=valid_from - timedelta(days=1))
    address = Address.objects.create(person=person, valid_from=valid_from, valid_to=valid_to, **fields)
    record_person(action=AuditAction.WRITE, what="address", person=person, user=user, purpose=purpose)
    return address


@transaction.atomic
def address_correct(
    *,
    address: Address,
    valid_from: date,
    valid_to: date | None,
    version: int,
    user,
    purpose: str = "",
    **fields,
) -> Address:
    """A wrong address corrected in place; it may not overlap another address of the person."""
    fields = {k: v.strip() for k, v in fields.items()}
    _address_checked(fields, valid_from, valid_to)
    facts_claim(person=address.person, version=version)
    clash = _address_clash(address.person, valid_from, valid_to, exclude=address.pk)
    if clash is not None:
        raise Refused(
            _("Overlaps the address from %(day)s: a person has one address at a time.")
            % {"day": clash.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    Address.objects.filter(pk=address.pk).update(valid_from=valid_from, valid_to=valid_to, **fields)
    address.refresh_from_db()
    record_person(
        action=AuditAction.WRITE, what="address_corrected", person=address.person, user=user, purpose=purpose
    )
    return address
