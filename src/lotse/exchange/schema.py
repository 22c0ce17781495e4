"""The exchange format as data: which files, which columns, how each cell parses.

Each column has a parser that turns the cell text into a Python value or raises
:class:`CellError` with a reason in plain words. The importer reports those as
``file:line: column: reason``. Files are listed in dependency order: a file only
refers to files above it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from lotse.domain import vocabulary as v
from lotse.domain.dates import parse_month


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the operator."""


Parser = Callable[[str], object]


def text(cell: str) -> str:
    if not cell:
        raise CellError("is empty")
    return cell


def optional(parser: Parser) -> Parser:
    def parse(cell: str) -> object:
        return parser(cell) if cell else None

    return parse


FIRST_YEAR, LAST_YEAR = 1900, 2199  # the documented range of dates (lotse.core.clock)


def iso_date(cell: str) -> date:
    try:
        day = date.fromisoformat(text(cell))
    except ValueError as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(f"'{cell}' is not a date of the form YYYY-MM-DD") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CellError(f"'{cell}' lies outside {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31")
    return day


def postal_code(cell: str) -> str:
    """A German postal code: five digits."""
    if not re.fullmatch(r"[0-9]{5}", cell):
        raise CellError(f"'{cell}' is not a postal code of five digits")
    return cell


def boolean(cell: str) -> bool:
    if cell not in ("true", "false"):
        raise CellError(f"'{cell}' must be true or false")
    return cell == "true"


def whole_number(cell: str) -> int:
    if not re.fullmatch(r"\d+", cell):
        raise CellError(f"'{cell}' is not a whole number")
    return int(cell)


def decimal_between(low: Decimal, high: Decimal) -> Parser:
    def parse(cell: str) -> Decimal:
        try:
            value = Decimal(text(cell))
        except InvalidOperation:
            raise CellError(f"'{cell}' is not a number (use a dot as decimal separator)") from None
        if not low <= value <= high:
            raise CellError(f"{value} is outside {low}–{high}")
        return value

    return parse


def one_of(choices: tuple[str, ...]) -> Parser:
    def parse(cell: str) -> str:
        if cell not in choices:
            raise CellError(f"'{cell}' is not one of {', '.join(choices)}")
        return cell

    return parse


def id_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()] if cell else []


def list_of(choices: tuple[str, ...]) -> Parser:
    def parse(cell: str) -> list[str]:
        items = id_list(cell)
        wrong = [i for i in items if i not in choices]
        if wrong:
            raise CellError(f"'{', '.join(wrong)}' not in {', '.join(choices)}")
        return items

    return parse


