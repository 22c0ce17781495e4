"""Write a checked dataset to the database in one transaction.

Only called when :func:`lotse.exchange.checks.check` found nothing: the writes are plain
bulk inserts, file by file in the order of :data:`lotse.exchange.mapping.MAPPINGS` (a file
only refers to files above it), and the surrounding transaction guarantees that a failure
halfway (a full disk, a lost connection) leaves the database as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models, transaction

from lotse.clients.target_groups import target_groups
from lotse.core.db import CHUNK, analyze
from lotse.exchange.keys import bulk_insert
from lotse.exchange.mapping import MAPPINGS, ListOf, Mapping, Ref
from lotse.exchange.reader import Dataset, Row
from lotse.organisation.models import Specialisation
from lotse.organisation.reference import ensure_specialisations

Progress = Callable[[str, int], None]


class Keys:
    """Ids of the format → primary keys, per model and key field, fetched once per write:
    the persons named by eight files are looked up once, not eight times."""

    def __init__(self) -> None:
        self.known: dict[tuple[type[models.Model], object], dict[object, int]] = defaultdict(dict)

    def pks(self, model: type[models.Model], key: str | tuple[str, ...], wanted: Iterable) -> dict:
        known = self.known[(model, key)]
        missing = [k for k in set(wanted) if k not in known]
        if missing and isinstance(key, tuple):  # a compound key: the table is small (budgets)
            known.update(((*row[:-1],), row[-1]) for row in model.objects.values_list(*key, "pk"))
        else:
            for start in range(0, len(missing), CHUNK):
                known.update(
                    model.objects.filter(**{f"{key}__in": missing[start : start + CHUNK]}).values_list(
                        key, "pk"
                    )
                )
        return known


PROGRESS_SLICE = 25_000  # rows written between two progress reports


@transaction.atomic
def write(data: Dataset, progress: Progress | None = None) -> dict[str, int]:
    """Insert every row; returns the number of rows written per file."""
    counts: dict[str, int] = {}
    keys = Keys()
    for mapping in MAPPINGS:
        rows = data.of(mapping.file)
        # in slices, so that a progress bar advances steadily through a large file
        for start in range(0, len(rows), PROGRESS_SLICE):
            part = rows[start : start + PROGRESS_SLICE]
            _write_file(mapping, part, keys)
            if progress:
                progress(mapping.file, len(part))
        counts[mapping.file] = len(rows)
    analyze(*{m.model for m in MAPPINGS}, *{r.model for m in MAPPINGS for r in m.refs if r.create})
    return counts


def _write_file(mapping: Mapping, rows: list[Row], keys: Keys) -> None:
    refs = {ref.column: _resolve(ref, rows, keys) for ref in mapping.refs}
    snapshots = (
        target_groups([(refs["person_id"][row["person_id"]], row[mapping.snapshot]) for row in rows])
        if mapping.snapshot
        else None
    )
    objects = []
    for i, row in enumerate(rows):
        values: dict[str, object] = {}
        if mapping.key_column:
            values["external_id"] = row[mapping.key_column]
        for column, name in mapping.fields.items():
            cell = row[column]
            values[name] = mapping.empty.get(column) if cell is None and column in mapping.empty else cell
        for ref in mapping.refs:
            values[f"{ref.field}_id"] = (
                refs[ref.column][ref.key_of(row)] if row[ref.column] is not None else None
            )
        if snapshots is not None:
            values.update(snapshots[i])
        objects.append(mapping.model(**values))
    bulk_insert(mapping.model, objects)
    for lst in mapping.lists:
        _write_list(mapping, lst, rows, keys)


def _resolve(ref: Ref, rows: list[Row], keys: Keys) -> dict:
    """The primary keys of the rows named in ``ref``'s column; creates the missing ones of a
    ``create`` reference (cities, households, target agreements) first."""
    named = {ref.key_of(row): row for row in rows if row[ref.column] is not None}
    if ref.create:
        found = keys.pks(ref.model, ref.key, named)
        new = [k for k in named if k not in found]
        bulk_insert(
            ref.model,
            [
                ref.model(**{ref.key: k}, **(ref.create_values(named[k]) if ref.create_values else {}))
                for k in sorted(new)
            ],
        )
    return keys.pks(ref.model, ref.key, named)


def _write_list(mapping: Mapping, lst: ListOf, rows: list[Row], keys: Keys) -> None:
    """The through rows of a many-to-many column (a staff member's specialisations, districts)."""
    if lst.model is Specialisation:
        ensure_specialisations()  # the codes of the format exist in every installation
    owners = keys.pks(mapping.model, "external_id", (row[mapping.key_column] for row in rows))
    targets = keys.pks(lst.model, lst.key, (item for row in rows for item in row[lst.column]))
    relation = mapping.model._meta.get_field(lst.field)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    bulk_insert(
        through,
        [
            through(**{f"{source}_id": owners[row[mapping.key_column]], f"{target}_id": targets[item]})
            for row in rows
            for item in row[lst.column]
        ],
    )
