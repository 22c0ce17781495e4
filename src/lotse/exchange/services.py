"""The import as one state change: read, check, and write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lotse.clients.models import Person
from lotse.exchange import checks, writer
from lotse.exchange.keys import pks_by_external_id
from lotse.exchange.reader import RowError, read_folder
from lotse.trust.audit import record
from lotse.trust.models import AuditAction, AuditChannel


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def exchange_import(*, folder: Path, progress: writer.Progress | None = None) -> ImportResult:
    """Import a folder; any error means nothing is written and every error is returned."""
    data = read_folder(folder)
    # Cross-file checks need whole files: skip them when a file or header is unreadable
    # (they would only repeat that error for every row that refers to the file).
    if not any(error.line <= 1 for error in data.errors):
        checks.check(data)
    if data.errors:
        return ImportResult(errors=sorted(set(data.errors)))
    with transaction.atomic():
        counts = writer.write(data, progress)
        # Each imported person's record was written: one audited write each (SPEC S11).
        ids = pks_by_external_id(Person, [r["person_id"] for r in data.of("persons.csv")])
        if ids:
            record(
                action=AuditAction.WRITE,
                what="exchange_import",
                persons=sorted((pk, ref) for ref, pk in ids.items()),
                channel=AuditChannel.CLI,
            )
    return ImportResult(counts=counts)
