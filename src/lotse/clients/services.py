"""State changes of client master data: one function each, atomic and audited."""

from __future__ import annotations

from django.db import transaction

from lotse.clients.models import Person
from lotse.core.audit import record_person
from lotse.core.locking import save_versioned
from lotse.core.models import AuditAction


@transaction.atomic
def person_update(*, person: Person, version: int, changes: dict, seen: dict, user) -> Person:
    """Save the master data if nobody saved since ``version``; raises ``StaleEdit`` otherwise."""
    current = save_versioned(person, version=version, changes=changes, seen=seen)
    record_person(action=AuditAction.WRITE, what="client_master_data", person=current, user=user)
    return current
