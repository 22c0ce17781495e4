"""Reading whole table columns into NumPy arrays for set-based analytics."""

from __future__ import annotations

import numpy as np
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models

from lotse.core.models import PersonStamp


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
    quote = connection.ops.quote_name
    sql = f"SELECT {', '.join(_selected(model, c) for c in columns)} FROM {quote(model._meta.db_table)}"
    conditions = [quote(where)] if where else []
    if any(field.name == "withdrawn_at" for field in model._meta.concrete_fields):
        conditions.append(f"{quote('withdrawn_at')} IS NULL")
    params: list[int] = []
    if written_since is not None:
        stamps = quote(PersonStamp._meta.db_table)
        conditions.append(f"{quote('person_id')} IN (SELECT person_pk FROM {stamps} WHERE stamp > %s)")
        params.append(written_since)
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=object).reshape(-1, len(columns))
    return [table[:, i] for i in range(len(columns))]


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
