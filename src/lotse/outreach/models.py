"""Outreach counselling (SPEC S5; Kassel 2023): rounds, cases, visits, reasons and offers.

Who is a candidate is never stored: it follows on a date from the contact log and the
:class:`OutreachRule` valid then (:mod:`lotse.outreach.selectors`). What is stored is
the outreach team's work: a case when a candidate is taken into a visit round, the
visits with their results, the reasons found and the offers made; and the two
decisions a person takes — handing the client back, or closing the case (moved away).
Whether contact was re-established is read from the contact log, not ticked.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lotse.clients.models import Person
from lotse.core.models import DayField, ValidityPeriod
from lotse.organisation.models import District, Staff


class OutreachRule(ValidityPeriod):
    """When a client counts as lost: configurable, with validity dates (the Kassel preset:
    six months without contact by any way)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    gap_months = models.PositiveSmallIntegerField(_("months without contact"), default=6)
    other_ways = models.BooleanField(
        _("other ways of contact count"),
        default=True,
        help_text=_(
            "A letter, e-mail or other exchange keeps a client off the list (the other ways of "
            "contact have not broken off). Off: only contacts that count for the contact density do."
        ),
    )
    missed_in_row = models.PositiveSmallIntegerField(
        _("missed appointments in a row"),
        default=0,
        help_text=_("A trigger of the Jobcenter's own (not in the Kassel concept); 0: off."),
    )

    class Meta:
        verbose_name = _("outreach rule")
        verbose_name_plural = _("outreach rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name


class Trigger(models.TextChoices):
    GAP = "gap", _("no counting contact for the set months")
    MISSED = "missed", _("missed appointments in a row")


class VisitRound(models.Model):
    """A round of home visits by one outreach worker over districts and days."""

    name = models.CharField(_("name"), max_length=200)
    staff = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="visit_rounds", verbose_name=_("outreach worker")
    )
    districts = models.ManyToManyField(District, related_name="visit_rounds", verbose_name=_("districts"))
    first_day = DayField(_("first day"))
    last_day = DayField(_("last day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit round")
        verbose_name_plural = _("visit rounds")
        ordering = ["-first_day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="round_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CloseReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("moved away")
    OTHER = "other", _("other")


# A case is open until the client is handed back or the case is closed.
OPEN = Q(handed_back_on__isnull=True, closed_on__isnull=True)


class OutreachCaseQuerySet(models.QuerySet):
    def open(self) -> OutreachCaseQuerySet:
        return self.filter(OPEN)


class OutreachCase(models.Model):
    """A candidate the outreach team works on, from the round that took them in."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="outreach_cases")
    opened_on = DayField(_("opened on"))
    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    visit_round = models.ForeignKey(
        VisitRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    staff = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outreach_cases",
        verbose_name=_("outreach worker"),
    )
    handed_back_on = DayField(_("handed back to the caseworker on"), null=True, blank=True)
    closed_on = DayField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=16, choices=CloseReason.choices, blank=True
    )
    note_to_benefits = models.TextField(_("note to the benefits team"), blank=True)

    objects = OutreachCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("outreach case")
        verbose_name_plural = _("outreach cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=OPEN,
                name="one_open_outreach_case_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.handed_back_on is None and self.closed_on is None


class VisitResult(models.TextChoices):
    MET = "met", pgettext_lazy("visit result", "met")
    NOT_HOME = "not_home", _("not at home")
    REFUSED = "refused", _("refused")
    MOVED_AWAY = "moved_away", _("moved away")
    OTHER = "other", _("other")


class Reason(models.TextChoices):
    """Why contact broke down (the reasons the Kassel outreach project met)."""

    PHYSICAL_ILLNESS = "physical_illness", _("physical illness")
    MENTAL_ILLNESS = "mental_illness", _("mental illness")
    DEBT = "debt", _("debt")
    ADDICTION = "addiction", _("addiction")
    HOUSING = "housing", _("housing")
    LANGUAGE = "language", _("language")
    FEAR = "fear", _("fear")
    OTHER = "other", _("other")


class OfferKind(models.TextChoices):
    LIFE_COACHING = "life_coaching", _("external life coaching")
    DEBT_COUNSELLING = "debt_counselling", _("debt counselling")
    PSYCHOSOCIAL = "psychosocial", _("psychosocial care")
    ADDICTION_COUNSELLING = "addiction_counselling", _("addiction counselling")
    HOLISTIC_16K = "holistic_16k", _("§ 16k SGB II holistic support")


class Visit(models.Model):
    case = models.ForeignKey(OutreachCase, on_delete=models.CASCADE, related_name="visits")
    date = DayField(_("date"))
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="visits")
    result = models.CharField(_("result"), max_length=16, choices=VisitResult.choices)
    card_left = models.BooleanField(_("note card left"), default=False)
    reasons = models.JSONField(_("reasons for the contact breakdown"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.date} {self.result}"

    @property
    def reason_labels(self) -> list[str]:
        """The reasons in words (the stored codes are those of :class:`Reason`)."""
        names = dict(Reason.choices)
        return [str(names.get(code, code)) for code in self.reasons]


class Offer(models.Model):
    case = models.ForeignKey(OutreachCase, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("offer"), max_length=32, choices=OfferKind.choices)
    made_on = DayField(_("made on"))
    accepted = models.BooleanField(_("accepted"), default=False)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
