"""Referring a client to a municipal integration service (SPEC S8), atomic and audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.core.audit import record_person
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, new_external_id
from lotse.core.withdrawal import item_correct
from lotse.municipal.models import Referral, ServiceBudget
from lotse.organisation.models import Staff


def _checked(service_code: str, referred_on: date, amount: Decimal, ended_on: date | None) -> ServiceBudget:
    """The service's budget of the referral's year; refused at the field when something does not fit."""
    budget = ServiceBudget.objects.filter(code=service_code, year=referred_on.year).first()
    if budget is None:
        raise Refused(
            _("There is no budget for this service in %(year)s; the administrator adds it first.")
            % {"year": referred_on.year},
            field="service",
        )
    if amount <= 0:
        raise Refused(_("The amount must be more than 0 €."), field="amount")
    if ended_on is not None and ended_on < referred_on:
        raise Refused(_("The end of the referral lies before the referral."), field="ended_on")
    return budget


@transaction.atomic
def referral_record(
    *,
    person: Person,
    service_code: str,
    referred_on: date,
    amount: Decimal,
    ended_on: date | None = None,
    staff: Staff | None = None,
    user=None,
) -> tuple[Referral, Decimal]:
    """Refer the client and commit the amount to the service's budget of that year.

    Returns the referral and what is left of the budget afterwards (negative when the
    budget is overspent: the referral is still recorded, the page says so).
    """
    budget = _checked(service_code, referred_on, amount, ended_on)
    referral = Referral.objects.create(
        external_id=new_external_id(),
        person=person,
        service=budget,
        referred_on=referred_on,
        amount=amount,
        ended_on=ended_on,
        staff=staff,
    )
    record_person(action=AuditAction.WRITE, what="referral", person=person, user=user)
    committed = budget.referrals.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return referral, budget.budget - committed


@transaction.atomic
def referral_correct(
    *,
    referral: Referral,
    version: int,
    service_code: str,
    referred_on: date,
    amount: Decimal,
    ended_on: date | None = None,
    user=None,
) -> Referral:
    """Correct a wrongly recorded referral (service, day, amount, end); the budget of its year
    counts the corrected amount."""
    budget = _checked(service_code, referred_on, amount, ended_on)
    changes = {"service_id": budget.pk, "referred_on": referred_on, "amount": amount, "ended_on": ended_on}
    return item_correct(referral, version=version, changes=changes, what="referral", user=user)
