"""Reads of the audit trail for the Art. 15 access report."""

from __future__ import annotations

from django.db.models import QuerySet

from lotse.clients.models import Person
from lotse.core.models import AuditAction, AuditEvent


def accesses_to(person: Person) -> QuerySet[AuditEvent]:
    """Every read and write of the person's data, oldest first (GDPR Art. 15 (1) c)."""
    return (
        AuditEvent.objects.filter(person_pk=person.pk)
        .exclude(action=AuditAction.DENIED)
        .select_related("user")
        .order_by("at", "pk")
    )
