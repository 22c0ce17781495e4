"""The record of scheduled jobs: every run of a nightly or minute job is written down with
its start, end, outcome, counts and error, so that an operator (and the health check) can
tell whether last night's routing ran.

Use :func:`job_run` around the work of a command::

    with job_run("route") as run:
        result = route_clients(...)
        run.counts = {"clients": result.routed, "handovers": result.handovers}

A failure is recorded with its error and raised again (the command still fails). The
scheduler's task runner (:mod:`lotse.ops.tasks`) sets :data:`ATTEMPT` so that a retry is
recorded as the second attempt of the same job.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.logs import log_job
from lotse.core.models import JobOutcome, JobRun

JOB_LABELS = {
    "route": gettext_lazy("nightly routing"),
    "events_overdue": gettext_lazy("overdue events"),
    "events_deliver": gettext_lazy("webhook delivery"),
    "retention": gettext_lazy("retention run"),
    "freeze_month": gettext_lazy("month freezing"),
}
# The jobs of the night: a failed last run of any of them shows the banner; the routing
# must also have succeeded within 26 hours (the readiness check asks for it).
NIGHTLY = ("route", "events_overdue", "retention", "freeze_month")
MUST_BE_RECENT = ("route",)
NIGHTLY_MAX_AGE = timedelta(hours=26)
ATTEMPT: ContextVar[int] = ContextVar("lotse_job_attempt", default=1)


@contextmanager
def job_run(job: str) -> Iterator[JobRun]:
    run = JobRun.objects.create(job=job, started_at=timezone.now(), attempt=ATTEMPT.get())
    started = time.perf_counter()
    try:
        yield run
    except BaseException as exc:
        run.outcome = JobOutcome.FAILED
        run.error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:4000]
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "error", "finished_at", "counts"])
        log_job(job, run.outcome, time.perf_counter() - started, run.counts, run.error)
        raise
    run.outcome = JobOutcome.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "finished_at", "counts"])
    log_job(job, run.outcome, time.perf_counter() - started, run.counts)


def nightly_problems(
    now: datetime | None = None, *, never_run_counts: bool = True, jobs: tuple[str, ...] = NIGHTLY
) -> list[str]:
    """What is wrong with the night's jobs, in words (empty: all ran): a job whose latest
    run failed; the routing if it never succeeded (unless ``never_run_counts`` is off) or
    its last success is older than 26 hours. The readiness check asks about the routing
    only (``jobs``): a failed retention run is the operator's business, not a reason to take
    the server out of service."""
    now = now or timezone.now()
    # One query for every page an administrator or team lead opens (the banner): per job the
    # start of its latest finished run and of its latest success. The latest finished run
    # failed exactly when it started after the latest success (finished runs either
    # succeeded or failed).
    starts = {
        row["job"]: (row["latest"], row["succeeded"])
        for row in JobRun.objects.filter(job__in=jobs)
        .exclude(outcome=JobOutcome.RUNNING)
        .values("job")
        .annotate(
            latest=Max("started_at"),
            succeeded=Max("started_at", filter=Q(outcome=JobOutcome.SUCCEEDED)),
        )
        .order_by()
    }
    problems = []
    for job in jobs:
        latest, success = starts.get(job, (None, None))
        name = str(JOB_LABELS.get(job, job))
        if latest is not None and (success is None or latest > success):
            when = timezone.localtime(latest).strftime("%d.%m.%Y %H:%M")
            problems.append(_("%(job)s: the run of %(when)s failed") % {"job": name, "when": when})
            continue
        if job not in MUST_BE_RECENT:
            continue
        if success is None:
            if never_run_counts:
                problems.append(_("%(job)s: has never run") % {"job": name})
        elif now - success > NIGHTLY_MAX_AGE:
            when = timezone.localtime(success).strftime("%d.%m.%Y %H:%M")
            problems.append(
                _("%(job)s: last run on %(when)s, more than 26 hours ago") % {"job": name, "when": when}
            )
    return problems
