"""Reading whole table columns into NumPy arrays for set-based analytics."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

import numpy as np
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connection, connections, models

from lotse.core.models import PersonStamp

# An empty end date as a day number: 31.12.9999, the value of lotse.domain.day_numbers.OPEN_END
# (core reads no domain module; tests/clients/test_typed_columns.py checks both agree).
OPEN_END_ISO = "9999-12-31"
OPEN_END = int(np.datetime64(OPEN_END_ISO, "D").astype(np.int64))

INT, DAY, DAY_OR_OPEN, BOOL, KEY_OR_NONE, TEXT = "int", "day", "day_or_open", "bool", "key_or_none", "text"


def fetch_columns(
    model, *columns: str, where: str | None = None, written_since: int | None = None
) -> list[np.ndarray]:
    """Columns of a table as object arrays, through a plain cursor: the ORM's per-row
    date conversion cost 1.9 s for 516,000 contacts; NumPy parses the dates in C instead.
    ``where`` names a boolean column that must be true. Withdrawn steering items
    (:class:`lotse.core.models.Withdrawable`) are left out, as by the model's default manager.
    ``written_since`` (a data version) keeps the rows of the persons written after it
    (:class:`lotse.core.models.PersonStamp`); the table has a ``person_id`` column.
    Dates come as ISO text (``YYYY-MM-DD``), which :func:`lotse.domain.day_numbers.day_numbers`
    parses in C: a date object per row cost more than the whole query (0.59 s for 516,000
    contacts against 0.41 s as text, and 0.30 s against 0.02 s to turn them into day numbers)."""
    with connection.cursor() as cursor:
        cursor.execute(*_query(model, [_selected(model, c) for c in columns], where, written_since))
        rows = cursor.fetchall()
    table = np.array(rows, dtype=object).reshape(-1, len(columns))
    return [table[:, i] for i in range(len(columns))]


def fetch_typed(
    model,
    columns: dict[str, str | Sequence[str]],
    *,
    where: str | None = None,
    where_not: str | None = None,
    written_since: int | None = None,
    among: models.QuerySet | None = None,
) -> list[np.ndarray]:
    """Columns of a table as typed arrays, converted by the database where it can: ``columns``
    maps a column to ``INT``; ``DAY`` (a date as its day number, never empty) or
    ``DAY_OR_OPEN`` (an empty end is :data:`~lotse.domain.day_numbers.OPEN_END`); ``BOOL``
    (0/1); ``KEY_OR_NONE`` (a foreign key, -1 where empty); a vocabulary (the value's index in
    it, -1 for any other) or ``TEXT`` (an object array). Rows of numbers only become one
    ``int64`` table in a single C conversion: reading the population this way takes half the
    time of reading dates as text (whose parse and object arrays cost more than the query).
    ``where`` and ``written_since`` as for :func:`fetch_columns`; ``where_not`` names a
    boolean column that must be false; ``among``: only the rows whose primary key is among
    the values of this one-column query (its ordering is dropped: the rows come unordered)."""
    quote = connection.ops.quote_name
    selects = []
    for name, kind in columns.items():
        column = quote(name)
        if not isinstance(kind, str):  # a vocabulary: its values are code names
            cases = " ".join(f"WHEN '{value}' THEN {i}" for i, value in enumerate(_codes(kind)))
            selects.append(f"CASE {column} {cases} ELSE -1 END")
        elif kind == DAY:
            selects.append(_day_number(column))
        elif kind == DAY_OR_OPEN:
            selects.append(f"COALESCE({_day_number(column)}, {OPEN_END})")
        elif kind == BOOL:
            selects.append(f"CASE WHEN {column} THEN 1 ELSE 0 END")
        elif kind == KEY_OR_NONE:
            selects.append(f"COALESCE({column}, -1)")
        elif kind in (INT, TEXT):
            selects.append(column)
        else:
            raise ValueError(f"{name}: unknown kind {kind!r}")
    try:
        subquery = among.order_by().query.sql_with_params() if among is not None else None
    except EmptyResultSet:  # among keys Django knows to be none
        return [np.zeros(0, dtype=object if kind == TEXT else np.int64) for kind in columns.values()]
    aggregated = _aggregated(model, columns, selects, where, written_since, where_not, subquery)
    if aggregated is not None:
        return aggregated
    texts = [i for i, kind in enumerate(columns.values()) if isinstance(kind, str) and kind == TEXT]
    with connection.cursor() as cursor:
        cursor.execute(*_query(model, selects, where, written_since, where_not, subquery))
        rows = cursor.fetchall()
    if not texts:  # one flat pass (twice as fast as np.array over the row tuples)
        flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * len(columns))
        table = flat.reshape(-1, len(columns))
        return [table[:, i] for i in range(len(columns))]
    table = np.array(rows, dtype=object).reshape(-1, len(columns))
    return [table[:, i] if i in texts else table[:, i].astype(np.int64) for i in range(len(columns))]


def beside[T](read: Callable[[], T]) -> Callable[[], T]:
    """Start ``read`` on a second connection in a second thread, beside the caller's own
    reads, and return what waits for its result: the database works in C without Python's
    lock (SQLite's ``group_concat``, PostgreSQL's server), so a long read of one table overlaps
    the reads and arithmetic of the others on the second core. Where the caller's connection
    is inside a transaction (a test's, a write's), a second connection could not see its
    uncommitted rows, and an in-memory SQLite database is the connection's own: there the
    read runs at once, as before."""
    if connection.in_atomic_block or (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        value = read()
        return lambda: value

    def in_thread() -> T:
        try:
            return read()
        finally:
            connections.close_all()  # this thread's connections

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lotse-read")
    future = pool.submit(in_thread)
    pool.shutdown(wait=False)
    return future.result


def fetch_keys(query: models.QuerySet) -> np.ndarray:
    """The integers of a one-column query (``values("…")``; its ordering dropped, empty values
    left out) as one array, read as one text like :func:`fetch_typed`'s columns."""
    try:
        sql, params = query.order_by().query.sql_with_params()
    except EmptyResultSet:  # a query Django knows to be empty (``none()``, ``__in=[]``)
        return np.zeros(0, dtype=np.int64)
    joined = "group_concat(k, ',')" if connection.vendor == "sqlite" else "string_agg(k::text, ',')"
    with connection.cursor() as cursor:
        cursor.execute(f"WITH q(k) AS ({sql}) SELECT COUNT(k), {joined} FROM q", params)
        count, text = cursor.fetchone()
    values = _numbers(text)
    if values is None or values.size != count:
        raise ValueError("not a query of integers")
    return values


