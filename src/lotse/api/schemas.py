"""Request and response shapes of the API (they become the OpenAPI schema's components)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, StrictBool, WithJsonSchema

from lotse.core.clock import FIRST_DAY, LAST_DAY
from lotse.domain import vocabulary as v


def _within_range(day: date) -> date:
    """Dates outside 1900–2199 are typing errors, and would break month arithmetic."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must lie between {FIRST_DAY} and {LAST_DAY}")
    return day


# The documented range, machine-readable: a pattern for the years 1900–2199.
DAY_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DAY_SCHEMA = {
    "type": "string",
    "format": "date",
    "pattern": DAY_PATTERN,
    "description": f"A date YYYY-MM-DD between {FIRST_DAY} and {LAST_DAY}; others answer 422.",
}


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_only(value: object) -> object:
    """Only ``YYYY-MM-DD``: no timestamps or other forms a lenient parser would guess at."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("must be a date of the form YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_only), AfterValidator(_within_range), WithJsonSchema(DAY_SCHEMA)]
Version = Field(..., ge=1, strict=True, description="The version you read; a newer one answers 409.")
ClientId = Field(..., min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
Sex = Literal[v.SEXES]  # type: ignore[valid-type]
MemberRole = Literal[v.MEMBER_ROLES]  # type: ignore[valid-type]
ContactChannel = Literal[v.CONTACT_CHANNELS]  # type: ignore[valid-type]
AttributeName = Literal[tuple(v.ATTRIBUTE_VALUES)]  # type: ignore[valid-type]
Text = Field(..., min_length=1, max_length=200)


class Page(Schema):
    next_cursor: str | None = Field(None, description="Pass as ?cursor= for the next page; null at the end.")


class Period(Schema):
    valid_from: Day
    valid_to: Day | None = None


class AttributeIn(Schema):
    attribute: AttributeName
    value: str = Field(..., min_length=1, max_length=64)
    valid_from: Day
    valid_to: Day | None = None


class Responsible(Schema):
    team_id: str | None
    staff_id: str | None
    rule: str
    since: date


class ClientSummary(Schema):
    client_id: str
    family_name: str
    given_name: str | None = Field(
        description="Empty in a list for a client outside your own caseload (read it with a purpose)."
    )
    birth_date: date | None = Field(
        description="Empty in a list for a client outside your own caseload (read it with a purpose)."
    )
    district_id: str | None
    version: int
    responsible: Responsible | None
    purpose_required: bool = Field(
        False, description="True: reading this client needs the Lotse-Purpose header."
    )


class ClientPage(Page):
    items: list[ClientSummary]


class Membership(Schema):
    household_id: str
    role: MemberRole
    moved_in: date
    moved_out: date | None


class Facts(Schema):
    age: int
    u25: bool
    active: bool
    single_parent: bool
    single_household: bool
    household_type: str
    long_term: bool
    status: str | None
    market_distance: str | None
    profile: str | None
    self_employed: bool
    reha: bool
    case_management: bool


class Client(ClientSummary):
    sex: Sex
    as_of: date
    facts: Facts
    benefit_periods: list[Period]
    households: list[Membership]
    deletion_due: date | None = Field(None, description="When the retention run will delete the record.")


class ClientCreate(Schema):
    client_id: str = ClientId
    family_name: str = Text
    given_name: str = Text
    birth_date: Day
    sex: Sex
    district_id: str | None = Field(None, max_length=64)
    benefit_periods: list[Period] = Field(default_factory=list, max_length=100)
    attributes: list[AttributeIn] = Field(default_factory=list, max_length=200)


class ClientUpdate(Schema):
    """Only the fields sent are changed; ``district_id: null`` removes the district."""

    version: int = Version
    family_name: str = Field(None, min_length=1, max_length=200)
    given_name: str = Field(None, min_length=1, max_length=200)
    birth_date: Day = None
    sex: Sex = None
    district_id: str | None = Field(None, max_length=64)


class RuleOutcome(Schema):
    rule: str
    label: str
    conditions_not_met: list[str]


class Why(Schema):
    client_id: str
    as_of: date
    rule_set: str | None
    responsible: Responsible | None
    override_until: date | None
    matched_rule: str | None
    matched_label: str | None
    team_kind: str | None
    facts_used: dict[str, Any]
    rules_above: list[RuleOutcome]


class ContactOut(Schema):
    contact_id: int
    client_id: str
    date: date
    channel: ContactChannel
    held: bool
    topic: str
    outcome: str | None = Field(
        None, description="Code of the outcome (GET /contact-outcomes … see docs/api.md)."
    )
    staff_id: str | None
    recorded_at: datetime


class ContactPage(Page):
    items: list[ContactOut]


class ContactCreate(Schema):
    date: Day
    channel: ContactChannel
    held: StrictBool = True
    topic: str = Field("", max_length=200)
    note: str = Field("", max_length=5000)
    outcome: str | None = Field(None, max_length=64, description="Code of an offered contact outcome.")


class RuleDue(Schema):
    rule: str
    due: date | None
    compliant: bool
    last: date | None


class ContactState(Schema):
    client_id: str
    as_of: date
    due: date | None
    overdue: bool
    never_contacted: bool
    compliant: bool
    last_counting_contact: date | None
    next_appointment: date | None
    deviation_months: int | None
    rules: list[RuleDue]


class WorkItem(Schema):
    client_id: str
    family_name: str
    given_name: str
    due: date | None
    overdue: bool
    never_contacted: bool
    last_counting_contact: date | None
    next_appointment: date | None
    stands_in_for: str | None = Field(
        None, description="Staff id of the absent colleague whose client this is (deputyship)"
    )


class Worklist(Page):
    as_of: date
    staff_id: str
    counts: dict[str, int]
    items: list[WorkItem]


class MemberIn(Schema):
    client_id: str = ClientId
    role: MemberRole
    married: StrictBool = False
    moved_in: Day
    moved_out: Day | None = None


class HouseholdCreate(Schema):
    household_id: str = ClientId
    members: list[MemberIn] = Field(..., min_length=1, max_length=30)


class MemberAdd(MemberIn):
    version: int = Version


class MemberMoveOut(Schema):
    version: int = Version
    moved_out: Day


class HouseholdMember(Schema):
    client_id: str
    role: MemberRole
    married: bool
    moved_in: date
    moved_out: date | None


class Household(Schema):
    household_id: str
    version: int
    members: list[HouseholdMember]


class RuleSetSummary(Schema):
    name: str
    valid_from: date
    valid_to: date | None


class RuleSetImport(Schema):
    document: dict[str, Any] = Field(..., description="The rule set as in the YAML format, as JSON.")
    replace: StrictBool = False


class EventOut(Schema):
    id: int
    kind: str
    occurred_at: datetime
    person_id: str | None
    data: dict[str, Any]


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: str | None = Field(None, description="The id of the last event: pass as ?after= next time.")


class Me(Schema):
    username: str
    roles: list[str]
    scopes: list[str]
    token: str
    expires_on: date


class WebhookIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._-]+$")
    url: str = Field(
        ...,
        min_length=8,
        max_length=500,
        description="https:// only (http only to hosts the operator lists); no internal addresses.",
        examples=["https://dwh.example.org/lotse-events"],
    )
    kinds: list[str] = Field(default_factory=list, description="Event kinds; empty: every kind.")


class WebhookOut(Schema):
    name: str
    url: str
    kinds: list[str]
    active: bool
    created_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="HMAC-SHA256 key of the Lotse-Signature header; shown only in this answer."
    )


class FactOut(Schema):
    id: int
    attribute: AttributeName
    value: str
    valid_from: date
    valid_to: date | None


class FactList(Schema):
    facts_version: int = Field(description="Send it with a change; a newer one answers 409.")
    items: list[FactOut]


class FactIn(Schema):
    attribute: AttributeName
    value: str = Field(
        ...,
        min_length=1,
        max_length=64,
        description="A value of the attribute (docs/exchange-format.md); for pregnancy_proof "
        "the date of the proof.",
    )
    valid_from: Day
    valid_to: Day | None = None
    facts_version: int = Field(..., ge=1, le=10**18 - 1, strict=True)


class FactCorrection(Schema):
    value: str = Field(..., min_length=1, max_length=64)
    valid_from: Day
    valid_to: Day | None = None
    facts_version: int = Field(..., ge=1, le=10**18 - 1, strict=True)


class FactSaved(Schema):
    fact: FactOut | None = Field(None, description="The entry as stored (none after a removal).")
    facts_version: int
    reason: str = Field(description="The change in words, as the handover records it.")
    responsible: Responsible | None = Field(
        None, description="Who is responsible after the client was routed at once."
    )


class AddressOut(Schema):
    id: int
    street: str
    house_number: str
    postal_code: str
    city: str
    care_of: str
    valid_from: date
    valid_to: date | None


class AddressList(Schema):
    facts_version: int
    items: list[AddressOut]


class AddressIn(Schema):
    street: str = Field(..., min_length=1, max_length=200)
    house_number: str = Field(..., min_length=1, max_length=20)
    postal_code: str = Field(..., pattern=r"^[0-9]{5}$")
    city: str = Field(..., min_length=1, max_length=100)
    care_of: str = Field("", max_length=200)
    valid_from: Day
    valid_to: Day | None = None
    facts_version: int = Field(..., ge=1, le=10**18 - 1, strict=True)


class OutcomeOut(Schema):
    code: str
    label: str
    offered: bool
