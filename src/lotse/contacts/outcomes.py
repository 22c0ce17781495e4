"""The outcomes a recorded contact can carry: the Jobcenter's list, and how often each occurred.

The list is data (admin, ``ContactOutcome``) with the presets of :data:`OUTCOME_PRESETS`
installed after ``migrate``. :func:`outcome_counts` counts the held contacts per outcome in a
period, set-based, for the contact and the outreach reports."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, QuerySet

from lotse.contacts.models import OUTCOME_PRESETS, Contact, ContactOutcome


def ensure_outcome_presets() -> None:
    """The shipped outcomes on an installation without any (after ``migrate`` and a flush)."""
    if not ContactOutcome.objects.exists():
        ContactOutcome.objects.bulk_create(
            ContactOutcome(code=code, label=label, position=i)
            for i, (code, label) in enumerate(OUTCOME_PRESETS)
        )


def outcomes_offered() -> QuerySet[ContactOutcome]:
    return ContactOutcome.objects.filter(active=True)


def outcome_counts(first: date, last: date, persons: QuerySet | None = None) -> list[tuple[str, int]]:
    """(label, number of held contacts) per outcome from ``first`` to ``last``, in the list's
    order, with the contacts that carry none last; ``persons`` limits to a subquery of pks."""
    contacts = Contact.objects.filter(held=True, date__gte=first, date__lte=last)
    if persons is not None:
        contacts = contacts.filter(person_id__in=persons)
    counted = dict(contacts.values_list("outcome_id").annotate(n=Count("pk")).values_list("outcome_id", "n"))
    rows = [
        (o.label, counted.get(o.pk, 0)) for o in ContactOutcome.objects.all() if o.active or counted.get(o.pk)
    ]
    return [*rows, ("–", counted.get(None, 0))]
