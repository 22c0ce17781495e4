"""Where each file of the exchange format lives in the database: one description per file.

:mod:`lotse.exchange.schema` says how a cell is read; this module says which model a file's
rows become, which column is which field, which columns name other rows by their id (and in
which file those ids are defined), which dates form a period, and in which order an export
writes the rows. The checks (:mod:`lotse.exchange.checks`), the writer
(:mod:`lotse.exchange.writer`) and the exporter (:mod:`lotse.exchange.exporter`) loop over
:data:`MAPPINGS`; none of them names a column of a file again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from lotse.agreements.models import Agreement
from lotse.clients.models import (
    Address,
    BenefitPeriod,
    Household,
    HouseholdMember,
    Person,
    PersonAttribute,
)
from lotse.contacts.models import Contact, ContactOutcome, Deviation
from lotse.exchange.schema import FILE_BY_NAME
from lotse.measures.models import Feedback, Integration, Measure, Need, Participation
from lotse.municipal.models import Referral, ServiceBudget
from lotse.network.models import Cooperation, Partner, WorkingGroup
from lotse.organisation.models import (
    City,
    District,
    DistrictFigures,
    Office,
    Qualification,
    Specialisation,
    Staff,
    Team,
)
from lotse.targets.models import MonthlyFigure, Target, TargetAgreement


@dataclass(frozen=True)
class Ref:
    """A column that names another row (a foreign key) by that row's id in the format.

    ``file`` is the file that defines those ids (a reference to a row that is neither in the
    file nor in the database is an error); None for rows that exist only as names here:
    cities and households are created the first time a row names them (``create``).
    ``key`` is the target's field that holds the id; ``value`` computes the key from the row
    when it is not the cell itself (a referral names the budget of its service and year).
    """

    column: str
    field: str
    model: type[models.Model]
    file: str | None = None
    key: str | tuple[str, ...] = "external_id"
    create: bool = False
    value: Callable[[dict], object] | None = None
    create_values: Callable[[dict], dict] | None = None

    def key_of(self, row) -> object:
        return self.value(row) if self.value else row[self.column]

    @property
    def export_path(self) -> str:
        first = self.key if isinstance(self.key, str) else self.key[0]
        return f"{self.field}__{first}"


@dataclass(frozen=True)
class ListOf:
    """A column holding a ``;``-separated list of other rows' ids (a many-to-many field)."""

    column: str
    field: str
    model: type[models.Model]
    key: str = "external_id"
    file: str | None = None


@dataclass(frozen=True)
class Mapping:
    file: str
    model: type[models.Model]
    fields: dict[str, str] = field(default_factory=dict)  # column -> model field, stored as parsed
    refs: tuple[Ref, ...] = ()
    lists: tuple[ListOf, ...] = ()
    empty: dict[str, object] = field(default_factory=dict)  # column -> stored for an empty cell
    period: tuple[str, str] | None = None  # (start, end) columns: the end must not lie before
    snapshot: str | None = None  # the event-date column: the row keeps the day's target groups
    order: tuple[str, ...] = ()  # the export's sort, for byte-identical exports
    export_filter: dict[str, object] = field(default_factory=dict)
    export_paths: dict[str, object] = field(default_factory=dict)  # column -> path or expression
    export_cell: dict[str, Callable[[object], object]] = field(default_factory=dict)

    @property
    def spec(self):
        return FILE_BY_NAME[self.file]

    @property
    def key_column(self) -> str | None:
        return self.spec.key

    def ref(self, column: str) -> Ref | None:
        return next((r for r in self.refs if r.column == column), None)

    def export_path(self, column: str) -> object:
        if column in self.export_paths:
            return self.export_paths[column]
        ref = self.ref(column)
        if ref is not None:
            return ref.export_path
        if column == self.key_column:
            return "external_id"
        return self.fields[column]


PERSON = Ref("person_id", "person", Person, "persons.csv")

