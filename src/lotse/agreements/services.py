"""Concluding an integration agreement or cooperation plan (SPEC S6): atomic, audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.agreements.models import Agreement
from lotse.agreements.rules import review_months_on
from lotse.clients.models import BenefitPeriod, Person
from lotse.contacts.models import Contact
from lotse.contacts.rulesets import contact_rule_set_on
from lotse.core.audit import record_person
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, new_external_id, valid_on
from lotse.core.withdrawal import item_correct
from lotse.domain.dates import add_months


def at_first_contact(person: Person, day: date, entry: date) -> bool:
    """No counting contact of the benefit period that began on ``entry`` lies before ``day``."""
    rule_set = contact_rule_set_on(day)
    channels = rule_set.counting_channels if rule_set else frozenset()
    earlier = Contact.objects.filter(
        person=person, held=True, channel__in=channels, date__gte=entry, date__lt=day
    )
    return not earlier.exists()


def _checked(
    person: Person,
    concluded_on: date,
    review_due: date | None,
    potential_analysis_on: date | None,
    today: date | None,
) -> tuple[date, date]:
    """The review day (the latest allowed when none is given) and the start of the benefit
    period the agreement belongs to; refused at the field when a date does not fit."""
    if today is not None and concluded_on > today:
        raise Refused(_("An agreement cannot be concluded in the future."), field="concluded_on")
    review_months = review_months_on(concluded_on)
    latest = add_months(concluded_on, review_months)
    review_due = review_due or latest
    if review_due < concluded_on:
        raise Refused(_("The review cannot be due before the agreement is concluded."), field="review_due")
    if review_due > latest:
        raise Refused(
            _("The review is due at the latest %(n)s months after conclusion (%(day)s).")
            % {"n": review_months, "day": latest.strftime("%d.%m.%Y")},
            field="review_due",
        )
    if potential_analysis_on is not None and potential_analysis_on > concluded_on:
        raise Refused(_("The potential analysis precedes the agreement."), field="potential_analysis_on")
    entry = (
        BenefitPeriod.objects.filter(valid_on(concluded_on), person=person)
        .order_by("-valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if entry is None:
        raise Refused(_("The person receives no benefits on the day of the agreement."), field="concluded_on")
    return review_due, entry


@transaction.atomic
def agreement_conclude(
    *,
    person: Person,
    kind: str,
    concluded_on: date,
    review_due: date | None = None,
    potential_analysis_on: date | None = None,
    note: str = "",
    user=None,
    today: date | None = None,
) -> Agreement:
    """Record an agreement; the review is due at the latest after the months of the agreement
    rules valid on the day (six, § 15 SGB II)."""
    review_due, entry = _checked(person, concluded_on, review_due, potential_analysis_on, today)
    agreement = Agreement.objects.create(
        external_id=new_external_id(),
        person=person,
        kind=kind,
        concluded_on=concluded_on,
        review_due=review_due,
        potential_analysis_on=potential_analysis_on,
        at_first_contact=at_first_contact(person, concluded_on, entry),
        note=note.strip(),
        created_by=user if user is not None and user.is_authenticated else None,
    )
    record_person(action=AuditAction.WRITE, what="agreement", person=person, user=user)
    return agreement


@transaction.atomic
def agreement_correct(
    *,
    agreement: Agreement,
    version: int,
    kind: str,
    concluded_on: date,
    review_due: date | None = None,
    potential_analysis_on: date | None = None,
    note: str = "",
    user=None,
    today: date | None = None,
) -> Agreement:
    """Correct a wrongly recorded agreement with the same checks as when it was concluded;
    whether it was concluded at the first contact is decided again for the corrected day."""
    person = agreement.person
    review_due, entry = _checked(person, concluded_on, review_due, potential_analysis_on, today)
    changes = {
        "kind": kind,
        "concluded_on": concluded_on,
        "review_due": review_due,
        "potential_analysis_on": potential_analysis_on,
        "at_first_contact": at_first_contact(person, concluded_on, entry),
        "note": note.strip(),
    }
    return item_correct(agreement, version=version, changes=changes, what="agreement", user=user)
