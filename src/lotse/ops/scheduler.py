"""The scheduler: hands every planned run of a job to the worker exactly once.

:func:`tick` is one look at the clock. For each plan entry whose slot is due it inserts a
:class:`ScheduleClaim` and enqueues the task in the same transaction; a second scheduler
doing the same at the same moment fails on the unique (job, slot) pair and skips — the
database is the lock, on SQLite and PostgreSQL alike. A run left "running" longer than
``LOTSE_JOB_TIMEOUT_HOURS`` (its worker died) is marked failed and tried once more.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lotse.core.models import JobOutcome, JobRun
from lotse.ops.models import ScheduleClaim
from lotse.ops.schedule import Entry, local, parse_plan
from lotse.ops.tasks import retry, run_job

KEEP = timedelta(days=14)


@dataclass
class Tick:
    enqueued: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # claimed by another scheduler already
    abandoned: list[str] = field(default_factory=list)  # runs whose worker died


def plan() -> list[Entry]:
    return parse_plan(settings.LOTSE_SCHEDULE)


def tick(now: datetime | None = None, *, name: str | None = None) -> Tick:
    now = local(now or timezone.now(), settings.TIME_ZONE)
    name = name or f"{socket.gethostname()}:{id(object())}"
    result = Tick()
    for entry in plan():
        slot = entry.due_slot(now)
        if slot is None or ScheduleClaim.objects.filter(job=entry.job, slot=slot).exists():
            continue
        try:
            with transaction.atomic():
                claim = ScheduleClaim.objects.create(job=entry.job, slot=slot, claimed_by=name[:128])
                claim.task_id = str(run_job.enqueue(entry.job).id)
                claim.save(update_fields=["task_id"])
        except IntegrityError:
            result.skipped.append(entry.job)
            continue
        result.enqueued.append(entry.job)
    result.abandoned = _retry_abandoned(now)
    _prune(now)
    return result


def _prune(now: datetime) -> None:
    """Claims and finished task results older than two weeks go (a minute job makes 1,440 a
    day); the run records (JobRun) stay, they are the history an operator reads."""
    from django_tasks_db.models import DBTaskResult

    cutoff = now - KEEP
    ScheduleClaim.objects.filter(slot__lt=cutoff).delete()
    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()


def _retry_abandoned(now: datetime) -> list[str]:
    """Runs still "running" after the timeout: their worker was killed or the machine went
    down. Marked failed (the banner shows it) and, on a first attempt, tried once more."""
    limit = now - timedelta(hours=settings.LOTSE_JOB_TIMEOUT_HOURS)
    abandoned = []
    for run in JobRun.objects.filter(outcome=JobOutcome.RUNNING, started_at__lt=limit):
        with transaction.atomic():
            updated = JobRun.objects.filter(pk=run.pk, outcome=JobOutcome.RUNNING).update(
                outcome=JobOutcome.FAILED,
                finished_at=now,
                error=f"did not finish within {settings.LOTSE_JOB_TIMEOUT_HOURS} hours (worker stopped?)",
            )
            if updated:
                retry(run.job, run.attempt)
        if updated:
            abandoned.append(run.job)
    return abandoned
