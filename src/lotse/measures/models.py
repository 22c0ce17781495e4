"""Measures, participations, integrations, needs and third-party feedback (SPEC S7).

Participations, integrations and needs keep the client's target groups on the day of
the event (U25, single parent, long-term recipient), derived once by
:mod:`lotse.domain.facts` when the row is written. The key figures and target reports
count "integrations of single parents" from these columns: a person who stops being a
single parent later does not change last year's figures, as in the BA statistics.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.clients.models import Person
from lotse.core.models import DayField, ExternalKeyModel, Withdrawable
from lotse.network.models import Partner
from lotse.organisation.models import Staff


class MeasureKind(models.TextChoices):
    ACTIVATION = "activation", _("activation and placement (§ 45 SGB III)")
    VOCATIONAL_TRAINING = "vocational_training", _("vocational training (FbW)")
    WORKPLACE_TRIAL = "workplace_trial", _("workplace trial with an employer (MAG)")
    LANGUAGE = "language", _("language course")
    EMPLOYMENT_OPPORTUNITY = "employment_opportunity", _("employment opportunity (AGH)")
    COACHING = "coaching", _("holistic coaching (§ 16k SGB II)")
    YOUTH = "youth", _("measure for young people")


class TargetGroup(models.TextChoices):
    ALL = "all", _("all clients")
    U25 = "u25", _("under 25")
    SINGLE_PARENTS = "single_parents", _("single parents")
    LONG_TERM = "long_term", _("long-term recipients")
    REHAB = "rehab", _("rehabilitation / severely disabled")
    OVER_50 = "over_50", _("50 and over")


class Measure(ExternalKeyModel):
    """An entry of the measure catalogue: what, by whom, for whom, how many places."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=MeasureKind.choices)
    provider = models.CharField(_("provider"), max_length=200)
    target_group = models.CharField(
        _("target group"), max_length=32, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"


class TargetGroupSnapshot(models.Model):
    """The client's target groups on the day of the event, derived when written."""

    u25 = models.BooleanField(_("under 25"), default=False)
    single_parent = models.BooleanField(_("single parent"), default=False)
    long_term = models.BooleanField(_("long-term recipient"), default=False)

    class Meta:
        abstract = True


class ExitReason(models.TextChoices):
    COMPLETED = "completed", _("completed")
    DROPPED_OUT = "dropped_out", _("dropped out")
    INTEGRATED = "integrated", _("left for a job")
    OTHER = "other", pgettext_lazy("exit reason", "other")


class Participation(ExternalKeyModel, TargetGroupSnapshot, Withdrawable):
    """A client in a measure from ``entered`` to ``exited`` (inclusive; open while in it)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="participations")
    entered = DayField(_("entered"))
    exited = DayField(_("exited"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=16, choices=ExitReason.choices, blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["person", "entered"]
        indexes = [models.Index(fields=["entered"]), models.Index(fields=["exited"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(exited__isnull=True) | models.Q(exited__gte=models.F("entered")),
                name="participation_exits_after_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.measure_id} from {self.entered}"


class IntegrationKind(models.TextChoices):
    EMPLOYMENT = "employment", _("employment subject to social insurance")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    SELF_EMPLOYMENT = "self_employment", _("self-employment")
    PUBLICLY_FUNDED = "publicly_funded", _("publicly funded employment (not counted)")


class Integration(ExternalKeyModel, TargetGroupSnapshot, Withdrawable):
    """The start of a job, an apprenticeship or self-employment; ``ended`` when it ended."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="integrations")
    started = DayField(_("started"))
    kind = models.CharField(_("kind"), max_length=32, choices=IntegrationKind.choices)
    ended = DayField(_("ended"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["person", "started"]
        indexes = [models.Index(fields=["started"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended__isnull=True) | models.Q(ended__gte=models.F("started")),
                name="integration_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.kind} from {self.started}"


class NeedKind(models.TextChoices):
    CHILDCARE = "childcare", _("childcare")
    CARE_OF_RELATIVES = "care_of_relatives", _("care of relatives")
    DEBT = "debt", _("debts")
    ADDICTION = "addiction", _("addiction")
    PSYCHOSOCIAL = "psychosocial", _("psychosocial problems")
    HEALTH = "health", _("health")
    LANGUAGE = "language", _("German language")
    QUALIFICATION = "qualification", _("vocational qualification")
    MOBILITY = "mobility", _("mobility")
    HOUSING = "housing", _("housing")


class Need(TargetGroupSnapshot, Withdrawable):
    """A need a caseworker recorded (Hagen concept § 4), aggregated per target group for planning."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("need"), max_length=32, choices=NeedKind.choices)
    recorded_on = DayField(_("recorded on"))
    resolved_on = DayField(_("resolved on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["person", "-recorded_on"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.recorded_on})"


class FeedbackSource(models.TextChoices):
    PROVIDER = "provider", _("measure provider")
    EMPLOYER = "employer", _("employer")
    NETWORK_PARTNER = "network_partner", _("network partner")


class Feedback(Withdrawable):
    """What a provider, employer or network partner reported about a client (Hagen concept § 8)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback")
    source = models.CharField(_("from"), max_length=32, choices=FeedbackSource.choices)
    source_name = models.CharField(_("name of the partner"), max_length=200)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
        verbose_name=_("partner of the network"),
    )
    received_on = DayField(_("received on"))
    text = models.TextField(_("feedback"))
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("third-party feedback")
        verbose_name_plural = _("third-party feedback")
        ordering = ["person", "-received_on"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.received_on})"
