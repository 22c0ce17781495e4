"""Routing (SPEC S3): rule sets as data, handovers as the history of responsibility, and
manual overrides. The current responsibility itself is :class:`lotse.clients.models.Responsibility`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.models import DayField, ValidityPeriod
from lotse.organisation.models import Staff, Team


class RuleSet(ValidityPeriod):
    """An ordered routing hierarchy valid for a period; a draft is only used in simulations."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafts are only used in simulations.")
    )

    class Meta:
        verbose_name = _("routing rule set")
        verbose_name_plural = _("routing rule sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class Rule(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=64)
    label = models.CharField(_("label"), max_length=300)
    conditions = models.JSONField(
        _("conditions"),
        default=dict,
        blank=True,
        help_text=_('Derived facts that must all hold, e.g. {"single_parent": true, "u25": true}.'),
    )
    team_kind = models.CharField(_("team kind"), max_length=64)
    specialisation = models.CharField(_("specialisation"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["rule_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "position"], name="rule_position_unique"),
            models.UniqueConstraint(fields=["rule_set", "code"], name="rule_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"


class HandoverKind(models.TextChoices):
    ROUTING = "routing", _("rule hierarchy")
    OVERRIDE = "override", _("manual override")
    TRANSFER = "transfer", _("bulk transfer")
    ENDED = "ended", _("benefits ended")
    FACT_CHANGE = "fact_change", _("change of facts")


class Handover(models.Model):
    """A change of responsibility: the audit trail of who was responsible when, and why."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="handovers")
    from_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="handovers_out"
    )
    to_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="handovers_in"
    )
    rule_code = models.CharField(_("rule"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=HandoverKind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    effective_date = DayField(_("effective date"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-effective_date", "-pk"]
        indexes = [
            models.Index(fields=["effective_date"]),
            models.Index(fields=["to_team", "effective_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_staff_id} → {self.to_staff_id} ({self.effective_date})"


class Override(models.Model):
    """A manual assignment that beats the hierarchy until it expires (reason required)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="overrides")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    valid_from = DayField(_("valid from"))
    valid_until = DayField(_("valid until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("manual override")
        verbose_name_plural = _("manual overrides")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="override_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.staff_id} until {self.valid_until}"
