"""``lotse scheduler`` — enqueues the nightly jobs and the minute's webhook delivery on time.

Runs beside ``lotse worker`` (deploy/lotse-scheduler.service). Two schedulers may run (two
machines): each planned run is claimed once in the database (lotse.ops.scheduler).
``--once`` looks at the clock once and exits.
"""

from __future__ import annotations

import signal
import time

from django.db import close_old_connections

from lotse.core.commands import LotseCommand
from lotse.ops.scheduler import plan, tick


class Command(LotseCommand):
    help = "Enqueue the scheduled jobs at the times of LOTSE_SCHEDULE (until stopped, or --once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="one look at the clock, then exit")
        parser.add_argument("--interval", type=float, default=20.0, help="seconds between looks")

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        entries = plan()  # a plan that cannot be read stops the scheduler before its first look
        self.stdout.write(
            "plan: "
            + ", ".join(
                f"{e.job} {e.at.strftime('%H:%M') if e.at else f'every {e.every_minutes} min'}"
                for e in entries
            )
        )
        running = True

        def stop(signum, frame) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            close_old_connections()
            result = tick()
            for job in result.enqueued:
                self.stdout.write(f"enqueued {job}")
            for job in result.abandoned:
                self.stdout.write(f"{job}: a run did not finish; marked failed")
            if once:
                return
            deadline = time.monotonic() + interval
            while running and time.monotonic() < deadline:  # a stop signal ends the wait at once
                time.sleep(0.2)