def _aggregated(
    model,
    columns: dict[str, str | Sequence[str]],
    selects: list[str],
    where: str | None,
    written_since: int | None,
    where_not: str | None,
    among: tuple[str, tuple] | None = None,
) -> list[np.ndarray] | None:
    """The columns read as one text each, which NumPy parses or splits in C: Python's drivers
    make a tuple and an object per row and value, which cost more than the database's scan
    (SQLite: 1.4 µs a row for two numbers; as text 0.2 µs). The aggregates of one statement
    see the same rows in the same order, so the columns stay aligned, in the order a plain
    ``SELECT`` gives them. On SQLite, dates come as their ISO text, ten characters each
    without separators, which NumPy turns into day numbers (faster than SQLite's
    ``julianday``); texts are joined by the unit separator (U+001F). ``None`` where that
    cannot give one value per row (a missing number, which the plain read then reports; a
    missing text, or one holding the separator: more separators than gaps between the
    values), so the caller reads row by row."""
    sqlite = connection.vendor == "sqlite"
    quote = connection.ops.quote_name
    kinds = [kind if isinstance(kind, str) else "vocabulary" for kind in columns.values()]
    parts = ["COUNT(*)"]
    for name, kind, select in zip(columns, kinds, selects, strict=True):
        column = quote(name)
        if kind == TEXT:  # and how many are empty (NULL), which the aggregate leaves out
            parts.append(f"group_concat({column}, char(31))" if sqlite else f"string_agg({column}, chr(31))")
            parts.append(f"COUNT(*) - COUNT({column})")
        elif sqlite and kind == DAY:
            parts.append(f"group_concat({column}, '')")
        elif sqlite and kind == DAY_OR_OPEN:
            parts.append(f"group_concat(COALESCE({column}, '{OPEN_END_ISO}'), '')")
        elif sqlite:
            parts.append(f"group_concat({select}, ',')")
        else:
            parts.append(f"string_agg(({select})::text, ',')")
    with connection.cursor() as cursor:
        cursor.execute(*_query(model, parts, where, written_since, where_not, among))
        count, *texts = cursor.fetchone()
    results = iter(texts)
    arrays = []
    for kind in kinds:
        text = next(results)
        if kind == TEXT:
            # with no NULL, the separators between the values are all there are, unless a
            # value holds one (counted here in C: SQLite's instr per row cost a third more)
            if next(results) or (count and text.count("\x1f") != count - 1):
                return None
            values = np.array(text.split("\x1f") if count else [], dtype=object)
        elif not count:
            values = np.zeros(0, dtype=np.int64)
        elif sqlite and kind in (DAY, DAY_OR_OPEN):
            values = _iso_days(text, count)
        else:
            values = _numbers(text)
        if values is None or len(values) != count:
            return None
        arrays.append(values)
    return arrays