MAPPINGS: tuple[Mapping, ...] = (
    Mapping(
        "districts.csv",
        District,
        {"name": "name", "population": "population", "unemployment_rate": "unemployment_rate"},
        refs=(Ref("city", "city", City, key="name", create=True),),
        order=("external_id",),
    ),
    Mapping(
        "district_figures.csv",
        DistrictFigures,
        {"year": "year", "population": "population", "unemployment_rate": "unemployment_rate"},
        refs=(Ref("district_id", "district", District, "districts.csv"),),
        order=("district__external_id", "year"),
    ),
    Mapping(
        "offices.csv",
        Office,
        {"name": "name", "is_local_office": "is_local_office"},
        refs=(Ref("district_id", "district", District, "districts.csv"),),
        order=("external_id",),
    ),
    Mapping(
        "teams.csv",
        Team,
        {"name": "name", "kind": "kind", "strategy": "assignment_strategy"},
        refs=(Ref("office_id", "office", Office, "offices.csv"),),
        empty={"strategy": "district"},
        order=("external_id",),
    ),
    Mapping(
        "staff.csv",
        Staff,
        {
            "family_name": "family_name",
            "given_name": "given_name",
            "fte": "fte",
            "fixed_term": "fixed_term",
            "letters": "letters",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "role": "role",
            "funding": "funding",
            "project": "project",
        },
        refs=(Ref("team_id", "team", Team, "teams.csv"),),
        lists=(
            ListOf("specialisations", "specialisations", Specialisation, key="code"),
            ListOf("districts", "districts", District, file="districts.csv"),
        ),
        empty={"role": "caseworker", "funding": "permanent", "project": ""},
        period=("valid_from", "valid_to"),
        order=("external_id",),
    ),
    Mapping(
        "qualifications.csv",
        Qualification,
        {"kind": "kind", "completed_on": "completed_on"},
        refs=(Ref("staff_id", "staff", Staff, "staff.csv"),),
        order=("staff__external_id", "completed_on", "kind"),
    ),
    # Network (SPEC S10)
    Mapping(
        "partners.csv",
        Partner,
        {
            "name": "name",
            "kind": "kind",
            "carrier": "carrier",
            "street": "street",
            "postal_code": "postal_code",
            "city": "city",
            "phone": "phone",
            "email": "email",
        },
        refs=(Ref("responsible_staff_id", "responsible", Staff, "staff.csv"),),
        lists=(ListOf("districts", "districts", District, file="districts.csv"),),
        empty={"carrier": "", "street": "", "postal_code": "", "city": "", "phone": "", "email": ""},
        order=("external_id",),
    ),
    Mapping(
        "cooperations.csv",
        Cooperation,
        {
            "kind": "kind",
            "subject": "subject",
            "status": "status",
            "concluded_on": "concluded_on",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "review_due": "review_due",
        },
        refs=(
            Ref("partner_id", "partner", Partner, "partners.csv"),
            Ref("owner_staff_id", "owner", Staff, "staff.csv"),
        ),
        period=("valid_from", "valid_to"),
        order=("external_id",),
    ),
    Mapping(
        "working_groups.csv",
        WorkingGroup,
        {"name": "name", "cadence": "cadence", "first_meeting": "first_meeting", "room": "room"},
        refs=(Ref("chair_staff_id", "chair", Staff, "staff.csv"),),
        lists=(ListOf("members", "members", Staff, file="staff.csv"),),
        empty={"room": ""},
        order=("external_id",),
    ),
    Mapping(
        "persons.csv",
        Person,
        {"family_name": "family_name", "given_name": "given_name", "birth_date": "birth_date", "sex": "sex"},
        refs=(Ref("district_id", "district", District, "districts.csv"),),
        order=("external_id",),
    ),
    Mapping(
        "household_members.csv",
        HouseholdMember,
        {"role": "role", "married": "married", "moved_in": "moved_in", "moved_out": "moved_out"},
        refs=(Ref("household_id", "household", Household, create=True), PERSON),
        empty={"married": False},
        order=("household__external_id", "person__external_id", "moved_in"),
    ),
    Mapping(
        "benefit_periods.csv",
        BenefitPeriod,
        {"valid_from": "valid_from", "valid_to": "valid_to"},
        refs=(PERSON,),
        period=("valid_from", "valid_to"),
        order=("person__external_id", "valid_from"),
    ),
    Mapping(
        "attributes.csv",
        PersonAttribute,
        {"attribute": "attribute", "value": "value", "valid_from": "valid_from", "valid_to": "valid_to"},
        refs=(PERSON,),
        period=("valid_from", "valid_to"),
        order=("person__external_id", "attribute", "valid_from", "value"),
    ),
    Mapping(
        "addresses.csv",
        Address,
        {
            "street": "street",
            "house_number": "house_number",
            "postal_code": "postal_code",
            "city": "city",
            "care_of": "care_of",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
        },
        refs=(PERSON,),
        empty={"care_of": ""},
        period=("valid_from", "valid_to"),
        order=("person__external_id", "valid_from"),
    ),
    Mapping(
        "contacts.csv",
        Contact,
        {"date": "date", "channel": "channel", "held": "held"},
        refs=(
            PERSON,
            Ref("staff_id", "staff", Staff, "staff.csv"),
            Ref("outcome", "outcome", ContactOutcome, key="code"),  # checked: _check_outcomes
        ),
        order=("ref",),
        # Contacts recorded in Lotse have no id from a source system: they are exported as
        # "lotse-<number>" (and keep that id when imported elsewhere), never dropped.
        export_paths={"contact_id": "ref"},
    ),
    Mapping(
        "deviations.csv",
        Deviation,
        {
            "interval_months": "interval_months",
            "reason": "reason",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "per_year": "per_year",
        },
        refs=(PERSON,),
        period=("valid_from", "valid_to"),
        order=("person__external_id", "valid_from"),
    ),
    # Steering (SPEC S7–S9)
    Mapping(
        "measures.csv",
        Measure,
        {
            "name": "name",
            "kind": "kind",
            "provider": "provider",
            "target_group": "target_group",
            "places": "places",
        },
        order=("external_id",),
    ),
    Mapping(
        "participations.csv",
        Participation,
        {"entered": "entered", "exited": "exited", "exit_reason": "exit_reason"},
        refs=(PERSON, Ref("measure_id", "measure", Measure, "measures.csv")),
        empty={"exit_reason": ""},
        period=("entered", "exited"),
        snapshot="entered",
        order=("external_id",),
    ),
    Mapping(
        "integrations.csv",
        Integration,
        {"started": "started", "kind": "kind", "ended": "ended", "employer": "employer"},
        refs=(PERSON,),
        empty={"employer": ""},
        period=("started", "ended"),
        snapshot="started",
        order=("external_id",),
    ),
    Mapping(
        "agreements.csv",
        Agreement,
        {
            "kind": "kind",
            "concluded_on": "concluded_on",
            "review_due": "review_due",
            "potential_analysis_on": "potential_analysis_on",
            "at_first_contact": "at_first_contact",
            "note": "note",
        },
        refs=(PERSON,),
        empty={"at_first_contact": False, "note": ""},
        period=("concluded_on", "review_due"),
        order=("external_id",),
    ),
    Mapping(
        "needs.csv",
        Need,
        {"kind": "kind", "recorded_on": "recorded_on", "resolved_on": "resolved_on", "note": "note"},
        refs=(PERSON, Ref("staff_id", "staff", Staff, "staff.csv")),
        empty={"note": ""},
        period=("recorded_on", "resolved_on"),
        snapshot="recorded_on",
        order=("person__external_id", "recorded_on", "kind", "resolved_on", "note"),
    ),
    Mapping(
        "feedback.csv",
        Feedback,
        {"source": "source", "source_name": "source_name", "received_on": "received_on", "text": "text"},
        refs=(
            PERSON,
            Ref("staff_id", "staff", Staff, "staff.csv"),
            Ref("partner_id", "partner", Partner, "partners.csv"),
        ),
        order=("person__external_id", "received_on", "source", "source_name", "text"),
    ),
    Mapping(
        "municipal_services.csv",
        ServiceBudget,
        {"service_code": "code", "year": "year", "name": "name", "budget": "budget"},
        order=("code", "year"),
    ),
    Mapping(
        "referrals.csv",
        Referral,
        {"referred_on": "referred_on", "amount": "amount", "ended_on": "ended_on"},
        refs=(
            PERSON,
            # the service's budget of the referral's year (checked in exchange.steering)
            Ref(
                "service_code",
                "service",
                ServiceBudget,
                key=("code", "year"),
                value=lambda row: (row["service_code"], row["referred_on"].year),
            ),
        ),
        period=("referred_on", "ended_on"),
        order=("external_id",),
    ),
    Mapping(
        "targets.csv",
        Target,
        {
            "position": "position",
            "label": "label",
            "figure": "figure",
            "plan": "plan",
            "basis": "basis",
            "direction": "direction",
            "owner": "owner",
        },
        refs=(
            Ref(
                "agreement",
                "agreement",
                TargetAgreement,
                key="name",
                create=True,
                create_values=lambda row: {"year": row["year"]},
            ),
        ),
        order=("agreement__name", "position"),
        export_filter={"agreement__is_preset": False},  # the shipped template is not data
        export_paths={"year": "agreement__year"},
    ),
    Mapping(
        "monthly_figures.csv",
        MonthlyFigure,
        {"month": "month", "figure": "kind", "value": "value"},
        order=("month", "kind"),
        export_cell={"month": lambda day: day.strftime("%Y-%m")},
    ),
)

