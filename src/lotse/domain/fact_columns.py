"""The one definition of a client's facts on a date, computed for many persons at once (SPEC S2).

"Is this client a single parent on 31 October?" is decided here and nowhere else: for one
client (the client record, the "why" of routing, a caseworker's worklist) and for a whole
Jobcenter (the nightly routing, the evaluations) alike. The histories come in as columns
(:class:`FactInputs`: births, attribute, benefit and household-membership periods, persons
addressed by their index) and every fact comes out as one NumPy array over the persons
(:class:`FactColumns`, named like the fields of :class:`lotse.domain.facts.Facts`), so a
million clients cost a few vectorised passes instead of a million Python calls.

The definitions (Hagen concept § 2 for single parents, § 48a SGB II for long-term receipt,
§ 187/188 BGB for ages) and the conventions of :mod:`lotse.domain.facts` apply: inclusive
``valid_to`` with an open end, a member lives in a household from ``moved_in`` until the
day before ``moved_out``, and the attribute row that starts latest wins on overlap.

The reference date is one day for everyone, or one per person. Per person is how one
client's facts on several dates are computed at once (:func:`facts_of_histories` gives
every history its own copy of its household), so persons who share a household must share
the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date

import numpy as np

from lotse.domain.day_numbers import BIG, anniversaries, day_numbers, dnum, union_days
from lotse.domain.facts import (
    ADULT_AGE,
    BA_FOUR_PHASE_MODEL,
    LONG_TERM_MIN_AGE,
    LONG_TERM_MIN_DAYS,
    LONG_TERM_WINDOW_DAYS,
    U25_AGE,
    Facts,
    HouseholdType,
    PersonHistory,
    ProfileTable,
    SingleParentBasis,
    SingleParentPolicy,
)

NONE = -1  # "no row" / "no date" in integer columns
_YES_NO = {
    "is_self_employed": "self_employed",
    "is_severely_disabled": "severely_disabled",
    "is_rehabilitant": "rehabilitant",
    "is_case_management": "case_management_criteria",
    "marked_par10_single_parent": "par10_single_parent",
}
_VALUES = ("status", "market_distance", "profile", "pregnancy_proof")


@dataclass(frozen=True)
class FactInputs:
    """The histories facts depend on, as columns; persons are indexes ``0 … persons - 1``.

    Household memberships carry an integer household code (``m_household``) and, for the
    client record, the household's label (``m_label``: its id as text)."""

    birth: np.ndarray  # day number per person
    a_person: np.ndarray
    a_name: np.ndarray  # the attribute's index in a_names (-1: another attribute)
    a_names: tuple[str, ...]  # the attributes a_name counts (text would be 96 bytes a row)
    a_value: np.ndarray  # object
    a_from: np.ndarray
    a_to: np.ndarray  # OPEN_END when open
    b_person: np.ndarray
    b_from: np.ndarray
    b_to: np.ndarray  # OPEN_END when open
    m_household: np.ndarray
    m_person: np.ndarray
    m_role: np.ndarray  # str: adult, partner, child
    m_married: np.ndarray  # bool
    m_in: np.ndarray
    m_out: np.ndarray  # OPEN_END while living there
    m_label: np.ndarray | None = None  # object: the household's id as text

    @property
    def persons(self) -> int:
        return int(self.birth.size)


