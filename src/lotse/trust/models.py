"""The deletion log of the retention run (SPEC S11); the audit trail itself is
:class:`lotse.core.models.AuditEvent`, written by every app."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.models import DayField


class DeletionLog(models.Model):
    """One retention run: what was deleted, in numbers only (no personal data)."""

    run_at = models.DateTimeField(_("run at"), default=timezone.now)
    as_of = DayField(_("reference date"))
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"))
    cutoff = DayField(_("last benefit day on or before"))
    actor = models.CharField(_("actor"), max_length=150)
    counts = models.JSONField(_("deleted rows per kind"), default=dict)
    frozen_months = models.JSONField(_("months whose figures were frozen"), default=list)

    class Meta:
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.as_of}: {self.counts.get('persons', 0)}"
