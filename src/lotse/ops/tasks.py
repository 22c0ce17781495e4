"""The scheduled jobs as tasks of Django's tasks framework (database backend, ``lotse worker``).

A task runs the same management command an operator would (``lotse route`` …), so a
scheduled run and a manual one behave and are recorded alike (:func:`lotse.core.jobs.job_run`).
A run that fails is enqueued once more; when the second attempt fails too, the job stays
failed: the run record keeps the error and the banner tells administrators and team leads.
"""

from __future__ import annotations

import io

from django.core.management import call_command
from django.tasks import task

from lotse.core.jobs import ATTEMPT

COMMANDS: dict[str, tuple[str, ...]] = {
    "route": ("route",),
    "events_overdue": ("events", "overdue"),
    "events_deliver": ("events", "deliver"),
    "retention": ("retention", "run"),
    "freeze_month": ("evaluate", "freeze-month"),
}
MAX_ATTEMPTS = 2


@task()
def run_job(job: str, attempt: int = 1) -> str:
    """Run one scheduled job; on failure enqueue the retry (first attempt only), then fail."""
    token = ATTEMPT.set(attempt)
    out = io.StringIO()
    try:
        call_command(*COMMANDS[job], stdout=out)
    except Exception:
        retry(job, attempt)
        raise
    finally:
        ATTEMPT.reset(token)
    return out.getvalue()[-2000:]


def retry(job: str, failed_attempt: int) -> None:
    """Enqueue the next attempt of a job whose run failed, unless that was the last one."""
    if failed_attempt < MAX_ATTEMPTS:
        run_job.enqueue(job, failed_attempt + 1)
