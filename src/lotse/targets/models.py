"""The yearly target agreement, its targets, monthly comments and steering measures, and
the monthly figures imported from the benefit statistics (SPEC S9; Zielvereinbarung 2014 Mettmann).

A target is data: which key figure, the plan value, whether more or less is better, who
owns it (BA or the municipality) and whether the plan is a value or a change against the
previous year ("+5 % integrations of U25"). The actual value is always computed
(:mod:`lotse.targets.figures`); nothing here stores an actual.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import DayField
from lotse.organisation.models import Team


class Figure(models.TextChoices):
    K2 = "k2_integration_rate", _("K2 integration rate (%)")
    K3 = "k3_long_term_stock", _("K3 stock of long-term recipients")
    K1 = "k1_subsistence", _("K1 subsistence benefits (€, monitoring)")
    INTEGRATIONS_U25 = "integrations_u25", _("integrations of under-25s")
    INTEGRATIONS_SINGLE_PARENTS = "integrations_single_parents", _("integrations of single parents")
    MEASURE_ENTRIES_SINGLE_PARENTS = "measure_entries_single_parents", _("measure entries of single parents")
    AGREEMENT_QUOTA = "agreement_quota", _("agreement quota (%)")
    CONTACT_DENSITY = "contact_density", _("contact density: contact within 6 months (%)")
    OWN_RULES = "contact_rules_compliance", _("contact density: share meeting their own contact rules (%)")
    HOUSING = "housing_costs", _("housing and heating costs (€)")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least (more is better)")
    AT_MOST = "at_most", _("at most (less is better)")
    MONITOR = "monitor", _("monitoring only")


class Owner(models.TextChoices):
    BA = "ba", _("Federal Employment Agency (BA)")
    MUNICIPALITY = "municipality", _("municipal carrier")
    JOINT = "joint", _("both carriers")


class Basis(models.TextChoices):
    VALUE = "value", _("value")
    CHANGE = "change_vs_previous_year_pct", _("change against the previous year (%)")


class TargetAgreement(models.Model):
    """The agreement of one year (Zielvereinbarung); ``is_preset`` marks a shipped template."""

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200, unique=True)
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    is_preset = models.BooleanField(_("template"), default=False)

    class Meta:
        verbose_name = _("target agreement")
        verbose_name_plural = _("target agreements")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    agreement = models.ForeignKey(TargetAgreement, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("target"), max_length=300)
    figure = models.CharField(_("key figure"), max_length=64, choices=Figure.choices)
    plan = models.DecimalField(_("plan value"), max_digits=14, decimal_places=2)
    basis = models.CharField(_("plan as"), max_length=32, choices=Basis.choices, default=Basis.VALUE)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    owner = models.CharField(_("owner"), max_length=16, choices=Owner.choices)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["agreement", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def followed_up(self) -> bool:
        """Whether the MBZ's follow-up (the Jobcenter's comment, steering measures) applies:
        "Gilt nur für die Ziele im Verantwortungsbereich der BA, nicht für kommunale Ziele"
        (Zielvereinbarung 2014 Mettmann, Vereinbarungen zum Zielnachhalteprozess)."""
        return self.owner != Owner.MUNICIPALITY


class TeamShare(models.Model):
    """A team's part of a target, for the monthly performance dialogue."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="team_shares")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    plan = models.DecimalField(_("plan value"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("team share")
        verbose_name_plural = _("team shares")
        constraints = [models.UniqueConstraint(fields=["target", "team"], name="one_share_per_team")]

    def __str__(self) -> str:
        return f"{self.target_id}/{self.team_id}: {self.plan}"


class TargetComment(models.Model):
    """The Jobcenter's comment on a target in one month's report (MBZ)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="comments")
    month = DayField(_("month"))  # the first day of the month
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("target comment")
        verbose_name_plural = _("target comments")
        constraints = [models.UniqueConstraint(fields=["target", "month"], name="one_comment_per_month")]

    def __str__(self) -> str:
        return f"{self.target_id} {self.month:%Y-%m}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class SteeringAction(models.Model):
    """A steering measure agreed in the target dialogue and followed up month by month."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actions")
    agreed_in = DayField(_("agreed in month"))  # the first day of the month
    what = models.CharField(_("measure"), max_length=500)
    owner = models.CharField(_("responsible"), max_length=200)
    due = DayField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("steering measure")
        verbose_name_plural = _("steering measures")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.what


class MonthlyFigureKind(models.TextChoices):
    K1_SUBSISTENCE = "k1_subsistence", _("subsistence benefits without housing (K1)")
    HOUSING_COSTS = "housing_costs", _("housing and heating costs")


class MonthlyFigure(models.Model):
    """A monthly sum from the benefit statistics (imported, never typed into Lotse)."""

    month = DayField(_("month"))  # the first day of the month
    kind = models.CharField(_("figure"), max_length=32, choices=MonthlyFigureKind.choices)
    value = models.DecimalField(_("value (€)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        ordering = ["kind", "month"]
        constraints = [models.UniqueConstraint(fields=["month", "kind"], name="one_figure_per_month")]

    def __str__(self) -> str:
        return f"{self.kind} {self.month:%Y-%m}"
