"""The Jobcenter's organisation (SPEC S1): offices, districts, teams, staff, staffing."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.labels import VALUE_LABELS
from lotse.core.models import DayField, ExternalKeyModel, ValidityPeriod


class Jobcenter(models.Model):
    """The one Jobcenter this installation serves, with the figures it steers by.

    Thresholds and reference ratios are data, not code: a Jobcenter changes them
    in the admin without a release.
    """

    name = models.CharField(_("name"), max_length=200)
    target_fte = models.DecimalField(_("target FTE"), max_digits=8, decimal_places=2, default=0)
    fixed_term_limit_pct = models.DecimalField(
        _("limit for the fixed-term share of the target FTE (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("7.5"),
    )
    egt_cap_fte = models.DecimalField(
        _("FTE financed from the integration budget (EGT) at most, on top of the target"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("25"),
    )
    ratio_u25 = models.PositiveIntegerField(_("reference ratio U25 (clients per FTE)"), default=75)
    ratio_ue25 = models.PositiveIntegerField(_("reference ratio Ü25 (clients per FTE)"), default=150)
    special_need_clients_per_1000 = models.DecimalField(
        _("special need: clients per 1,000 inhabitants at least"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("100"),
    )
    special_need_unemployment_rate = models.DecimalField(
        _("special need: unemployment rate (%) at least"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
    )

    retention_years = models.PositiveSmallIntegerField(
        _("retention period after the last benefit month (years)"),
        default=10,
        help_text=_("Client data are deleted this many years after the end of the last benefit month."),
    )

    class Meta:
        verbose_name = _("Jobcenter")
        verbose_name_plural = _("Jobcenters")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Jobcenter:
        """The installation's Jobcenter; an empty database gets a placeholder to configure."""
        jobcenter = cls.objects.order_by("pk").first()
        if jobcenter is None:
            jobcenter = cls.objects.create(name="Jobcenter")
        return jobcenter


