"""lotse evaluate contact-density --as-of D [--by DIM ...] --format json|csv|xlsx|pdf [--output F]

lotse evaluate freeze-month --as-of D — the nightly job that keeps the figures of the last
closed month (``LOTSE_MONTH_CLOSING_DAYS`` after its end) so its report never changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.files import write_private
from lotse.core.jobs import job_run
from lotse.core.pdf import render_pdf
from lotse.evaluation.contact_density import (
    DIMENSIONS,
    closed_month_end,
    evaluate_contact_density,
    freeze_months,
)
from lotse.evaluation.exports import evaluation_csv, evaluation_xlsx
from lotse.evaluation.views import page_context


class Command(LotseCommand):
    help = "Monthly evaluations. contact-density: shares with a counting contact within 1/3/6 months."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["contact-density", "freeze-month"])
        parser.add_argument("--as-of", dest="as_of", default=None)
        parser.add_argument("--by", nargs="*", choices=DIMENSIONS, default=list(DIMENSIONS))
        parser.add_argument("--months", type=int, default=24, help="length of the series")
        parser.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json")
        parser.add_argument(
            "--output", default=None, help="file for xlsx/pdf (default: kontaktdichte-<as-of>.<format>)"
        )

    def handle(self, *args, report, as_of, by, months, format, output, **options):
        try:
            day = parse_as_of(as_of)
        except ValueError:
            raise CommandError(f"--as-of '{as_of}' is not a date of the form YYYY-MM-DD") from None
        if report == "freeze-month":
            with job_run("freeze_month") as record:
                closed = closed_month_end(day, settings.MONTH_CLOSING_DAYS)
                # the last closed month keeps its figures: its monthly report says the same
                # later, whatever is corrected or deleted since
                frozen = freeze_months([closed])
                record.counts = {
                    "as_of": day.isoformat(),
                    "month_end": closed.isoformat(),
                    "frozen": len(frozen),
                }
            verb = "frozen" if frozen else "already frozen"
            self.stdout.write(f"{closed}: {verb}")
            return
        evaluation = evaluate_contact_density(day, by=tuple(by), series_months=months)
        if format == "json":
            self.stdout.write(json.dumps(evaluation.as_json(), ensure_ascii=False, indent=1))
            return
        if format in ("xlsx", "pdf"):
            path = Path(output or f"kontaktdichte-{day}.{format}")
            with translation.override(settings.LANGUAGE_CODE):
                if format == "xlsx":
                    write_private(path, evaluation_xlsx(evaluation))
                else:
                    write_private(
                        path, render_pdf("evaluation/contact_density_pdf.html", page_context(evaluation))
                    )
            self.stdout.write(str(path))
            return
        evaluation_csv(evaluation, self.stdout)
