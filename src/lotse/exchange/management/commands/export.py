"""lotse export DIR — write the database as an exchange-format folder."""

from __future__ import annotations

from pathlib import Path

from lotse.core.commands import LotseCommand
from lotse.exchange.exporter import export


class Command(LotseCommand):
    help = "Export master data as an exchange-format folder (docs/exchange-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        for name, count in export(folder).items():
            self.stdout.write(f"{name}: {count} rows")
