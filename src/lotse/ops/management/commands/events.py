"""``lotse events overdue --as-of D`` (nightly) and ``lotse events deliver`` (every minute)."""

from __future__ import annotations

from django.core.management.base import CommandError

from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.jobs import job_run


class Command(LotseCommand):
    help = "Emit the nightly events, or send the pending webhook deliveries."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        overdue = sub.add_parser("overdue", help="emit client.overdue for clients overdue on the date")
        overdue.add_argument("--as-of", default=None, help="reference date YYYY-MM-DD (default: today)")
        deliver = sub.add_parser("deliver", help="send the webhook deliveries that are due")
        deliver.add_argument("--limit", type=int, default=500)
        deliver.add_argument("--timeout", type=float, default=10.0, help="seconds per request")

    def handle(self, *args, **options):
        if options["action"] == "overdue":
            from lotse.contacts.overdue import emit_overdue

            try:
                as_of = parse_as_of(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of '{options['as_of']}' is not a date of the form YYYY-MM-DD"
                ) from None
            with job_run("events_overdue") as record:
                count = emit_overdue(as_of)
                record.counts = {"as_of": as_of.isoformat(), "emitted": count}
            self.stdout.write(f"{count} client.overdue events emitted for {as_of}")
        else:
            from lotse.events.delivery import deliver_due

            with job_run("events_deliver") as record:
                run = deliver_due(limit=options["limit"], timeout=options["timeout"])
                record.counts = {"delivered": run.delivered, "retrying": run.retrying, "failed": run.failed}
            self.stdout.write(f"delivered {run.delivered}, will retry {run.retrying}, given up {run.failed}")
