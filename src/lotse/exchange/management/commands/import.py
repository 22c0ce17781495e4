"""lotse import DIR|FILE.xlsx — read an exchange-format folder or workbook, all or nothing."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import CommandError

from lotse.core.commands import LotseCommand
from lotse.core.progress import phase
from lotse.exchange.services import exchange_import


class Command(LotseCommand):
    help = (
        "Import an exchange-format folder of CSV files or an XLSX workbook with one sheet per "
        "file (docs/exchange-format.md). Nothing is written on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder of CSV files, or a .xlsx workbook")

    def handle(self, *args, folder: Path, **options):
        started = time.perf_counter()
        with phase(self.stdout, total=0, desc="Writing", unit="rows") as update:
            result = exchange_import(folder=folder, progress=lambda name, n: update(n))
        self.stdout.write(f"Read, checked and written in {time.perf_counter() - started:.1f} s.")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.", returncode=2)
        for name, count in result.counts.items():
            if count:
                self.stdout.write(f"{name}: {count} rows")
        self.stdout.write(self.style.SUCCESS("Import complete."))