def _iso_days(text: str | None, count: int) -> np.ndarray | None:
    """Day numbers of ``count`` ISO dates written one after another, or ``None``."""
    if text is None or len(text) != 10 * count or not text.isascii():
        return None
    try:
        return np.frombuffer(text.encode("ascii"), dtype="S10").astype("datetime64[D]").astype(np.int64)
    except ValueError:
        return None


def _numbers(text: str | None) -> np.ndarray | None:
    """Integers written with commas between them, or ``None`` where NumPy cannot read them all
    (it warns then)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return np.fromstring(text or "", dtype=np.int64, sep=",")
        except (ValueError, DeprecationWarning):
            return None


def names_of(vocabulary: Sequence[str], codes: np.ndarray) -> np.ndarray:
    """Vocabulary codes read by :func:`fetch_typed` back to their values ("" for -1: a value
    outside the vocabulary)."""
    return np.array([*vocabulary, ""])[codes]


def _codes(vocabulary: Sequence[str]) -> Sequence[str]:
    """The vocabulary, if every value is a code name (ASCII letters, digits, underscores):
    the values go into the SQL text."""
    if not all(str(value).replace("_", "").isalnum() and str(value).isascii() for value in vocabulary):
        raise ValueError(f"not a vocabulary of code names: {vocabulary!r}")
    return vocabulary


def _day_number(column: str) -> str:
    """SQL for a date column as days since 1970-01-01 (PostgreSQL: date minus date is an integer)."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _query(
    model,
    selects: list[str],
    where: str | None,
    written_since: int | None,
    where_not: str | None = None,
    among: tuple[str, tuple] | None = None,
) -> tuple[str, list]:
    quote = connection.ops.quote_name
    sql = f"SELECT {', '.join(selects)} FROM {quote(model._meta.db_table)}"
    conditions = [quote(where)] if where else []
    if where_not:
        conditions.append(f"NOT {quote(where_not)}")
    if any(field.name == "withdrawn_at" for field in model._meta.concrete_fields):
        conditions.append(f"{quote('withdrawn_at')} IS NULL")
    params: list = []
    if among is not None:
        conditions.append(f"{quote(model._meta.pk.column)} IN ({among[0]})")
        params.extend(among[1])
    if written_since is not None:
        stamps = quote(PersonStamp._meta.db_table)
        conditions.append(f"{quote('person_id')} IN (SELECT person_pk FROM {stamps} WHERE stamp > %s)")
        params.append(written_since)
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    return sql, params


def _selected(model, column: str) -> str:
    """The column as selected: a date as ISO text, everything else as it is."""
    quote = connection.ops.quote_name
    try:
        field = model._meta.get_field(column)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, models.DateField) or isinstance(field, models.DateTimeField):
        return quote(column)
    if connection.vendor == "postgresql":  # independent of the server's DateStyle
        return f"to_char({quote(column)}, 'YYYY-MM-DD')"
    return f"CAST({quote(column)} AS TEXT)"
