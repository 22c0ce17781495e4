"""When the scheduled jobs run: the plan (``LOTSE_SCHEDULE``) and its slots.

A plan entry is ``job=HH:MM`` (daily at that local time) or ``job=*/N`` (every N minutes),
comma-separated, e.g. ``route=02:00,events_deliver=*/1``. A *slot* is one planned run: the
latest planned moment at or before now. A scheduler that was down catches up on the latest
missed slot within the job's grace period (a daily job for 12 hours, a minute job for
its own interval), never on a whole backlog.

Pure functions of the plan and a moment: tested without the database.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta

JOBS = ("route", "events_overdue", "events_deliver", "retention", "freeze_month")
DAILY_GRACE = timedelta(hours=12)


class PlanError(ValueError):
    """A plan entry that cannot be read; the message names the entry."""


@dataclass(frozen=True)
class Entry:
    job: str
    at: time | None = None  # daily at this local time
    every_minutes: int | None = None  # or every N minutes

    def latest_slot(self, now: datetime) -> datetime:
        """The latest planned moment at or before ``now`` (aware, in ``now``'s zone)."""
        if self.every_minutes:
            midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
            minutes = int((now - midnight).total_seconds() // 60)
            return midnight + timedelta(minutes=minutes - minutes % self.every_minutes)
        assert self.at is not None
        today = now.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return today if today <= now else today - timedelta(days=1)

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.every_minutes) if self.every_minutes else DAILY_GRACE

    def due_slot(self, now: datetime) -> datetime | None:
        """The slot to run now, or None when the latest one is older than the grace period."""
        slot = self.latest_slot(now)
        return slot if now - slot < self.grace else None


def parse_plan(text: str) -> list[Entry]:
    entries = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        job, sep, when = (s.strip() for s in raw.partition("="))
        if not sep or job not in JOBS:
            raise PlanError(f"'{raw}': expected job=HH:MM or job=*/N with a job of {', '.join(JOBS)}")
        if when.startswith("*/"):
            try:
                every = int(when[2:])
            except ValueError:
                raise PlanError(f"'{raw}': */N needs a number of minutes") from None
            if not 1 <= every <= 1440:
                raise PlanError(f"'{raw}': every 1 to 1440 minutes")
            entries.append(Entry(job, every_minutes=every))
        else:
            try:
                entries.append(Entry(job, at=time.fromisoformat(when)))
            except ValueError:
                raise PlanError(f"'{raw}': {when!r} is not a time HH:MM") from None
    return entries


def local(now: datetime, zone: str) -> datetime:
    """``now`` in the installation's time zone: 02:00 means 02:00 in Berlin, also in summer."""
    return now.astimezone(zoneinfo.ZoneInfo(zone))
