"""``lotse worker`` — runs the queued scheduled jobs (Django tasks, database backend).

A thin front to django-tasks-db's ``db_worker`` with Lotse's defaults, so the deploy
files and the README name one Lotse command. ``--batch`` runs what is queued and exits.
"""

from __future__ import annotations

from django.core.management import call_command

from lotse.core.commands import LotseCommand


class Command(LotseCommand):
    help = "Run the scheduled jobs that `lotse scheduler` queued (until stopped, or --batch)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks at the queue")

    def handle(self, *args, batch: bool, interval: float, **options) -> None:
        call_command(
            "db_worker", batch=batch, interval=interval, startup_delay=not batch, reload=False, verbosity=1
        )
