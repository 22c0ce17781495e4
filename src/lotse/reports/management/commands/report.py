"""``lotse report NAME --format pdf|xlsx|csv|csv-exchange|json --output FILE``: any report of
:mod:`lotse.reports.registry` from the command line, with the parameters of its page."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from lotse.core.audit import record
from lotse.core.clock import parse_as_of, parse_day
from lotse.core.commands import LotseCommand
from lotse.core.files import write_private
from lotse.core.models import AuditAction, AuditChannel
from lotse.domain.dates import parse_month
from lotse.organisation.models import Team
from lotse.reports.definitions.base import Params
from lotse.reports.formats import FORMATS, render
from lotse.reports.registry import REPORTS


class Command(LotseCommand):
    help = "Write a report (contact density, MBZ, quotas, …) as PDF, XLSX, CSV or JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", choices=sorted(n for n, d in REPORTS.items() if not d.names_clients))
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", help="File to write (default: standard output)")
        parser.add_argument("--as-of", help="Reference date YYYY-MM-DD (default: today)")
        parser.add_argument("--from", dest="first", help="Start of the period YYYY-MM-DD")
        parser.add_argument("--year", type=int, help="Budget year (municipal services)")
        parser.add_argument("--month", help="Report month YYYY-MM (MBZ)")
        parser.add_argument("--by", default="team", help="Breakdown of the contact density")
        parser.add_argument("--team", help="Team id (MBZ of one team)")
        parser.add_argument("--table", help="Table of the exchange-format CSV (default: the first)")

    def handle(self, *args, **options) -> None:
        try:
            as_of = parse_as_of(options["as_of"])
            first = parse_day(options["first"]) if options["first"] else None
            month = parse_month(options["month"]) if options["month"] else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["team"] and not Team.objects.filter(external_id=options["team"]).exists():
            raise CommandError(f"--team: no team '{options['team']}'")
        params = Params(as_of, first, options["year"], month, options["by"], options["team"])
        with translation.override(settings.LANGUAGE_CODE):  # the documents speak German
            report = REPORTS[options["name"]].build(params)
            body = render(report, options["format"], options["table"])
        record(
            action=AuditAction.EXPORT,
            what=f"report {options['name']} ({options['format']})",
            channel=AuditChannel.CLI,
        )
        if options["output"]:
            write_private(Path(options["output"]), body)
            self.stdout.write(f"{options['output']}: {len(body):,} bytes".replace(",", "."))
        elif options["format"] in ("pdf", "xlsx"):
            raise CommandError(f"--output is required for {options['format']}")
        else:
            self.stdout.write(body.decode("utf-8-sig"), ending="")
