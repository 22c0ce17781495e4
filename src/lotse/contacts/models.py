"""Contacts, appointments, justified deviations and contact rule sets (SPEC S4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.models import DayField, ValidityPeriod
from lotse.organisation.models import Staff


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("qualified phone counselling")
    VIDEO = "video", _("video")
    HOME_VISIT = "home_visit", _("home visit")
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    GROUP = "group", _("group information")


class ContactOutcome(models.Model):
    """What a contact led to, from a list the Jobcenter configures (admin): the presets are
    installed after ``migrate``; an outcome no longer offered is deactivated, not deleted, so
    the contacts that carry it keep it."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("contact outcome")
        verbose_name_plural = _("contact outcomes")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


# The shipped list (code, German label): what a Jobcenter counts after a contact.
OUTCOME_PRESETS = (
    ("agreement_updated", "Kooperationsplan fortgeschrieben"),
    ("offer_made", "Angebot unterbreitet"),
    ("placement_proposal", "Vermittlungsvorschlag übergeben"),
    ("referral", "Weiterleitung an einen Partner oder eine Maßnahme"),
    ("no_result", "ohne Ergebnis"),
)


class Contact(models.Model):
    """A contact with a client; a missed appointment is recorded with ``held`` false."""

    external_id = models.CharField(_("external id"), max_length=64, unique=True, null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts")
    date = DayField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    held = models.BooleanField(
        _("held"), default=True, help_text=_("Unticked: a missed appointment (does not count).")
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    outcome = models.ForeignKey(
        ContactOutcome,
        verbose_name=_("outcome"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["person", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.date} {self.channel}"


class Appointment(models.Model):
    """A planned contact; when it takes place (or is missed) a Contact records it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    staff = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    date = DayField(_("date"))
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.IN_PERSON
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment"
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["person", "date"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.date}"


class Deviation(ValidityPeriod):
    """A justified deviation from the contact rules for one client, reported separately:
    another interval for the interval rules and/or another yearly count for the per-year
    rules ("In begründeten Einzelfällen kann ... abgewichen werden", Darmstadt 2017)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deviations")
    interval_months = models.PositiveSmallIntegerField(_("interval in months"), null=True, blank=True)
    per_year = models.PositiveSmallIntegerField(_("contacts per year"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    author = models.CharField(_("author"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("justified deviation")
        verbose_name_plural = _("justified deviations")
        ordering = ["person", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_months__isnull=False) | models.Q(per_year__isnull=False),
                name="deviation_replaces_something",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.interval_months or '–'} months, {self.per_year or '–'} a year"


class ContactRuleSet(ValidityPeriod):
    name = models.CharField(_("name"), max_length=200, unique=True)
    document = models.JSONField(
        _("rules"), help_text=_("The rule set as in the YAML format (kind: contact_density).")
    )

    class Meta:
        verbose_name = _("contact rule set")
        verbose_name_plural = _("contact rule sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name
