"""Writing the audit trail: every read and write of client data (SPEC S11).

Call these from views, commands and services, never write :class:`AuditEvent`
directly: they fill in the actor and channel the same way everywhere, and write one
row per person in bulk (an export of 25,000 rows is one INSERT batch, not 25,000).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

from lotse.core import data_version
from lotse.core.db import insert_rows
from lotse.core.models import API_FLAG, AuditAction, AuditChannel, AuditEvent

# The writes that touch contacts and nothing else (:func:`lotse.core.data_version.advance`).
CONTACT_WRITES = frozenset({"contact", "appointment"})


def cli_actor() -> str:
    """Who runs a command: ``LOTSE_ACTOR`` if the operator set it, else the OS account."""
    return os.environ.get("LOTSE_ACTOR") or f"cli:{getpass.getuser()}"


def record(
    *,
    action: AuditAction,
    what: str,
    persons: Iterable[tuple[int, str]] = (),
    user: AbstractBaseUser | AnonymousUser | None = None,
    channel: AuditChannel = AuditChannel.WEB,
    purpose: str = "",
    actor: str | None = None,
    detail: str = "",
) -> int:
    """Write one entry per (person pk, client number); one entry without a person if none given.

    A write also moves the data version on (:mod:`lotse.core.data_version`): every service
    records its write here, so no kept result outlives the data it was computed from."""
    persons = list(persons)
    who = user if user is not None and user.is_authenticated else None
    if channel == AuditChannel.WEB and getattr(who, API_FLAG, False):
        channel = AuditChannel.API  # a service called from the API (token authentication)
    name = actor or (who.get_username() if who else cli_actor())
    # One prepared statement for every row (a worklist page writes fifty): building fifty
    # model instances and a bulk insert through the ORM cost more than the insert itself.
    base = (
        timezone.now(),
        who.pk if who else None,
        name[:150],
        str(action),  # the choice's value, not the enum member (a driver may write its name)
        str(channel),
        what[:100],
        purpose.strip()[:300],
        detail[:500],
    )
    rows = [(*base, pk, (ref or "")[:64]) for pk, ref in persons] or [(*base, None, "")]
    insert_rows(AuditEvent, ENTRY_FIELDS, rows)
    if action == AuditAction.WRITE:
        data_version.advance(
            [pk for pk, _ref in persons if pk is not None], contacts_only=what in CONTACT_WRITES
        )
    return len(rows)


ENTRY_FIELDS = (
    "at",
    "user",
    "actor",
    "action",
    "channel",
    "what",
    "purpose",
    "detail",
    "person_pk",
    "person_ref",
)


def record_person(*, action: AuditAction, what: str, person, user=None, **kwargs) -> None:
    """One person's read or write (a client page, a recorded contact)."""
    record(action=action, what=what, persons=[(person.pk, person.external_id)], user=user, **kwargs)


def last_write_to(person_pk: int) -> AuditEvent | None:
    """The latest write to the person's record (who saved in between, for a stale form)."""
    return (
        AuditEvent.objects.filter(person_pk=person_pk, action=AuditAction.WRITE)
        .order_by("-at", "-pk")
        .first()
    )
