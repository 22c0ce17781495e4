"""lotse retention run --as-of D [--dry-run]: delete the persons whose retention period ended."""

from __future__ import annotations

import json

from django.core.management.base import CommandError
from django.db import ProgrammingError

from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.jobs import job_run
from lotse.core.progress import Progress
from lotse.trust.retention import retention_run


class Command(LotseCommand):
    help = "Delete client data whose retention period after the last benefit month has ended."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--as-of", dest="as_of", default=None)
        parser.add_argument("--dry-run", action="store_true", help="count only, delete nothing")

    def handle(self, *args, action, as_of, dry_run, **options):
        try:
            day = parse_as_of(as_of)
        except ValueError:
            raise CommandError(f"--as-of '{as_of}' is not a date of the form YYYY-MM-DD") from None
        try:
            progress = Progress(self.stderr)  # phases on standard error: the JSON stays clean
            if dry_run:
                result = retention_run(as_of=day, dry_run=True, progress=progress)
            else:
                with job_run("retention") as record:
                    result = retention_run(as_of=day, dry_run=False, progress=progress)
                    record.counts = {"as_of": day.isoformat(), **result.counts}
        except ProgrammingError as exc:
            if "permission denied" not in str(exc):
                raise
            raise CommandError(
                "The database role may not delete audit entries (by design, see docs/operations.md): "
                "run the retention with the owner's DATABASE_URL. Nothing was deleted."
            ) from None
        self.stdout.write(
            json.dumps(
                {
                    "as_of": day.isoformat(),
                    "dry_run": dry_run,
                    "retention_years": result.years,
                    "benefits_ended_on_or_before": result.cutoff.isoformat(),
                    "deleted" if not dry_run else "would_delete": result.counts,
                    "frozen_months": [d.isoformat() for d in result.frozen],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
