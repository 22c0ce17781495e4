"""Database housekeeping shared by the bulk writers."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

CHUNK = 5000  # ids per IN (...) query: SQLite refuses a million variables in one query
BATCH = 5000  # rows per INSERT


def column_in(column: str, ids: Iterable[int]) -> RawSQL:
    """The condition ``column IN (ids)`` for ``filter()``, ``update()`` and ``delete()``, the ids
    written as integer literals: Django prepares every value of an ``__in`` lookup through
    the field, which cost the routing a second per 100,000 clients written. Up to
    :data:`CHUNK` ids at a time; only integers get into the SQL (``int()`` of each)."""
    values = ",".join(str(int(i)) for i in ids)
    return RawSQL(
        f"{connection.ops.quote_name(column)} IN ({values or 'NULL'})", (), output_field=models.BooleanField()
    )


def keys_condition(column: str, ids: Sequence[int]) -> tuple[str, list]:
    """The condition ``column IN (ids)`` for hand-written SQL, with its parameters: on
    PostgreSQL one array parameter (``= ANY(%s)``), so the statement's text is the same for
    any number of keys and PostgreSQL plans it once per connection (parameters bound by the
    server); elsewhere the keys as integer literals (SQLite takes at most 32,766 variables)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [[int(i) for i in ids]]
    return f"{column} IN ({','.join(str(int(i)) for i in ids) or 'NULL'})", []


# Stands for the key a prepared read is run with: negative, so no real key, and within a 32-bit
# integer, or Django would treat a filter on an integer column (auth_user.id) as always false.
PLACEHOLDER = -1_987_654_321


@dataclass(frozen=True)
class Prepared:
    """A read built by the ORM once and run with many keys: for the small reads of every
    request (a user's roles, staff record, reach), where building the SQL cost more CPU than
    the database spent running it. Rows come back as the driver gives them (use it for
    keys, numbers and text)."""

    sql: str
    params: tuple
    slots: tuple[int, ...]  # where the key goes among the parameters

    def rows(self, key: int) -> list[tuple]:
        params = list(self.params)
        for slot in self.slots:
            params[slot] = key
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()


def prepared(queryset: QuerySet) -> Prepared:
    """The statement of ``queryset``, built with :data:`PLACEHOLDER` wherever the key goes.
    Cache the result (``functools.lru_cache``) with everything else the queryset depends on
    (a date) as the cache's arguments."""
    sql, params = queryset.query.sql_with_params()
    slots = tuple(i for i, value in enumerate(params) if value == PLACEHOLDER)
    if not slots:
        raise RuntimeError("the prepared read has no slot for its key")
    return Prepared(sql, tuple(params), slots)


def analyze(*tables: type[models.Model]) -> None:
    """Refresh the planner's statistics after a bulk write.

    Autovacuum analyses a table only after a while; right after an import of 100,000
    clients PostgreSQL still believes the tables are nearly empty and picks plans that
    are 2–4× slower (measured: client list count 469 ms → 104 ms). SQLite keeps its
    statistics in sqlite_stat1 only when asked; it, too, analyses only the tables written
    (an ANALYZE of the whole database read all of it, 2 s after routing a million clients).
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def analyze_growing(*tables: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics of tables that a long write is growing, between its
    transactions: planned with the statistics of the empty tables, each statement of the
    write that finds rows by key scanned the tables whole. Nothing on SQLite, which finds
    rows by key through the index whatever its statistics say, and whose ANALYZE reads the
    whole database (2 s at a million clients)."""
    if connection.vendor == "postgresql":
        analyze(*tables)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    upsert_on: str | None = None,
    update: Sequence[str] = (),
) -> int:
    """Insert many rows with one prepared statement (``executemany``), not through
    ``bulk_create``: compiling a 24,000-row bulk insert cost Django 6 s of Python for 0.8 s of
    database time. ``fields`` are model field names (a foreign key takes the related pk);
    integers, text and booleans go as they are, JSON through the backend's adapter
    (:class:`JSONText` as it is), other values through the field's own conversion.
    ``upsert_on``: a unique column whose conflicts update the ``update`` fields (``ON CONFLICT
    … DO UPDATE``, PostgreSQL and SQLite alike). On PostgreSQL a batch of :data:`COPY_FROM`
    rows or more without ``upsert_on`` goes by ``COPY … FROM STDIN`` (no statement per row).
    No signals, no defaults: every column without a database default must be given. Returns
    the number of rows."""
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    convert = [_converter(f) for f in columns]
    names = ", ".join(quote(f.column) for f in columns)
    sql = f"INSERT INTO {quote(opts.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    if upsert_on:
        sets = ", ".join(
            f"{quote(opts.get_field(n).column)} = excluded.{quote(opts.get_field(n).column)}" for n in update
        )
        sql += f" ON CONFLICT ({quote(opts.get_field(upsert_on).column)}) DO UPDATE SET {sets}"
    copy_sql = None
    if connection.vendor == "postgresql" and not upsert_on:
        copy_sql = f"COPY {quote(opts.db_table)} ({names}) FROM STDIN"

    count = 0
    with connection.cursor() as cursor:

        def write(batch: list[list[object]]) -> None:
            if copy_sql and len(batch) >= COPY_FROM:
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(sql, batch)

        converted = [(k, to_db) for k, to_db in enumerate(convert) if to_db is not None]
        batch: list[list[object]] = []
        for row in rows:
            values = list(row)
            if len(values) != len(columns):
                raise ValueError(f"{len(values)} values for {len(columns)} columns of {opts.db_table}")
            for k, to_db in converted:
                if values[k] is not None:
                    values[k] = to_db(values[k])
            batch.append(values)
            if len(batch) == BATCH:
                write(batch)
                count, batch = count + len(batch), []
        if batch:
            write(batch)
            count += len(batch)
    return count


class JSONText(str):
    """A JSON value already encoded, written to a JSON column by :func:`insert_rows` as it is
    (a routing run's events share a few payloads between a million clients)."""


COPY_FROM = 500  # rows; below, one prepared statement run per row is as fast (the audit of a page)


def _converter(field: models.Field):
    """How a value of ``field`` goes to the database: ``None`` as it is (integers, text,
    booleans, keys); JSON straight through the backend's adapter (the field's own conversion
    first checks for expressions, a third of the time of a routing's events); dates and times
    through the field, once per distinct value (a date repeats in every row)."""
    if isinstance(field, models.IntegerField | models.CharField | models.BooleanField | models.ForeignKey):
        return None
    if isinstance(field, models.JSONField):
        adapt = functools.partial(connection.ops.adapt_json_value, encoder=field.encoder)
        return lambda value: value if isinstance(value, JSONText) else adapt(value)

    @functools.cache
    def once(value: object) -> object:
        return field.get_db_prep_save(value, connection)

    return once
