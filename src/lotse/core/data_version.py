"""The data version: whether anything has changed since a result was computed.

Computing the Jobcenter-wide figures (contact density, the MBZ, the outreach figures) or a
caseload's due dates reads tens of thousands of rows; between two writes the answer is the
same. Every write therefore advances a counter, and :mod:`lotse.core.kept` keeps results
until the counter they were computed under moves on.

Three counters, each a row of :class:`~lotse.core.models.DataVersion`:

- ``data`` moves on with every write. Jobcenter-wide results are kept per data version.
- ``shape`` moves on with every write except those that only record or correct contacts.
  A column snapshot (the contact-density arrays) is kept per shape version and, after
  contact writes, reloads the contacts of the persons stamped since it was loaded.
- ``config`` moves on with the writes that are not about particular persons (rule sets,
  targets, teams, an administrator's change in the admin, retention, month freezing) and with writes
  about more than :data:`STAMP_LIMIT` persons at once. A person's own figures (the due date
  on the worklist) are kept per config version and **person stamp**: the data version of the
  latest write about that person (:class:`~lotse.core.models.PersonStamp`), so recording a
  contact for one client leaves the other 24,999 due dates as they were. The person's
  *shape stamp* is the latest write about them that was not only a contact: the parts of the
  client record besides the contacts are kept until it moves on.

Who advances: :func:`lotse.core.audit.record` for every audited write (every service writes
one), the admin's change log, and the writers without an audit entry: the routing engine
(its handovers are its record), retention, month freezing, an imported routing, contact
or agreement rule set, the demo build. A write that bypassed all of these (a raw SQL
statement in a shell) is not seen until the next write.

Why a row updated inside the writing transaction and not a sequence or the latest audit id:
the update takes the row's lock until the commit, so a reader sees the new number only
together with the data it stands for; two writers are put in order by the lock instead of
one committing a number below the other's.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from lotse.core.db import insert_rows
from lotse.core.models import DataVersion, PersonStamp

DATA = "data"
CONFIG = "config"
SHAPE = "shape"
STAMP_LIMIT = 5000  # above this many persons one write renews every person's figures instead


class Version(NamedTuple):
    """The counters as one value to put into a cache key (``None`` before the first write)."""

    epoch: str | None
    data: int
    config: int
    shape: int


def advance(person_pks: Collection[int] = (), *, contacts_only: bool = False) -> int:
    """Move the data version on; stamp the persons the write was about (none: a change of
    configuration, which renews every person's figures). ``contacts_only``: the write
    recorded or corrected contacts and nothing else, so a column snapshot can reload those
    persons' contacts instead of everything. Call inside the writing transaction. Returns
    the new data version."""
    with transaction.atomic():
        number = _bump(DATA)
        if not contacts_only or not person_pks:
            _bump(SHAPE)
        persons = set(person_pks)
        if not persons or len(persons) > STAMP_LIMIT:
            _bump(CONFIG)
        else:
            shape = 0 if contacts_only else number
            insert_rows(
                PersonStamp,
                ("person_pk", "stamp", "shape_stamp"),
                ((pk, number, shape) for pk in persons),
                upsert_on="person_pk",
                update=("stamp",) if contacts_only else ("stamp", "shape_stamp"),
            )
    return number


def _bump(name: str) -> int:
    """One statement (UPDATE … RETURNING, PostgreSQL and SQLite ≥ 3.35 alike) on every write."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET number = number + 1 WHERE name = %s RETURNING number", [name])
        row = cursor.fetchone()
    if row:
        return row[0]
    try:
        with transaction.atomic():
            DataVersion.objects.create(name=name, number=1, epoch=_epoch())
    except IntegrityError:  # created meanwhile by another writer
        DataVersion.objects.filter(name=name).update(number=F("number") + 1)
    return DataVersion.objects.values_list("number", flat=True).get(name=name)


def _epoch() -> str:
    """The epoch of an existing row if there is one, so all counters share it."""
    existing = DataVersion.objects.values_list("epoch", flat=True).first()
    return existing or uuid.uuid4().hex


def current() -> Version:
    """The counters in one query (written out: every request reads them, and building this
    query through the ORM each time cost more than running it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, epoch, number FROM {DataVersion._meta.db_table}")
        rows = {name: (epoch, number) for name, epoch, number in cursor.fetchall()}
    data_epoch, data = rows.get(DATA, (None, 0))
    return Version(data_epoch, data, rows.get(CONFIG, (None, 0))[1], rows.get(SHAPE, (None, 0))[1])
