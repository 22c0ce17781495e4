"""Network and cooperation (SPEC S10; Hagen concept §§ 4–8): the partners around the
Jobcenter, cooperation agreements and interface concepts, working groups with their meetings,
minutes and tasks, collegial case consultation (scheduled, never documented), referrals of
clients to partners with their consent, and vacancies with placement proposals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.models import DayField, ExternalKeyModel
from lotse.organisation.models import District, Staff, Team


class PartnerKind(models.TextChoices):
    CHILDCARE = "childcare", _("childcare")
    MEASURE_PROVIDER = "measure_provider", _("measure provider")
    COUNSELLING = "counselling", _("counselling service")
    MUNICIPALITY = "municipality", _("municipality")
    EMPLOYER = "employer", _("employer")
    EQUAL_OPPORTUNITY = "equal_opportunity", _("equal-opportunity officer (BCA)")
    OTHER = "other", _("other")


class Carrier(models.TextChoices):
    """Who runs a childcare place (Hagen concept § 5: municipal, church and independent carriers)."""

    NONE = "", _("–")
    MUNICIPAL = "municipal", _("municipal")
    CHURCH = "church", _("church")
    INDEPENDENT = "independent", _("independent (freier Träger)")
    PRIVATE = "private", _("private")


class Partner(ExternalKeyModel):
    """An organisation the Jobcenter works with; employers are partners of their district."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    carrier = models.CharField(_("carrier"), max_length=16, choices=Carrier.choices, blank=True)
    districts = models.ManyToManyField(
        District, blank=True, related_name="partners", verbose_name=_("districts")
    )
    responsible = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partners",
        verbose_name=_("responsible at the Jobcenter"),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    """A contact person at a partner."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["partner__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner.name})"


class ExchangeChannel(models.TextChoices):
    VISIT = "visit", _("visit")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    MEETING = "meeting", _("meeting")
    OTHER = "other", _("other")


class PartnerExchange(models.Model):
    """A contact of the Jobcenter with a partner (e.g. a caseworker's visit to an employer of
    the district): the contact history shown on the partner and the district profile."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="exchanges")
    day = DayField(_("date"))
    channel = models.CharField(_("channel"), max_length=16, choices=ExchangeChannel.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("contact with a partner")
        verbose_name_plural = _("contacts with partners")
        ordering = ["partner", "-day"]
        indexes = [models.Index(fields=["partner", "day"])]

    def __str__(self) -> str:
        return f"{self.partner.name} {self.day:%d.%m.%Y}"


class OfferKind(models.TextChoices):
    CHILDCARE_PLACES = "childcare_places", _("childcare places")
    COUNSELLING = "counselling", _("counselling")
    MEASURE = "measure", _("measure")
    OTHER = "other", _("other offer")


class PartnerOffer(models.Model):
    """What a partner offers: childcare places with their hours (some reserved for clients of
    the Jobcenter), counselling topics, measures."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(_("kind"), max_length=32, choices=OfferKind.choices)
    title = models.CharField(_("offer"), max_length=200)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    reserved_places = models.PositiveIntegerField(_("places reserved for clients"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["partner__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reserved_places__isnull=True)
                | models.Q(places__isnull=True)
                | models.Q(reserved_places__lte=models.F("places")),
                name="offer_reserved_within_places",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.partner.name})"


class CooperationKind(models.TextChoices):
    AGREEMENT = "agreement", _("cooperation agreement")
    INTERFACE_CONCEPT = "interface_concept", _("interface concept")


class CooperationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")
    ENDED = "ended", _("ended")


class Cooperation(ExternalKeyModel):
    """A cooperation agreement or interface concept with a partner (Hagen concept § 5)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="cooperations")
    kind = models.CharField(_("kind"), max_length=32, choices=CooperationKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=CooperationStatus.choices, default=CooperationStatus.DRAFT
    )
    concluded_on = DayField(_("concluded on"), null=True, blank=True)
    valid_from = DayField(_("valid from"), null=True, blank=True)
    valid_to = DayField(_("valid until"), null=True, blank=True)
    review_due = DayField(_("review due"), null=True, blank=True)
    owner = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("owner")
    )
    document = models.FileField(_("document"), upload_to="network/cooperations/", blank=True)

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["partner__name", "subject"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="cooperation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class Cadence(models.TextChoices):
    BIWEEKLY = "biweekly", _("every two weeks")
    MONTHLY = "monthly", _("monthly")


class WorkingGroup(ExternalKeyModel):
    """A working group: the internal group every two weeks, the expert group monthly (Hagen § 6)."""

    name = models.CharField(_("name"), max_length=200)
    cadence = models.CharField(_("cadence"), max_length=16, choices=Cadence.choices)
    first_meeting = DayField(_("first meeting"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    chair = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("chair")
    )
    members = models.ManyToManyField(
        Staff, blank=True, related_name="working_groups", verbose_name=_("members")
    )
    partner_members = models.ManyToManyField(
        PartnerContact, blank=True, related_name="working_groups", verbose_name=_("members from partners")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting of a working group, with attendance and the result minutes."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    day = DayField(_("date"))
    attendees = models.ManyToManyField(Staff, blank=True, related_name="+", verbose_name=_("present"))
    partner_attendees = models.ManyToManyField(
        PartnerContact, blank=True, related_name="+", verbose_name=_("present from partners")
    )
    minutes = models.TextField(_("result minutes"), blank=True)
    minutes_file = models.FileField(_("minutes as a file"), upload_to="network/minutes/", blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["group", "day"]
        constraints = [models.UniqueConstraint(fields=["group", "day"], name="one_meeting_per_group_and_day")]

    def __str__(self) -> str:
        return f"{self.group.name} {self.day:%d.%m.%Y}"


class Task(models.Model):
    """A task agreed in a meeting: on the owner's start page until it is done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="network_tasks", verbose_name=_("owner")
    )
    due = DayField(_("due"))
    done_on = DayField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["owner", "done_on", "due"])]

    def __str__(self) -> str:
        return self.text


class CaseConsultation(models.Model):
    """A collegial case consultation (kollegiale Fallberatung) on the calendar.

    The Hagen concept (§ 6) says it is explicitly not documented, so this model holds when,
    where and who — nothing else: no content, no link to a client. Do not add fields here;
    ``tests/network/test_case_consultation.py`` fails if the fields change."""

    title = models.CharField(_("title"), max_length=80)
    day = DayField(_("date"))
    starts = models.TimeField(_("time"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=80, blank=True)
    participants = models.ManyToManyField(Staff, related_name="+", verbose_name=_("participants"))

    class Meta:
        verbose_name = _("collegial case consultation")
        verbose_name_plural = _("collegial case consultations")
        ordering = ["day", "starts"]

    def __str__(self) -> str:
        return f"{self.title} {self.day:%d.%m.%Y}"


class ConsentScope(models.TextChoices):
    CONTACT = "contact", _("name and how to reach the client")
    NEED = "need", _("name, how to reach the client and the need (e.g. childcare hours)")
    FEEDBACK = "feedback", _("as before, and the partner reports back whether the offer was taken up")


class ReferralOutcome(models.TextChoices):
    OPEN = "open", _("open")
    TAKEN_UP = "taken_up", _("offer taken up")
    NOT_TAKEN_UP = "not_taken_up", _("offer not taken up")
    DECLINED = "declined", _("declined by the partner")


class PartnerReferral(models.Model):
    """A client referred to a partner (e.g. a childcare provider) with the client's consent,
    recorded before anything is passed on; the partner's feedback is the outcome."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="partner_referrals")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    offer = models.ForeignKey(
        PartnerOffer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_on = DayField(_("referred on"))
    consent_on = DayField(_("consent given on"))
    consent_scope = models.CharField(_("scope of the consent"), max_length=16, choices=ConsentScope.choices)
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=ReferralOutcome.choices, default=ReferralOutcome.OPEN
    )
    outcome_on = DayField(_("outcome on"), null=True, blank=True)
    u25 = models.BooleanField(_("under 25"), default=False)
    single_parent = models.BooleanField(_("single parent"), default=False)
    long_term = models.BooleanField(_("long-term recipient"), default=False)

    class Meta:
        verbose_name = _("referral to a partner")
        verbose_name_plural = _("referrals to partners")
        ordering = ["person", "-referred_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_on__lte=models.F("referred_on")),
                name="partner_referral_after_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.partner_id} ({self.referred_on})"


class Vacancy(ExternalKeyModel):
    """A job acquired from an employer partner for the target groups (Hagen § 4: e.g. in the
    applicant shuttle) — part-time, part-time apprenticeship, hours that fit childcare."""

    employer = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("employer")
    )
    title = models.CharField(_("job"), max_length=200)
    district = models.ForeignKey(
        District,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("district"),
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    part_time_possible = models.BooleanField(_("part-time possible"), default=False)
    part_time_apprenticeship = models.BooleanField(_("part-time apprenticeship"), default=False)
    childcare_compatible = models.BooleanField(_("hours compatible with childcare"), default=False)
    working_times = models.CharField(_("working times"), max_length=200, blank=True)
    places = models.PositiveIntegerField(_("places"), default=1)
    acquired_on = DayField(_("acquired on"))
    acquired_by = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acquired by"),
    )
    closed_on = DayField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-acquired_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.employer.name})"


class ProposalResult(models.TextChoices):
    OPEN = "open", _("no return yet")
    APPLIED = "applied", _("applied")
    INVITED = "invited", _("invited to an interview")
    HIRED = "hired", _("hired")
    REJECTED = "rejected", _("rejected by the employer")
    NOT_APPLIED = "not_applied", _("not applied")


class PlacementProposal(models.Model):
    """A placement proposal (Vermittlungsvorschlag) from a vacancy to a client, and its return
    (Hagen § 8: the returned proposals are evaluated)."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="proposals")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placement_proposals")
    proposed_on = DayField(_("proposed on"))
    staff = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    result = models.CharField(
        _("return"), max_length=16, choices=ProposalResult.choices, default=ProposalResult.OPEN
    )
    result_on = DayField(_("return on"), null=True, blank=True)
    not_applied_reason = models.CharField(_("reason for not applying"), max_length=300, blank=True)
    u25 = models.BooleanField(_("under 25"), default=False)
    single_parent = models.BooleanField(_("single parent"), default=False)
    long_term = models.BooleanField(_("long-term recipient"), default=False)

    class Meta:
        verbose_name = _("placement proposal")
        verbose_name_plural = _("placement proposals")
        ordering = ["-proposed_on"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "person"], name="one_proposal_per_vacancy_and_client")
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} → {self.person_id}"