def year_month(cell: str) -> date:
    """``YYYY-MM`` → the first day of that month."""
    try:
        return parse_month(cell)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def letter_range(cell: str) -> str:
    if cell and not re.fullmatch(r"[A-Z](-[A-Z])?", cell):
        raise CellError(f"'{cell}' is not a letter range such as A-K")
    if cell and len(cell) == 3 and cell[0] > cell[2]:
        raise CellError(f"'{cell}' runs backwards")
    return cell


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = True  # must be present in the header (Lotse extensions are not)


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    key: str | None = None  # the column holding this file's own id, checked for duplicates

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "districts.csv",
        (
            Column("district_id", text),
            Column("name", text),
            Column("population", optional(whole_number)),
            Column("unemployment_rate", optional(decimal_between(Decimal(0), Decimal(100)))),
            Column("city", optional(text), required=False),
        ),
        key="district_id",
    ),
    FileSpec(
        "district_figures.csv",
        (
            Column("district_id", text),
            Column("year", whole_number),
            Column("population", whole_number),
            Column("unemployment_rate", decimal_between(Decimal(0), Decimal(100))),
        ),
    ),
    FileSpec(
        "offices.csv",
        (
            Column("office_id", text),
            Column("name", text),
            Column("district_id", optional(text)),
            Column("is_local_office", boolean),
        ),
        key="office_id",
    ),
    FileSpec(
        "teams.csv",
        (
            Column("team_id", text),
            Column("name", text),
            Column("kind", text),
            Column("office_id", optional(text)),
            Column("strategy", optional(one_of(v.STRATEGIES)), required=False),
        ),
        key="team_id",
    ),
    FileSpec(
        "staff.csv",
        (
            Column("staff_id", text),
            Column("family_name", text),
            Column("given_name", text),
            Column("team_id", text),
            Column("fte", decimal_between(Decimal("0.01"), Decimal("1"))),
            Column("fixed_term", boolean),
            Column("specialisations", list_of(v.SPECIALISATIONS)),
            Column("districts", id_list),
            Column("letters", letter_range),
            Column("valid_from", iso_date),
            Column("valid_to", optional(iso_date)),
            Column("role", optional(one_of(v.STAFF_ROLES)), required=False),
            Column("funding", optional(one_of(v.FUNDINGS)), required=False),
            Column("project", optional(text), required=False),
        ),
        key="staff_id",
    ),
    FileSpec(
        "qualifications.csv",
        (
            Column("staff_id", text),
            Column("kind", text),  # a code of the qualification catalogue (checked: _check_qualifications)
            Column("completed_on", iso_date),
        ),
    ),
    FileSpec(
        "partners.csv",
        (
            Column("partner_id", text),
            Column("name", text),
            Column("kind", one_of(v.PARTNER_KINDS)),
            Column("carrier", optional(one_of(v.CARRIERS))),
            Column("districts", id_list),
            Column("responsible_staff_id", optional(text)),
            Column("street", optional(text)),
            Column("postal_code", optional(text)),
            Column("city", optional(text)),
            Column("phone", optional(text)),
            Column("email", optional(text)),
        ),
        key="partner_id",
    ),
    FileSpec(
        "cooperations.csv",
        (
            Column("cooperation_id", text),
            Column("partner_id", text),
            Column("kind", one_of(v.COOPERATION_KINDS)),
            Column("subject", text),
            Column("status", one_of(v.COOPERATION_STATUSES)),
            Column("concluded_on", optional(iso_date)),
            Column("valid_from", optional(iso_date)),
            Column("valid_to", optional(iso_date)),
            Column("review_due", optional(iso_date)),
            Column("owner_staff_id", optional(text)),
        ),
        key="cooperation_id",
    ),
    FileSpec(
        "working_groups.csv",
        (
            Column("group_id", text),
            Column("name", text),
            Column("cadence", one_of(v.CADENCES)),
            Column("first_meeting", iso_date),
            Column("room", optional(text)),
            Column("chair_staff_id", optional(text)),
            Column("members", id_list),
        ),
        key="group_id",
    ),
    FileSpec(
        "persons.csv",
        (
            Column("person_id", text),
            Column("family_name", text),
            Column("given_name", text),
            Column("birth_date", iso_date),
            Column("sex", one_of(v.SEXES)),
            Column("district_id", optional(text)),
        ),
        key="person_id",
    ),
    FileSpec(
        "household_members.csv",
        (
            Column("household_id", text),
            Column("person_id", text),
            Column("role", one_of(v.MEMBER_ROLES)),
            Column("married", optional(boolean)),
            Column("moved_in", iso_date),
            Column("moved_out", optional(iso_date)),
        ),
    ),
    FileSpec(
        "benefit_periods.csv",
        (
            Column("person_id", text),
            Column("valid_from", iso_date),
            Column("valid_to", optional(iso_date)),
        ),
    ),
    FileSpec(
        "attributes.csv",
        (
            Column("person_id", text),
            Column("attribute", one_of(tuple(v.ATTRIBUTE_VALUES))),
            Column("value", text),
            Column("valid_from", iso_date),
            Column("valid_to", optional(iso_date)),
        ),
    ),
    FileSpec(
        "addresses.csv",
        (
            Column("person_id", text),
            Column("street", text),
            Column("house_number", text),
            Column("postal_code", postal_code),
            Column("city", text),
            Column("care_of", optional(text), required=False),
            Column("valid_from", iso_date),
            Column("valid_to", optional(iso_date)),
        ),
    ),
    FileSpec(
        "contacts.csv",
        (
            Column("contact_id", text),
            Column("person_id", text),
            Column("staff_id", optional(text)),
            Column("date", iso_date),
            Column("channel", one_of(v.CONTACT_CHANNELS)),
            Column("held", boolean),
            Column("outcome", optional(text), required=False),  # Lotse: a contact outcome's code
        ),
        key="contact_id",
    ),
    FileSpec(
        "deviations.csv",
        (
            Column("person_id", text),
            Column("interval_months", optional(whole_number)),
            Column("reason", text),
            Column("valid_from", iso_date),
            Column("valid_to", optional(iso_date)),
            Column("per_year", optional(whole_number), required=False),
        ),
    ),
)

