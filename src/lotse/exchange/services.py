"""The import as one state change: read, check, and write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lotse.clients.models import Person
from lotse.core.audit import record
from lotse.core.models import AuditAction, AuditChannel
from lotse.exchange import checks, writer
from lotse.exchange.keys import pks_by_external_id
from lotse.exchange.reader import Dataset, RowError, read_folder, read_records, read_workbook


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def exchange_import(*, folder: Path, progress: writer.Progress | None = None) -> ImportResult:
    """Import a folder of CSV files, or an XLSX workbook with one sheet per file; any error
    means nothing is written and every error is returned."""
    data = read_workbook(folder) if folder.suffix.lower() == ".xlsx" else read_folder(folder)
    # Cross-file checks need whole files: skip them when a file could not be read to its end
    # (they would only repeat that error for every row that refers to the file).
    if not data.unreadable:
        checks.check(data)
    return import_dataset(data, progress=progress)


def import_records(
    *, files: dict[str, list[dict[str, str]]], user=None, channel: AuditChannel = AuditChannel.API
) -> ImportResult:
    """Import records given per exchange file (the API): same checks, same all-or-nothing."""
    data = read_records(files)
    checks.check(data)
    return import_dataset(data, user=user, channel=channel)


def import_dataset(
    data: Dataset,
    *,
    progress: writer.Progress | None = None,
    user=None,
    channel: AuditChannel = AuditChannel.CLI,
) -> ImportResult:
    """Write checked data in one transaction, or nothing if any check failed."""
    if data.errors:
        return ImportResult(errors=data.reported())
    with transaction.atomic():
        counts = writer.write(data, progress)
        # Each person whose record was written: one audited write each (SPEC S11).
        refs = {r["person_id"] for name in WRITES_PERSON for r in data.of(name)}
        ids = pks_by_external_id(Person, sorted(refs))
        if ids:
            record(
                action=AuditAction.WRITE,
                what="exchange_import",
                persons=sorted((pk, ref) for ref, pk in ids.items()),
                user=user,
                channel=channel,
            )
    return ImportResult(counts=counts)


# Files whose rows write a person's record (each such person gets an audit entry).
WRITES_PERSON = ("persons.csv", "household_members.csv", "benefit_periods.csv", "attributes.csv")
