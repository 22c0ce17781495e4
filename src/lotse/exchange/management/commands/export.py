"""lotse export DIR [--xlsx FILE] — write the database as an exchange-format folder (and,
on request, the same files as one workbook with a sheet per file)."""

from __future__ import annotations

from pathlib import Path

from lotse.core.commands import LotseCommand
from lotse.exchange.exporter import export, workbook_of_folder


class Command(LotseCommand):
    help = "Export master data as an exchange-format folder (docs/exchange-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--xlsx", type=Path, help="also write the files as one workbook (a sheet each)")

    def handle(self, *args, folder: Path, xlsx: Path | None = None, **options):
        for name, count in export(folder).items():
            self.stdout.write(f"{name}: {count} rows")
        if xlsx:
            self.stdout.write(f"{xlsx}: {workbook_of_folder(folder, xlsx)} sheets")