# Steering (SPEC S7–S9): after the persons, so they can refer to them.
STEERING_FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "measures.csv",
        (
            Column("measure_id", text),
            Column("name", text),
            Column("kind", one_of(v.MEASURE_KINDS)),
            Column("provider", text),
            Column("target_group", one_of(v.TARGET_GROUPS)),
            Column("places", optional(whole_number)),
        ),
        key="measure_id",
    ),
    FileSpec(
        "participations.csv",
        (
            Column("participation_id", text),
            Column("person_id", text),
            Column("measure_id", text),
            Column("entered", iso_date),
            Column("exited", optional(iso_date)),
            Column("exit_reason", optional(one_of(v.EXIT_REASONS))),
        ),
        key="participation_id",
    ),
    FileSpec(
        "integrations.csv",
        (
            Column("integration_id", text),
            Column("person_id", text),
            Column("started", iso_date),
            Column("kind", one_of(v.INTEGRATION_KINDS)),
            Column("ended", optional(iso_date)),
            Column("employer", optional(text)),
        ),
        key="integration_id",
    ),
    FileSpec(
        "agreements.csv",
        (
            Column("agreement_id", text),
            Column("person_id", text),
            Column("kind", one_of(v.AGREEMENT_KINDS)),
            Column("concluded_on", iso_date),
            Column("review_due", iso_date),
            Column("potential_analysis_on", optional(iso_date)),
            Column("at_first_contact", optional(boolean)),
            Column("note", optional(text)),
        ),
        key="agreement_id",
    ),
    FileSpec(
        "needs.csv",
        (
            Column("person_id", text),
            Column("kind", one_of(v.NEED_KINDS)),
            Column("recorded_on", iso_date),
            Column("resolved_on", optional(iso_date)),
            Column("note", optional(text)),
            Column("staff_id", optional(text)),
        ),
    ),
    FileSpec(
        "feedback.csv",
        (
            Column("person_id", text),
            Column("source", one_of(v.FEEDBACK_SOURCES)),
            Column("source_name", text),
            Column("received_on", iso_date),
            Column("text", text),
            Column("staff_id", optional(text)),
            Column("partner_id", optional(text), required=False),
        ),
    ),
    FileSpec(
        "municipal_services.csv",
        (
            Column("service_code", text),
            Column("year", whole_number),
            Column("name", text),
            Column("budget", decimal_between(Decimal(0), Decimal("999999999"))),
        ),
    ),
    FileSpec(
        "referrals.csv",
        (
            Column("referral_id", text),
            Column("person_id", text),
            Column("service_code", text),
            Column("referred_on", iso_date),
            Column("amount", decimal_between(Decimal(0), Decimal("9999999"))),
            Column("ended_on", optional(iso_date)),
        ),
        key="referral_id",
    ),
    FileSpec(
        "targets.csv",
        (
            Column("agreement", text),
            Column("year", whole_number),
            Column("position", whole_number),
            Column("label", text),
            Column("figure", one_of(v.TARGET_FIGURES)),
            Column("plan", decimal_between(Decimal("-999999999999"), Decimal("999999999999"))),
            Column("basis", one_of(v.TARGET_BASES)),
            Column("direction", one_of(v.TARGET_DIRECTIONS)),
            Column("owner", one_of(v.TARGET_OWNERS)),
        ),
    ),
    FileSpec(
        "monthly_figures.csv",
        (
            Column("month", year_month),
            Column("figure", one_of(v.MONTHLY_FIGURES)),
            Column("value", decimal_between(Decimal(0), Decimal("999999999999"))),
        ),
    ),
)
FILES = FILES + STEERING_FILES

# Files of the format whose data this version of Lotse does not hold yet. They are
# refused with a clear message instead of being dropped in silence.
NOT_YET_SUPPORTED: tuple[str, ...] = ()

FILE_BY_NAME = {spec.name: spec for spec in FILES}
