"""Reads of the audit trail: the last writer of a record and the Art. 15 access report."""

from __future__ import annotations

from django.db.models import QuerySet

from lotse.clients.models import Person
from lotse.trust.models import AuditAction, AuditEvent


def last_writer(person: Person) -> AuditEvent | None:
    """The latest write to the person's record (who saved in between, for a stale form)."""
    return (
        AuditEvent.objects.filter(person_pk=person.pk, action=AuditAction.WRITE)
        .order_by("-at", "-pk")
        .first()
    )


def accesses_to(person: Person) -> QuerySet[AuditEvent]:
    """Every read and write of the person's data, oldest first (GDPR Art. 15 (1) c)."""
    return AuditEvent.objects.filter(person_pk=person.pk).select_related("user").order_by("at", "pk")
