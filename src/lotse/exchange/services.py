"""The import as one state change: read, check, and write all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lotse.exchange import checks, writer
from lotse.exchange.reader import RowError, read_folder


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
    return ImportResult(counts=writer.write(data, progress))