class StaffingTargetComponent(models.Model):
    """A named part of the target FTE (Zielvereinbarung 2014 Mettmann, IV: e.g. 11 FTE for
    Bildung und Teilhabe)."""

    jobcenter = models.ForeignKey(Jobcenter, on_delete=models.CASCADE, related_name="components")
    label = models.CharField(_("label"), max_length=200)
    fte = models.DecimalField(_("FTE"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("staffing target component")
        verbose_name_plural = _("staffing target components")

    def __str__(self) -> str:
        return f"{self.label}: {self.fte}"


class City(models.Model):
    """A town or city; districts belong to one (a county Jobcenter serves several)."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(ExternalKeyModel):
    """A Stadtteil; the unit by which caseworkers are specialised (Jusos motion)."""

    name = models.CharField(_("name"), max_length=200)
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="districts",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    unemployment_rate = models.DecimalField(
        _("unemployment rate (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DistrictFigures(models.Model):
    """Demographic figures of a district for one year (population, unemployment rate).

    Client counts and the shares of U25 and single parents are not stored here:
    they are computed from the client data on the reference date.
    """

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    unemployment_rate = models.DecimalField(_("unemployment rate (%)"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("district figures")
        verbose_name_plural = _("district figures")
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="district_figures_per_year")]
        ordering = ["district", "year"]

    def __str__(self) -> str:
        return f"{self.district_id} {self.year}"


class Office(ExternalKeyModel):
    """The main office or a decentral local office (Anlaufstelle) in a district (Jusos motion)."""

    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    is_local_office = models.BooleanField(_("local office (Anlaufstelle)"), default=False)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["-is_local_office", "name"]

    def __str__(self) -> str:
        return self.name


class TeamKind(models.TextChoices):
    APPLICANT_SERVICE = "applicant_service", VALUE_LABELS["applicant_service"]
    U25 = "u25", VALUE_LABELS["u25"]
    REHAB = "rehab", VALUE_LABELS["rehab"]
    SELF_EMPLOYED = "self_employed", VALUE_LABELS["self_employed"]
    CASE_MANAGEMENT = "case_management", VALUE_LABELS["case_management"]
    OUTREACH = "outreach", VALUE_LABELS["outreach"]


class AssignmentStrategy(models.TextChoices):
    DISTRICT = "district", _("by district")
    ALPHABETICAL = "alphabetical", _("by initial letter of the family name")


class Team(ExternalKeyModel):
    """A team; ``kind`` is one of :class:`TeamKind` or a free kind a Jobcenter adds."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    assignment_strategy = models.CharField(
        _("assignment strategy"),
        max_length=16,
        choices=AssignmentStrategy.choices,
        default=AssignmentStrategy.DISTRICT,
        help_text=_("How a client is matched to a caseworker of this team."),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        try:
            return str(TeamKind(self.kind).label)
        except ValueError:
            return self.kind


class Specialisation(models.Model):
    """What a caseworker is specialised in; the codes are those of the exchange format."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("specialisation")
        verbose_name_plural = _("specialisations")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.label)


class StaffRole(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    TEAM_LEAD = "team_lead", _("Team lead")
    OUTREACH = "outreach", _("Outreach worker")
    OTHER = "other", _("Other")


class Funding(models.TextChoices):
    PERMANENT = "permanent", VALUE_LABELS["permanent"]
    PROJECT = "project", VALUE_LABELS["project"]
    EGT = "egt", VALUE_LABELS["egt"]


class Staff(ExternalKeyModel, ValidityPeriod):
    """A staff member over the period they work in the team named here."""

    family_name = models.CharField(_("family name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=200)
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=32, choices=StaffRole.choices, default=StaffRole.CASEWORKER)
    fte = models.DecimalField(_("FTE"), max_digits=4, decimal_places=2, default=Decimal("1.00"))
    fixed_term = models.BooleanField(_("fixed-term"), default=False)
    funding = models.CharField(
        _("funding"), max_length=32, choices=Funding.choices, default=Funding.PERMANENT
    )
    project = models.CharField(
        _("project"),
        max_length=200,
        blank=True,
        help_text=_("For project staff: the project the position belongs to (e.g. Joboffensive)."),
    )
    specialisations = models.ManyToManyField(
        Specialisation, verbose_name=_("specialisations"), blank=True, related_name="staff"
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts served"), blank=True, related_name="staff"
    )
    letters = models.CharField(
        _("alphabetical range"),
        max_length=16,
        blank=True,
        help_text=_("Initial letters of family names, e.g. A-K, for the alphabetical strategy."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True, help_text=_("Printed on letters."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Printed on letters."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name}"


class Deputyship(models.Model):
    """A deputy (Vertretung) for a caseworker's absence: from the first to the last day of the
    absence the deputy works the absent caseworker's worklist beside their own and reaches
    those clients as their own. The responsibility does not change (no handover): the
    absent caseworker's caseload is back with them on their return."""

    absent = models.ForeignKey(
        Staff, verbose_name=_("absent caseworker"), on_delete=models.PROTECT, related_name="absences"
    )
    deputy = models.ForeignKey(
        Staff, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="deputyships"
    )
    valid_from = DayField(_("from"))
    valid_to = DayField(_("until"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deputyship")
        verbose_name_plural = _("deputyships")
        ordering = ["valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")), name="deputyship_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(absent=models.F("deputy")), name="deputyship_not_self"
            ),
        ]
        indexes = [models.Index(fields=["deputy", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.deputy} für {self.absent} ({self.valid_from:%d.%m.%Y}–{self.valid_to:%d.%m.%Y})"


class QualificationType(models.Model):
    """A qualification of the Jobcenter's catalogue (configurable in the administration): how
    long it stays valid and which specialisations require it (Hagen concept § 7: basic
    qualification SGB II, counselling concept, collegial case consultation)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    validity_months = models.PositiveIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: does not expire.")
    )
    required_for = models.ManyToManyField(
        Specialisation, blank=True, related_name="required_qualifications", verbose_name=_("required for")
    )
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("qualification (catalogue)")
        verbose_name_plural = _("qualifications (catalogue)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The shipped catalogue: (code, German name, months valid, specialisations that require it).
SINGLE_PARENT_TEAMS = ("single_parents", "u25_single_parents")
QUALIFICATION_PRESETS = (
    ("basic_sgb2", "Grundqualifizierung SGB II", None, SINGLE_PARENT_TEAMS),
    ("counselling_concept", "Beratungskonzeption SGB II (BeKo)", None, SINGLE_PARENT_TEAMS),
    ("peer_consultation", "Kollegiale Fallberatung", None, SINGLE_PARENT_TEAMS),
    ("measure_supervision", "Maßnahmebetreuung", None, ()),
    ("case_management_certificate", "Zertifikat Fallmanagement", None, ("case_management",)),
    ("data_protection_refresher", "Auffrischung Sozialdatenschutz", 24, ()),
)


class Qualification(models.Model):
    """A qualification a staff member obtained; ``kind`` is a code of the catalogue."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("qualification"), max_length=64)
    completed_on = DayField(_("completed on"))

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["completed_on"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.completed_on})"


class TrainingDate(models.Model):
    """A date of a training that leads to a qualification of the catalogue, with who attends:
    the training plan for the gaps the coverage view shows."""

    qualification = models.ForeignKey(
        QualificationType, on_delete=models.PROTECT, related_name="dates", verbose_name=_("qualification")
    )
    day = DayField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    participants = models.ManyToManyField(
        Staff, blank=True, related_name="trainings", verbose_name=_("participants")
    )

    class Meta:
        verbose_name = _("training date")
        verbose_name_plural = _("training dates")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.qualification} {self.day:%d.%m.%Y}"
