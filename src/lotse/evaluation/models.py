"""Frozen monthly figures: what an evaluation showed before the data behind it were deleted."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core.models import DayField


class FrozenMonth(models.Model):
    """The contact-density evaluation of one month end, kept as figures (no personal data).

    The retention run freezes every month in which a person it deletes was a client,
    before deleting; from then on the evaluation of that month reads these figures, so
    a report for an earlier month gives the same numbers after the deletion as before.
    """

    month_end = DayField(_("month end"), unique=True)
    figures = models.JSONField(_("figures"))
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)

    class Meta:
        verbose_name = _("frozen month")
        verbose_name_plural = _("frozen months")
        ordering = ["month_end"]

    def __str__(self) -> str:
        return self.month_end.isoformat()
