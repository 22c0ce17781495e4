"""A person's facts on a reference date, derived from their history (SPEC S2).

This module holds the vocabulary: the history a person's facts depend on
(:class:`PersonHistory`), the facts themselves (:class:`Facts`) and the choices a Jobcenter
configures. The facts are computed in one place, :mod:`lotse.domain.fact_columns`, for
one client (:func:`derive_facts`) or a whole Jobcenter at once. Nothing is a flag typed
by hand: the single-parent status follows from the household on the date, as Hagen
concept § 2 demands (the VerBIS marker is not a criterion and is therefore not even an
input).

Conventions (documented in docs/facts.md):
- attribute and benefit periods have an inclusive ``valid_to`` (None = open);
- a household member lives there from ``moved_in`` (inclusive) until the day
  before ``moved_out``: on the day of moving out they are gone;
- ages follow the BGB, see :mod:`lotse.domain.dates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from lotse.domain.dates import covers

ADULT_AGE = 18
U25_AGE = 25
LONG_TERM_WINDOW_DAYS = 730
LONG_TERM_MIN_DAYS = 638
LONG_TERM_MIN_AGE = 17  # the BA counts eLB who have completed their 17th year (§ 48a SGB II)


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One line of the table that says which market distance a BA Profillage means."""

    profile: str
    market_distance: str
    valid_from: date
    valid_to: date | None
    source: str


@dataclass(frozen=True, slots=True)
class ProfileTable:
    """Profillage → market distance, with validity dates: a Jobcenter may decide otherwise
    from a date (SPEC S2). The rows come from the database (``clients.ProfileMapping``); the
    default is the BA's four-phase model (:data:`BA_FOUR_PHASE_MODEL`)."""

    rows: tuple[ProfileRow, ...]

    def on(self, profile: str | None, day: date) -> ProfileRow | None:
        """The row for the profile valid on the day; the latest-starting one wins on overlap."""
        valid = [r for r in self.rows if r.profile == profile and covers(r.valid_from, r.valid_to, day)]
        return max(valid, key=lambda r: r.valid_from, default=None)


FOUR_PHASE_SOURCE = (
    "BA, 4-Phasen-Modell der Integrationsarbeit: Markt-, Aktivierungs- und Förderprofil sind "
    "integrationsnah, Entwicklungs-, Stabilisierungs- und Unterstützungsprofil komplex"
)
FOUR_PHASE_DISTANCES = {
    "market": "near",
    "activation": "near",
    "support": "near",  # Förderprofil: integration-near, not complex
    "development": "far",
    "stabilisation": "far",
    "assistance": "far",
}
BA_FOUR_PHASE_MODEL = ProfileTable(
    tuple(
        ProfileRow(profile, distance, date(2005, 1, 1), None, FOUR_PHASE_SOURCE)
        for profile, distance in FOUR_PHASE_DISTANCES.items()
    )
)

BOOLEAN_ATTRIBUTES = (
    "self_employed",
    "severely_disabled",
    "rehabilitant",
    "par10_single_parent",
    "case_management_criteria",
)


class Role(StrEnum):
    ADULT = "adult"
    PARTNER = "partner"
    CHILD = "child"


class SingleParentBasis(StrEnum):
    """Why a person counts as a single parent; shown in the UI next to the fact."""

    HOUSEHOLD = "household"  # only adult with an unmarried child under 18
    PAR10 = "par10"  # marked under § 10 SGB II as single parent
    EXPECTED = "expected"  # pregnant with proof, no partner in the household


class HouseholdType(StrEnum):
    SINGLE = "single"
    SINGLE_PARENT = "single_parent"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class AttributeValue:
    attribute: str
    value: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """One person's membership of a household, with that person's own data."""

    person_id: str
    role: Role
    birth_date: date
    moved_in: date
    moved_out: date | None = None
    married: bool = False

    def present_on(self, day: date) -> bool:
        return self.moved_in <= day and (self.moved_out is None or day < self.moved_out)


@dataclass(frozen=True, slots=True)
class PersonHistory:
    """Everything known about a person that their facts depend on.

    ``household_members`` holds every membership row of every household the
    person ever lived in, as (household id, member): the person's own rows and
    those of everyone who lived there, with their birth dates.
    """

    person_id: str
    birth_date: date
    attributes: tuple[AttributeValue, ...] = ()
    benefit_periods: tuple[tuple[date, date | None], ...] = ()
    household_members: tuple[tuple[str, Member], ...] = ()  # (household_id, member)


@dataclass(frozen=True, slots=True)
class SingleParentPolicy:
    """Choices the Hagen concept leaves to the Jobcenter (SPEC: interpretations stay configurable).

    ``adult_children_count_as_adults``: the Hagen concept says "als einzige volljährige
    Person" — an adult child living in the household makes the parent not the
    only adult. BA statistics only ask "without partner"; a Jobcenter that
    follows them sets this to False.
    """

    adult_children_count_as_adults: bool = True


@dataclass(frozen=True, slots=True)
class Facts:
    """The derived facts of one person on one date. Routing and contact rules read these."""

    person_id: str
    as_of: date
    age: int
    is_u25: bool
    is_active: bool  # employable benefit recipient (eLB) on the date
    household_id: str | None
    household_size: int
    household_type: HouseholdType
    is_single_household: bool
    is_single_parent: bool
    single_parent_basis: SingleParentBasis | None
    is_expected_single_parent: bool
    youngest_child_birth_date: date | None
    is_long_term: bool
    benefit_days_in_window: int
    status: str | None
    market_distance: str | None
    market_distance_source: str | None  # where a distance derived from the Profillage comes from
    profile: str | None
    is_self_employed: bool
    is_severely_disabled: bool
    is_rehabilitant: bool
    is_case_management: bool
    is_pregnant_with_proof: bool
    marked_par10_single_parent: bool
    reasons: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_reha(self) -> bool:
        return self.is_severely_disabled or self.is_rehabilitant


def derive_facts(
    history: PersonHistory,
    as_of: date,
    policy: SingleParentPolicy | None = None,
    profiles: ProfileTable = BA_FOUR_PHASE_MODEL,
) -> Facts:
    """A person's facts on ``as_of`` from their history (SPEC S2; the single-parent definition
    of the Hagen concept, § 2); ``profiles`` maps a Profillage to the market distance where
    none is recorded. One client through the same engine that computes a whole Jobcenter's
    facts (:mod:`lotse.domain.fact_columns`), so both can never disagree."""
    from lotse.domain.fact_columns import facts_of_histories  # the engine imports this module

    return facts_of_histories([history], as_of, policy, profiles)[0]
