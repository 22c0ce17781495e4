"""Recording contacts and planning appointments: one function each, atomic."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.contacts.models import Appointment, Contact, ContactOutcome, Deviation
from lotse.core.audit import record_person
from lotse.core.errors import Refused
from lotse.core.locking import save_versioned
from lotse.core.models import AuditAction, refuse_too_long
from lotse.events.emit import Occurrence, emit
from lotse.events.models import EventKind
from lotse.organisation.models import Staff


@transaction.atomic
def contact_record(
    *,
    person: Person,
    staff: Staff | None,
    day: date,
    channel: str,
    held: bool,
    topic: str = "",
    note: str = "",
    outcome: str | None = None,
    user=None,
    today: date | None = None,
) -> Contact:
    """Record a contact (or a missed appointment); a planned appointment that day is closed by it.
    ``outcome`` is the code of an offered outcome (what the contact led to), or None."""
    refuse_too_long(Contact, topic=topic.strip())
    chosen = None
    if outcome:
        chosen = ContactOutcome.objects.filter(code=outcome, active=True).first()
        if chosen is None:
            raise Refused(_("Choose an outcome from the list."), field="outcome")
    if today is not None and day > today:
        raise Refused(_("A contact cannot lie in the future; plan an appointment instead."), field="date")
    contact = Contact.objects.create(
        person=person,
        staff=staff,
        date=day,
        channel=channel,
        held=held,
        topic=topic.strip(),
        note=note.strip(),
        outcome=chosen,
        created_by=user,
    )
    Appointment.objects.filter(person=person, date=day, contact__isnull=True).update(contact=contact)
    record_person(action=AuditAction.WRITE, what="contact", person=person, user=user)
    emit(
        EventKind.CONTACT_CREATED,
        [
            Occurrence(
                person.pk,
                person.external_id,
                {"contact_id": contact.pk, "date": day.isoformat(), "channel": channel, "held": held},
            )
        ],
    )
    return contact


@transaction.atomic
def appointment_plan(
    *,
    person: Person,
    staff: Staff | None,
    day: date,
    channel: str,
    topic: str = "",
    user=None,
    today: date | None = None,
) -> Appointment:
    refuse_too_long(Appointment, topic=topic.strip())
    if today is not None and day < today:
        raise Refused(_("An appointment must not lie in the past."), field="date")
    appointment = Appointment.objects.create(
        person=person, staff=staff, date=day, channel=channel, topic=topic.strip()
    )
    record_person(action=AuditAction.WRITE, what="appointment", person=person, user=user)
    return appointment


@transaction.atomic
def contact_update(
    *, contact: Contact, version: int, changes: dict, seen: dict, user, today: date
) -> Contact:
    """Correct a recorded contact if nobody saved it since ``version`` (``StaleEdit`` otherwise)."""
    if "date" in changes and changes["date"] > today:
        raise Refused(_("A contact cannot lie in the future; plan an appointment instead."), field="date")
    if "topic" in changes:
        refuse_too_long(Contact, topic=changes["topic"])
    current = save_versioned(contact, version=version, changes=changes, seen=seen)
    record_person(action=AuditAction.WRITE, what="contact", person=current.person, user=user)
    return current


@transaction.atomic
def deviation_record(
    *,
    person: Person,
    reason: str,
    valid_from: date,
    interval_months: int | None = None,
    per_year: int | None = None,
    valid_to: date | None = None,
    user=None,
) -> Deviation:
    """A justified deviation; while valid it replaces the interval of the client's interval
    rules and/or the count of their per-year rules. Refused when it replaces nothing or
    overlaps another deviation of the client (end that one first)."""
    if not interval_months and not per_year:
        raise Refused(
            _("Give the interval, the number of contacts per year, or both."), field="interval_months"
        )
    if valid_to is not None and valid_to < valid_from:
        raise Refused(_("The end of validity lies before its start."), field="valid_to")
    end = valid_to or date.max
    overlap = (
        Deviation.objects.filter(person=person, valid_from__lte=end).exclude(valid_to__lt=valid_from).first()
    )
    if overlap is not None:
        raise Refused(
            _("A deviation valid from %(day)s exists in that time already.")
            % {"day": overlap.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    author = (user.get_full_name() or user.get_username()) if user is not None else ""
    deviation = Deviation.objects.create(
        person=person,
        interval_months=interval_months or None,
        per_year=per_year or None,
        reason=reason.strip(),
        author=author,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    record_person(action=AuditAction.WRITE, what="deviation", person=person, user=user)
    return deviation