MAPPING_BY_FILE = {m.file: m for m in MAPPINGS}
KEYED = {m.file: m for m in MAPPINGS if m.key_column}

# Expressions an export path may name (the id of a contact recorded in Lotse).
EXPORT_ANNOTATIONS = {
    Contact: {"ref": Coalesce("external_id", Concat(Value("lotse-"), Cast("pk", CharField())))},
}


@cache
def max_lengths(file: str) -> dict[str, int]:
    """Column -> the most characters its database column holds (text columns only): a longer
    cell is refused when read, with the limit, instead of failing the write."""
    mapping = MAPPING_BY_FILE.get(file)
    if mapping is None:
        return {}
    limits: dict[str, int] = {}

    def note(column: str, model: type[models.Model], name: str) -> None:
        try:
            limit = getattr(model._meta.get_field(name), "max_length", None)
        except FieldDoesNotExist:  # a name that is not a field of the model
            return
        if limit and isinstance(model._meta.get_field(name), models.CharField):
            limits[column] = limit

    for column, name in mapping.fields.items():
        note(column, mapping.model, name)
    for ref in mapping.refs:
        if isinstance(ref.key, str) and ref.value is None:
            note(ref.column, ref.model, ref.key)
    if mapping.key_column:
        note(mapping.key_column, mapping.model, "external_id")
    return limits
