"""A person's facts on a reference date, derived from their history (SPEC S2).

This is the single place where "is this client a single parent on 2026-10-31?"
is decided. It is a pure function over frozen dataclasses: the Django side loads
a :class:`PersonHistory`, calls :func:`derive_facts` and shows or stores the result.
Nothing here is a flag typed by hand: the single-parent status follows from the
household on the date, as Hagen concept § 2 demands (the VerBIS marker is not a
criterion and is therefore not even an input).

Conventions (documented in docs/facts.md):
- attribute and benefit periods have an inclusive ``valid_to`` (None = open);
- a household member lives there from ``moved_in`` (inclusive) until the day
  before ``moved_out``: on the day of moving out they are gone;
- ages follow the BGB, see :mod:`lotse.domain.dates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from lotse.domain.dates import age_on, covers, days_covered

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


def value_on(attributes: tuple[AttributeValue, ...], name: str, day: date) -> str | None:
    """The value of an attribute valid on ``day``; the latest-starting row wins on overlap."""
    best: AttributeValue | None = None
    for a in attributes:
        if (
            a.attribute == name
            and covers(a.valid_from, a.valid_to, day)
            and (best is None or a.valid_from >= best.valid_from)
        ):
            best = a
    return best.value if best else None


def current_household(history: PersonHistory, day: date) -> tuple[str | None, list[Member]]:
    """The household the person lives in on ``day`` and everyone present in it."""
    household_id = next(
        (
            hid
            for hid, m in history.household_members
            if m.person_id == history.person_id and m.present_on(day)
        ),
        None,
    )
    if household_id is None:
        return None, []
    members = [m for hid, m in history.household_members if hid == household_id and m.present_on(day)]
    return household_id, members


def _is_adult(member: Member, day: date, policy: SingleParentPolicy) -> bool:
    if member.role in (Role.ADULT, Role.PARTNER):
        return True
    return policy.adult_children_count_as_adults and age_on(member.birth_date, day) >= ADULT_AGE


def _minor_unmarried_children(members: list[Member], day: date) -> list[Member]:
    return [
        m for m in members if m.role == Role.CHILD and not m.married and age_on(m.birth_date, day) < ADULT_AGE
    ]


def _household_type(members: list[Member], day: date, policy: SingleParentPolicy) -> HouseholdType:
    if len(members) <= 1:
        return HouseholdType.SINGLE
    adults = [m for m in members if _is_adult(m, day, policy)]
    children = _minor_unmarried_children(members, day)
    if len(adults) == 1 and children:
        return HouseholdType.SINGLE_PARENT
    if len(adults) == 2 and len(members) == 2:
        return HouseholdType.COUPLE
    if len(adults) == 2 and children and len(adults) + len(children) == len(members):
        return HouseholdType.COUPLE_WITH_CHILDREN
    return HouseholdType.OTHER


def derive_facts(
    history: PersonHistory,
    as_of: date,
    policy: SingleParentPolicy | None = None,
    profiles: ProfileTable = BA_FOUR_PHASE_MODEL,
) -> Facts:
    """Derive a person's facts on ``as_of`` from their history (SPEC S2; the single-parent
    definition of the Hagen concept, § 2); ``profiles`` maps a Profillage to the market
    distance where none is recorded."""
    policy = policy or SingleParentPolicy()
    attrs = history.attributes
    reasons: dict[str, str] = {}

    age = age_on(history.birth_date, as_of)
    is_active = any(covers(f, t, as_of) for f, t in history.benefit_periods)

    household_id, members = current_household(history, as_of)
    me = next((m for m in members if m.person_id == history.person_id), None)
    others = [m for m in members if m.person_id != history.person_id]
    household_type = _household_type(members, as_of, policy)
    children = _minor_unmarried_children(others, as_of)
    other_adults = [m for m in others if _is_adult(m, as_of, policy)]
    i_am_adult = age >= ADULT_AGE and (me is None or me.role != Role.CHILD)

    by_household = bool(i_am_adult and me is not None and not other_adults and children)
    marked_par10 = value_on(attrs, "par10_single_parent", as_of) == "true"
    pregnant = value_on(attrs, "pregnancy_proof", as_of) is not None
    no_partner = not other_adults
    expected = pregnant and no_partner and not by_household

    basis: SingleParentBasis | None = None
    if by_household:
        basis = SingleParentBasis.HOUSEHOLD
        reasons["single_parent"] = f"only adult with {len(children)} unmarried child(ren) under 18"
    elif marked_par10:
        basis = SingleParentBasis.PAR10
        reasons["single_parent"] = "marked under § 10 SGB II as single parent"
    elif expected:
        basis = SingleParentBasis.EXPECTED
        reasons["single_parent"] = "pregnant with proof and no partner in the household"
    elif other_adults and children:
        reasons["single_parent"] = "another adult lives in the household"
    elif not children and me is not None:
        reasons["single_parent"] = "no unmarried child under 18 in the household"

    window_end = as_of
    window_start = as_of - timedelta(days=LONG_TERM_WINDOW_DAYS - 1)
    benefit_days = days_covered(list(history.benefit_periods), window_start, window_end)

    profile = value_on(attrs, "profile", as_of)
    market_distance = value_on(attrs, "market_distance", as_of)
    distance_source = None
    if market_distance is None and profile is not None:
        row = profiles.on(profile, as_of)
        if row is not None:
            market_distance, distance_source = row.market_distance, row.source
            reasons["market_distance"] = f"from Profillage {profile} ({row.source})"

    youngest = max((c.birth_date for c in children), default=None)

    return Facts(
        person_id=history.person_id,
        as_of=as_of,
        age=age,
        is_u25=age < U25_AGE,
        is_active=is_active,
        household_id=household_id,
        household_size=max(len(members), 1),
        household_type=household_type,
        is_single_household=len(members) <= 1,
        is_single_parent=basis is not None,
        single_parent_basis=basis,
        is_expected_single_parent=expected,
        youngest_child_birth_date=youngest,
        is_long_term=benefit_days >= LONG_TERM_MIN_DAYS and age >= LONG_TERM_MIN_AGE,
        benefit_days_in_window=benefit_days,
        status=value_on(attrs, "status", as_of),
        market_distance=market_distance,
        market_distance_source=distance_source,
        profile=profile,
        is_self_employed=value_on(attrs, "self_employed", as_of) == "true",
        is_severely_disabled=value_on(attrs, "severely_disabled", as_of) == "true",
        is_rehabilitant=value_on(attrs, "rehabilitant", as_of) == "true",
        is_case_management=value_on(attrs, "case_management_criteria", as_of) == "true",
        is_pregnant_with_proof=pregnant,
        marked_par10_single_parent=marked_par10,
        reasons=reasons,
    )
