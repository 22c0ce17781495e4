"""``lotse report mbz --month YYYY-MM --format json|pdf|xlsx [--team T] [--output FILE]``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from lotse.core.audit import record
from lotse.core.commands import LotseCommand
from lotse.core.files import write_private
from lotse.core.models import AuditAction, AuditChannel
from lotse.domain.dates import parse_month
from lotse.organisation.models import Team
from lotse.targets.exports import mbz_json, mbz_pdf, mbz_xlsx
from lotse.targets.mbz import mbz_report


class Command(LotseCommand):
    help = "The monthly report on target achievement (MBZ) of a month, as JSON, PDF or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["mbz"])
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
        parser.add_argument("--team", help="a team id for the performance dialogue")
        parser.add_argument("--output", help="file to write (default: standard output for JSON)")

    def handle(self, *args, report, month, format, team, output, **options):
        try:
            first = parse_month(month)
        except ValueError as exc:
            raise CommandError(f"--month: {exc}") from None
        chosen = None
        if team:
            chosen = Team.objects.filter(external_id=team).first()
            if chosen is None:
                raise CommandError(f"--team: no team '{team}'")
        with translation.override(settings.LANGUAGE_CODE):
            self._write(mbz_report(first, chosen), first, format, output)

    def _write(self, mbz, first, format, output) -> None:
        record(action=AuditAction.EXPORT, what=f"mbz:{first:%Y-%m}", channel=AuditChannel.CLI)
        if format == "json":
            text = mbz_json(mbz)
            if output:
                write_private(Path(output), text)
            else:
                self.stdout.write(text)
            return
        if not output:
            raise CommandError(f"--output is required for {format}")
        write_private(Path(output), mbz_pdf(mbz) if format == "pdf" else mbz_xlsx(mbz))
        self.stdout.write(f"Wrote {output}", ending="\n")
