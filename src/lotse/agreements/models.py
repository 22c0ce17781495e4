"""Integration agreements and cooperation plans per client (SPEC S6).

An agreement is valid from the day it is concluded until its review is due (at the
latest after the months of the :class:`AgreementRules` valid then: six, § 15 SGB II).
Updating it at a later contact is a new row, so the history stays as it was.
``at_first_contact`` is decided when it is written: no counting contact of the current
benefit period lay before it. The quota a Jobcenter aims at (80 % in the Zielvereinbarung
2014 Mettmann) is a target of its target agreement, not a constant here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.models import DayField, ExternalKeyModel, ValidityPeriod, Withdrawable


class AgreementRules(ValidityPeriod):
    """The rules an agreement is written by, from a date: when its review is due at the latest."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    review_months = models.PositiveSmallIntegerField(_("review due at the latest after (months)"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("agreement rules")
        verbose_name_plural = _("agreement rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    EGV = "egv", _("integration agreement (EGV)")
    COOPERATION_PLAN = "cooperation_plan", _("cooperation plan")


class Agreement(ExternalKeyModel, Withdrawable):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=32, choices=AgreementKind.choices)
    concluded_on = DayField(_("concluded on"))
    review_due = DayField(_("review due"))
    potential_analysis_on = DayField(_("potential analysis on"), null=True, blank=True)
    at_first_contact = models.BooleanField(_("concluded at the first contact"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["person", "-concluded_on"]
        indexes = [models.Index(fields=["person", "concluded_on"]), models.Index(fields=["review_due"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_due__gte=models.F("concluded_on")),
                name="agreement_review_after_conclusion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.kind} {self.concluded_on}"