@dataclass
class FactColumns:
    """Every fact of :class:`lotse.domain.facts.Facts` as an array over the persons, plus
    the counts the explanations need (``other_adults``, ``minor_children``: others in the
    household on the day, ``own_row``: the person's membership row or :data:`NONE`)."""

    day: np.ndarray  # day number per person
    age: np.ndarray
    is_u25: np.ndarray
    is_active: np.ndarray
    household_id: np.ndarray  # object: label, None outside a household
    household_size: np.ndarray
    household_type: np.ndarray  # object: HouseholdType
    is_single_household: np.ndarray
    is_single_parent: np.ndarray
    single_parent_basis: np.ndarray  # object: SingleParentBasis or None
    is_expected_single_parent: np.ndarray
    youngest_child_birth_date: np.ndarray  # day number or NONE
    is_long_term: np.ndarray
    benefit_days_in_window: np.ndarray
    status: np.ndarray
    market_distance: np.ndarray
    market_distance_source: np.ndarray
    profile: np.ndarray
    is_self_employed: np.ndarray
    is_severely_disabled: np.ndarray
    is_rehabilitant: np.ndarray
    is_case_management: np.ndarray
    is_pregnant_with_proof: np.ndarray
    marked_par10_single_parent: np.ndarray
    own_row: np.ndarray
    other_adults: np.ndarray
    minor_children: np.ndarray

    @property
    def is_reha(self) -> np.ndarray:
        return self.is_severely_disabled | self.is_rehabilitant

    def take(self, rows: np.ndarray) -> FactColumns:
        """The facts of these persons (indexes), in this order."""
        return FactColumns(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    def facts(self, person_ids: Sequence[str]) -> list[Facts]:
        """The facts of the first ``len(person_ids)`` persons, with the reasons the client
        record shows (columns turned into Python values once, not per element)."""
        k = len(person_ids)
        names = [f.name for f in fields(Facts) if f.name not in _NOT_COLUMNS]
        columns = {name: getattr(self, name)[:k].tolist() for name in names}
        youngest = columns["youngest_child_birth_date"]
        columns["youngest_child_birth_date"] = [None if y == NONE else _date(y) for y in youngest]
        days = [_date(day) for day in self.day[:k].tolist()]
        other_adults, children, own = (
            a[:k].tolist() for a in (self.other_adults, self.minor_children, self.own_row)
        )
        result = []
        for i, person_id in enumerate(person_ids):
            values = {name: columns[name][i] for name in names}
            reasons = _reasons(values, other_adults[i], children[i], own[i] != NONE)
            result.append(Facts(person_id=person_id, as_of=days[i], reasons=reasons, **values))
        return result


def _reasons(values: dict, other_adults: int, children: int, in_household: bool) -> dict[str, str]:
    """Why a person is or is not a single parent, and where a derived market distance comes from."""
    reasons: dict[str, str] = {}
    basis = values["single_parent_basis"]
    if basis == SingleParentBasis.HOUSEHOLD:
        reasons["single_parent"] = f"only adult with {children} unmarried child(ren) under 18"
    elif basis == SingleParentBasis.PAR10:
        reasons["single_parent"] = "marked under § 10 SGB II as single parent"
    elif basis == SingleParentBasis.EXPECTED:
        reasons["single_parent"] = "pregnant with proof and no partner in the household"
    elif other_adults and children:
        reasons["single_parent"] = "another adult lives in the household"
    elif not children and in_household:
        reasons["single_parent"] = "no unmarried child under 18 in the household"
    if values["market_distance_source"] is not None:
        reasons["market_distance"] = (
            f"from Profillage {values['profile']} ({values['market_distance_source']})"
        )
    return reasons


_NOT_COLUMNS = {"person_id", "as_of", "reasons"}


def _date(day: int) -> date:
    return np.datetime64(int(day), "D").astype(date)


def _ages(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Completed years of life (§ 187 Abs. 2, § 188 BGB), as :func:`lotse.domain.dates.age_on`."""
    years = day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) - birth.astype(
        "datetime64[D]"
    ).astype("datetime64[Y]").astype(np.int64)
    not_yet = (years > 0) & (day < anniversaries(birth, years))
    return np.maximum(years - not_yet, 0)


def fact_columns(
    inputs: FactInputs,
    day: date | np.ndarray,
    policy: SingleParentPolicy | None = None,
    profiles: ProfileTable = BA_FOUR_PHASE_MODEL,
) -> FactColumns:
    """Every person's facts on ``day`` (a date, or a day number per person)."""
    policy = policy or SingleParentPolicy()
    n = inputs.persons
    d = np.full(n, dnum(day), dtype=np.int64) if isinstance(day, date) else np.asarray(day, np.int64)
    age = _ages(inputs.birth, d)
    attrs = _attributes_on(inputs, d)
    household = _households_on(inputs, d, age, policy)

    is_active = np.zeros(n, dtype=bool)
    running = (inputs.b_from <= d[inputs.b_person]) & (inputs.b_to >= d[inputs.b_person])
    is_active[inputs.b_person[running]] = True
    benefit_days = union_days(
        inputs.b_person, inputs.b_from, inputs.b_to, d - LONG_TERM_WINDOW_DAYS + 1, d, n
    )

    yes = {column: attrs[name] == "true" for column, name in _YES_NO.items()}
    pregnant = attrs["pregnancy_proof"] != None  # noqa: E711 (element-wise)
    i_am_adult = (age >= ADULT_AGE) & ~household["own_child"]
    by_household = (
        i_am_adult
        & (household["own_row"] != NONE)
        & (household["other_adults"] == 0)
        & (household["minor_children"] > 0)
    )
    expected = pregnant & (household["other_adults"] == 0) & ~by_household
    par10 = yes["marked_par10_single_parent"]
    basis = np.full(n, None, dtype=object)
    basis[expected] = SingleParentBasis.EXPECTED
    basis[par10] = SingleParentBasis.PAR10
    basis[by_household] = SingleParentBasis.HOUSEHOLD
    market, source = _market_distance(attrs, d, profiles)
    return FactColumns(
        day=d,
        age=age,
        is_u25=age < U25_AGE,
        is_active=is_active,
        household_id=household["label"],
        household_size=np.maximum(household["size"], 1),
        household_type=household["type"],
        is_single_household=household["size"] <= 1,
        is_single_parent=by_household | par10 | expected,
        single_parent_basis=basis,
        is_expected_single_parent=expected,
        youngest_child_birth_date=household["youngest"],
        is_long_term=(benefit_days >= LONG_TERM_MIN_DAYS) & (age >= LONG_TERM_MIN_AGE),
        benefit_days_in_window=benefit_days,
        status=attrs["status"],
        market_distance=market,
        market_distance_source=source,
        profile=attrs["profile"],
        is_pregnant_with_proof=pregnant,
        own_row=household["own_row"],
        other_adults=household["other_adults"],
        minor_children=household["minor_children"],
        **yes,
    )


def _attributes_on(inputs: FactInputs, d: np.ndarray) -> dict[str, np.ndarray]:
    """The value of each attribute valid on the day per person (None: not recorded); the row
    that starts latest wins, on equal starts the one listed last."""
    n = inputs.persons
    names = (*_YES_NO.values(), *_VALUES)
    result = {name: np.full(n, None, dtype=object) for name in names}
    if inputs.a_person.size == 0:
        return result
    valid = np.flatnonzero((inputs.a_from <= d[inputs.a_person]) & (inputs.a_to >= d[inputs.a_person]))
    name = inputs.a_name[valid]
    for wanted in names:
        if wanted not in inputs.a_names:
            continue
        rows = valid[name == inputs.a_names.index(wanted)]
        if rows.size == 0:
            continue
        rows = rows[np.lexsort((inputs.a_from[rows], inputs.a_person[rows]))]  # stable: listed order
        person = inputs.a_person[rows]
        last = np.r_[person[1:] != person[:-1], True]
        result[wanted][person[last]] = inputs.a_value[rows][last]
    return result


def _market_distance(
    attrs: dict[str, np.ndarray], d: np.ndarray, profiles: ProfileTable
) -> tuple[np.ndarray, np.ndarray]:
    """The recorded market distance, else the one the Profillage means on the day (with the
    table row's source, which the client record shows)."""
    market = attrs["market_distance"].copy()
    source = np.full(market.size, None, dtype=object)
    derive = np.flatnonzero((market == None) & (attrs["profile"] != None))  # noqa: E711
    if derive.size:
        # one table lookup per distinct (profile, day), spread back with NumPy: at a million
        # clients a loop over the persons cost a second
        names, profile = np.unique(attrs["profile"][derive].astype(str), return_inverse=True)
        keys, pair = np.unique(profile.astype(np.int64) * BIG + d[derive], return_inverse=True)
        rows = [profiles.on(str(names[k // BIG]), _date(int(k % BIG))) for k in keys.tolist()]
        found = np.array([row is not None for row in rows], dtype=bool)[pair]
        values = np.empty(len(rows), dtype=object)
        values[:] = [row.market_distance if row else None for row in rows]
        sources = np.empty(len(rows), dtype=object)
        sources[:] = [row.source if row else None for row in rows]
        chosen = derive[found]
        market[chosen] = values[pair[found]]
        source[chosen] = sources[pair[found]]
    return market, source


def _households_on(
    inputs: FactInputs, d: np.ndarray, age: np.ndarray, policy: SingleParentPolicy
) -> dict[str, np.ndarray]:
    """Per person: the household they live in on the day (their first membership row present
    then), its size and type, and the adults and minor unmarried children besides them."""
    n = inputs.persons
    nothing = {
        "own_row": np.full(n, NONE, dtype=np.int64),
        "own_child": np.zeros(n, dtype=bool),
        "label": np.full(n, None, dtype=object),
        "size": np.zeros(n, dtype=np.int64),
        "type": _filled(n, HouseholdType.SINGLE),
        "other_adults": np.zeros(n, dtype=np.int64),
        "minor_children": np.zeros(n, dtype=np.int64),
        "youngest": np.full(n, NONE, dtype=np.int64),
    }
    person = inputs.m_person
    present = np.flatnonzero((inputs.m_in <= d[person]) & (inputs.m_out > d[person]))
    if present.size == 0:
        return nothing
    household, person = inputs.m_household[present], person[present]
    child = inputs.m_role[present] == "child"
    grown = age[person] >= ADULT_AGE
    adult = ~child | (grown if policy.adult_children_count_as_adults else False)
    minor_child = child & ~inputs.m_married[present] & ~grown
    size = int(household.max()) + 1
    members = np.bincount(household, minlength=size)
    adults = np.bincount(household[adult], minlength=size)
    minors = np.bincount(household[minor_child], minlength=size)

    first = np.unique(person, return_index=True)[1]  # the first row listed per person
    own = np.full(n, NONE, dtype=np.int64)
    own[person[first]] = first
    here = own != NONE
    row = np.where(here, own, 0)
    h = household[row]
    result = dict(nothing)
    result["own_row"] = np.where(here, present[row], NONE)
    result["own_child"] = here & child[row]
    result["size"] = np.where(here, members[h], 0)
    result["other_adults"] = np.where(here, adults[h] - adult[row], 0)
    result["minor_children"] = np.where(here, minors[h] - minor_child[row], 0)
    if inputs.m_label is not None:
        result["label"] = np.where(here, inputs.m_label[present][row], None)
    result["type"][here] = _household_types(members, adults, minors)[h[here]]  # SINGLE elsewhere
    result["youngest"] = np.where(
        here, _youngest_other_child(household, person, minor_child, inputs.birth, h, row, size), NONE
    )
    return result


def _filled(size: int, value: object) -> np.ndarray:
    """An object array of one value (``np.full`` and ``np.where`` would turn an enum into str)."""
    array = np.empty(size, dtype=object)
    array.fill(value)
    return array


def _household_types(members: np.ndarray, adults: np.ndarray, minors: np.ndarray) -> np.ndarray:
    kind = _filled(members.size, HouseholdType.OTHER)
    kind[(adults == 2) & (minors > 0) & (adults + minors == members)] = HouseholdType.COUPLE_WITH_CHILDREN
    kind[(adults == 2) & (members == 2)] = HouseholdType.COUPLE
    kind[(adults == 1) & (minors > 0)] = HouseholdType.SINGLE_PARENT
    kind[members <= 1] = HouseholdType.SINGLE
    return kind


def _youngest_other_child(
    household: np.ndarray,
    person: np.ndarray,
    minor_child: np.ndarray,
    birth: np.ndarray,
    h: np.ndarray,
    row: np.ndarray,
    size: int,
) -> np.ndarray:
    """Per person the birth day of the youngest minor unmarried child in their household
    other than themselves: the youngest, or the second youngest for the youngest child."""
    rows = np.flatnonzero(minor_child)
    top = np.full((2, size), NONE, dtype=np.int64)
    if rows.size:
        rows = rows[np.lexsort((-birth[person[rows]], household[rows]))]
        hh = household[rows]
        start = np.r_[True, hh[1:] != hh[:-1]]
        top[0, hh[start]] = birth[person[rows[start]]]
        second = np.flatnonzero(start) + 1
        second = second[second < rows.size]
        second = second[hh[second] == hh[second - 1]]
        top[1, hh[second]] = birth[person[rows[second]]]
    me_youngest = minor_child[row] & (birth[person[row]] == top[0, h])
    return np.where(me_youngest, top[1, h], top[0, h])


def facts_of_histories(
    histories: Sequence[PersonHistory],
    days: date | Sequence[date],
    policy: SingleParentPolicy | None = None,
    profiles: ProfileTable = BA_FOUR_PHASE_MODEL,
) -> list[Facts]:
    """The facts of each history on its day (one date for all, or one per history) in one
    computation; each history brings its own copy of its households."""
    if not histories:
        return []
    inputs, owner = inputs_of_histories(histories)
    per_history = [days] * len(histories) if isinstance(days, date) else list(days)
    d = day_numbers(per_history)[owner]
    return fact_columns(inputs, d, policy, profiles).facts([h.person_id for h in histories])


def inputs_of_histories(histories: Sequence[PersonHistory]) -> tuple[FactInputs, np.ndarray]:
    """Columns of the histories, and per person the history it belongs to. Person ``i`` is
    history ``i``; the other members of their households follow, one person per (history,
    member) so that no two histories share a household (each may be computed on its own day)."""
    birth = [h.birth_date for h in histories]
    owner = list(range(len(histories)))
    a_rows, b_rows, m_rows = [], [], []
    household_codes: dict[tuple[int, str], int] = {}
    for i, h in enumerate(histories):
        a_rows += [(i, a.attribute, a.value, a.valid_from, a.valid_to) for a in h.attributes]
        b_rows += [(i, start, end) for start, end in h.benefit_periods]
        others: dict[str, int] = {h.person_id: i}
        for label, m in h.household_members:
            if m.person_id not in others:
                others[m.person_id] = len(birth)
                birth.append(m.birth_date)
                owner.append(i)
            code = household_codes.setdefault((i, label), len(household_codes))
            m_rows.append((code, others[m.person_id], str(m.role), m.married, m.moved_in, m.moved_out, label))
    a = _columns(a_rows, 5)
    a_names = tuple(sorted({str(name) for name in a[1]}))
    b = _columns(b_rows, 3)
    m = _columns(m_rows, 7)
    inputs = FactInputs(
        birth=day_numbers(birth),
        a_person=a[0].astype(np.int64),
        a_name=np.array([a_names.index(str(name)) for name in a[1]], dtype=np.int64),
        a_names=a_names,
        a_value=a[2],
        a_from=day_numbers(a[3]),
        a_to=day_numbers(a[4], open_end=True),
        b_person=b[0].astype(np.int64),
        b_from=day_numbers(b[1]),
        b_to=day_numbers(b[2], open_end=True),
        m_household=m[0].astype(np.int64),
        m_person=m[1].astype(np.int64),
        m_role=m[2].astype(str),
        m_married=m[3].astype(bool),
        m_in=day_numbers(m[4]),
        m_out=day_numbers(m[5], open_end=True),
        m_label=m[6],
    )
    return inputs, np.array(owner, dtype=np.int64)


def _columns(rows: list[tuple], width: int) -> list[np.ndarray]:
    table = np.empty((len(rows), width), dtype=object)
    if rows:
        table[:] = rows
    return [table[:, k] for k in range(width)]
