"""Persons, households and their history (SPEC S2).

Nothing here is a derived flag: "single parent", "U25", "long-term recipient"
are computed on a reference date by :mod:`lotse.domain.facts`. What is stored is
the history the facts are derived from, each row with its validity period.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import DayField, ExternalKeyModel, ValidityPeriod
from lotse.domain.vocabulary import ATTRIBUTE_VALUES
from lotse.organisation.models import District, Staff, Team


class Sex(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("diverse")
    UNSPECIFIED = "x", _("not specified")


class Person(ExternalKeyModel):
    """A person known to the Jobcenter: a client (eLB) or a household member."""

    family_name = models.CharField(_("family name"), max_length=200, db_index=True)
    given_name = models.CharField(_("given name"), max_length=200)
    birth_date = DayField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="persons",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # the version of the person's facts and addresses (attributes.csv, addresses.csv): a
    # recorded change or correction takes it, so two saves cannot cross unseen
    facts_version = models.PositiveIntegerField(_("facts version"), default=1, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name", "pk"]
        indexes = [models.Index(fields=["district", "family_name"])]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class Household(ExternalKeyModel):
    """A benefit household (Bedarfsgemeinschaft); its members change over time."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.external_id


class MemberRole(models.TextChoices):
    ADULT = "adult", _("adult")
    PARTNER = "partner", _("partner")
    CHILD = "child", _("child")


class HouseholdMember(models.Model):
    """A person living in a household from ``moved_in`` until the day before ``moved_out``."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    married = models.BooleanField(_("married"), default=False)
    moved_in = DayField(_("moved in"))
    moved_out = DayField(_("moved out"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "moved_in", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moved_out__isnull=True) | models.Q(moved_out__gt=models.F("moved_in")),
                name="member_moves_out_after_moving_in",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.household_id} ({self.role})"


class BenefitPeriod(ValidityPeriod):
    """A period in which the person is an employable benefit recipient (eLB)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="benefit_periods")

    class Meta:
        verbose_name = _("benefit period")
        verbose_name_plural = _("benefit periods")
        ordering = ["person", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="benefit_period_ends_after_start",
            )
        ]


class AttributeName(models.TextChoices):
    """The facts of a person that have a history (exchange format, attributes.csv)."""

    STATUS = "status", _("labour-market status")
    MARKET_DISTANCE = "market_distance", _("market distance")
    PROFILE = "profile", _("profile (Profillage)")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    SEVERELY_DISABLED = "severely_disabled", _("severely disabled or equal status")
    REHABILITANT = "rehabilitant", _("rehabilitant")
    PREGNANCY_PROOF = "pregnancy_proof", _("pregnancy with proof (Mutterpass)")
    PAR10_SINGLE_PARENT = "par10_single_parent", _("§ 10 SGB II: single parent")
    CASE_MANAGEMENT_CRITERIA = "case_management_criteria", _("case-management criteria met")


class PersonAttribute(ValidityPeriod):
    """One value of one attribute over a period. A change adds a row; history is kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attributes")
    attribute = models.CharField(_("attribute"), max_length=32, choices=AttributeName.choices)
    value = models.CharField(_("value"), max_length=64)

    class Meta:
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        ordering = ["person", "attribute", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="attribute_ends_after_start",
            )
        ]


class Responsibility(models.Model):
    """Who is responsible for a client now: a caseworker, or a team's queue (staff empty).

    Written by the routing engine (:mod:`lotse.routing.engine`) and by the services of manual
    assignment; read by nearly everything (need-to-know, worklists, evaluations), which is
    why it lives with the client and not with the rules that decide it.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="responsibility")
    # team: found through the (team, staff) index; staff: through its foreign key's index
    # (every index more is written with each of the routing's rows)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="responsibilities", db_index=False
    )
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="caseload")
    rule_code = models.CharField(_("rule"), max_length=64)
    since = DayField(_("since"))

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        indexes = [models.Index(fields=["team", "staff"])]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.staff_id or 'queue'}"

    @property
    def is_queued(self) -> bool:
        return self.staff_id is None


class ProfileMapping(ValidityPeriod):
    """Which market distance a BA Profillage means, from a date (SPEC S2).

    The shipped rows are the BA's four-phase model (Markt-, Aktivierungs-, Förderprofil:
    integration-near; Entwicklungs-, Stabilisierungs-, Unterstützungsprofil: complex); a
    Jobcenter that decides otherwise adds rows from a valid-from date, and earlier days keep
    the mapping valid then. The source is shown on the client record beside the distance.
    """

    profile = models.CharField(
        _("Profillage"), max_length=32, choices=[(p, p) for p in ATTRIBUTE_VALUES["profile"] or ()]
    )
    market_distance = models.CharField(
        _("market distance"),
        max_length=8,
        choices=[(d, d) for d in ATTRIBUTE_VALUES["market_distance"] or ()],
    )
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("Profillage mapping")
        verbose_name_plural = _("Profillage mappings")
        ordering = ["profile", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="profile_mapping_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.market_distance} ({self.valid_from})"


class ResponsibilityPeriod(ValidityPeriod):
    """Who was responsible for a client from when to when: the history behind
    :class:`Responsibility`, written by the routing engine with every change (in the same
    transaction). The figures of a past month read the period valid on its last day, so a
    re-routing today does not change last month's team figures."""

    # person: found through the (person, valid_from) index
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="responsibility_periods", db_index=False
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rule_code = models.CharField(_("rule"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("responsibility period")
        verbose_name_plural = _("responsibility periods")
        ordering = ["person", "valid_from"]
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["valid_from", "valid_to"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.team_id}/{self.staff_id} {self.valid_from}–{self.valid_to or ''}"


class Address(ValidityPeriod):
    """Where a person lives, over time: one current address per person (periods do not overlap).

    Used for letters (the DIN 5008 address block) and the routes of visit rounds."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(_("street"), max_length=200)
    house_number = models.CharField(_("house number"), max_length=20)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    care_of = models.CharField(_("c/o"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["person", "valid_from"]
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["postal_code", "street"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="address_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}"

    def lines(self, person: Person | None = None) -> list[str]:
        """The address block as it is written on a letter (DIN 5008): name, c/o, street, place."""
        who = person or self.person
        lines = [f"{who.given_name} {who.family_name}"]
        if self.care_of:
            lines.append(f"c/o {self.care_of}")
        return [*lines, f"{self.street} {self.house_number}", f"{self.postal_code} {self.city}"]
