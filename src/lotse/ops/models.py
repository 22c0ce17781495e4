"""The scheduler's claims: which planned run of a job has been handed to the worker."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduleClaim(models.Model):
    """One planned run (job and its slot, e.g. routing at 02:00 on 3 December) taken by a
    scheduler. The unique pair is the lock between schedulers: the database lets exactly
    one of them insert it, so two schedulers never enqueue the same run twice."""

    job = models.CharField(_("scheduled job"), max_length=64)
    slot = models.DateTimeField(_("planned for"))
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    claimed_by = models.CharField(_("claimed by"), max_length=128)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_claim_per_job_and_slot")]
        indexes = [models.Index(fields=["slot"])]

    def __str__(self) -> str:
        return f"{self.job} {self.slot:%Y-%m-%d %H:%M}"
