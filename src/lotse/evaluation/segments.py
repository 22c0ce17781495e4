"""The derived facts that contact rules test, for all clients at once (set-based).

:func:`lotse.domain.facts.derive_facts` decides one person's facts on a date; the
monthly evaluation needs them for every client, so this module computes the same facts
as NumPy columns: age (U25, with the 29-February rule of § 188 BGB), household on the
day (single household, single parent by household, by § 10 mark or expected with
pregnancy proof), long-term receipt, the attribute values valid on the day (status,
Profillage, market distance — from the Profillage when not recorded —, the yes/no
attributes) and the district. ``tests/evaluation/test_compliance.py`` checks that both
give the same answer for every client of the demo Jobcenter, so the rule keeps one
meaning; the policy is the default :class:`lotse.domain.facts.SingleParentPolicy`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from lotse.clients.models import HouseholdMember, Person, PersonAttribute
from lotse.clients.selectors import profile_table
from lotse.core.columns import fetch_columns
from lotse.domain.day_numbers import anniversaries, day_numbers, dnum
from lotse.domain.facts import ADULT_AGE, U25_AGE
from lotse.domain.key_figures import Benefits
from lotse.organisation.models import District


class SegmentColumns:
    """Births, districts, attributes and household memberships as arrays over persons."""

    def __init__(self, pks: np.ndarray, benefits: Benefits) -> None:
        self.pks = pks
        self.benefits = benefits
        self.profiles = profile_table()
        people = fetch_columns(Person, "id", "birth_date", "district_id")
        order = np.argsort(people[0].astype(np.int64))
        self.birth = day_numbers(people[1][order])
        districts = dict(zip(*fetch_columns(District, "id", "external_id"), strict=True))
        self.district = np.array([districts.get(d) for d in people[2][order]], dtype=object)
        at = fetch_columns(PersonAttribute, "person_id", "attribute", "value", "valid_from", "valid_to")
        self.a_person = self._index(at[0])
        self.a_name = at[1].astype(str)
        self.a_value = at[2]
        self.a_from = day_numbers(at[3])
        self.a_to = day_numbers(at[4], open_end=True)
        hm = fetch_columns(
            HouseholdMember, "household_id", "person_id", "role", "married", "moved_in", "moved_out"
        )
        self.m_household = hm[0].astype(np.int64)
        self.m_person = self._index(hm[1])
        self.m_role = hm[2].astype(str)
        self.m_married = hm[3].astype(bool)
        self.m_in = day_numbers(hm[4])
        self.m_out = day_numbers(hm[5], open_end=True)

    def _index(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pks, pks.astype(np.int64)) if pks.size else np.zeros(0, np.int64)

    def attribute_on(self, name: str, day: date) -> np.ndarray:
        """Value of an attribute on the day per person (None: not recorded); the row that
        starts latest wins on overlap, as :func:`lotse.domain.facts.value_on`."""
        d = dnum(day)
        rows = np.flatnonzero((self.a_name == name) & (self.a_from <= d) & (self.a_to >= d))
        result = np.full(self.pks.size, None, dtype=object)
        if rows.size:
            rows = rows[np.lexsort((self.a_from[rows], self.a_person[rows]))]
            last = np.r_[self.a_person[rows][1:] != self.a_person[rows][:-1], True]
            result[self.a_person[rows][last]] = self.a_value[rows][last]
        return result

    def values(self, day: date) -> dict[str, np.ndarray]:
        """Every condition of :data:`lotse.domain.conditions.CONDITIONS`, one value per person."""
        d = dnum(day)
        adult_self = d >= anniversaries(self.birth, ADULT_AGE)
        household = self._household(day, adult_self)
        attr = {name: self.attribute_on(name, day) for name in _ATTRIBUTES}
        yes = {name: attr[name] == "true" for name in _YES_NO}
        profile = attr["profile"]
        distance = {p: self.profiles.on(p, day) for p in set(profile.tolist()) - {None}}
        mapped = np.array(
            [distance[p].market_distance if distance.get(p) else None for p in profile], dtype=object
        )
        market = np.where(attr["market_distance"] == None, mapped, attr["market_distance"])  # noqa: E711
        by_household = household["by_household"]
        expected = (attr["pregnancy_proof"] != None) & household["no_other_adult"] & ~by_household  # noqa: E711
        long_term = np.zeros(self.pks.size, dtype=bool)
        long_term[self.benefits.long_term(day)] = True
        return {
            "single_parent": by_household | yes["par10_single_parent"] | expected,
            "expected_single_parent": expected,
            "u25": d < anniversaries(self.birth, U25_AGE),
            "self_employed": yes["self_employed"],
            "severely_disabled": yes["severely_disabled"],
            "rehabilitant": yes["rehabilitant"],
            "reha": yes["severely_disabled"] | yes["rehabilitant"],
            "case_management": yes["case_management_criteria"],
            "long_term": long_term,
            "single_household": household["single_household"],
            "status": attr["status"],
            "market_distance": market,
            "profile": profile,
            "district": self.district,
        }

    def _household(self, day: date, adult_self: np.ndarray) -> dict[str, np.ndarray]:
        """Per person: single household, no other adult, only adult with a minor child."""
        n = self.pks.size
        d = dnum(day)
        present = np.flatnonzero((self.m_in <= d) & (self.m_out > d))
        if present.size == 0:
            nobody = np.zeros(n, dtype=bool)
            return {"single_household": ~nobody, "no_other_adult": ~nobody, "by_household": nobody}
        household, person = self.m_household[present], self.m_person[present]
        role, married = self.m_role[present], self.m_married[present]
        grown = d >= anniversaries(self.birth[person], ADULT_AGE)
        adult = (role != "child") | grown  # an adult child counts as an adult (default policy)
        minor_child = (role == "child") & ~married & ~grown
        size = int(household.max()) + 1
        members = np.bincount(household, minlength=size)
        adults = np.bincount(household[adult], minlength=size)
        minors = np.bincount(household[minor_child], minlength=size)
        # the person's own row in the household present on the day (the first one listed)
        first = np.unique(person, return_index=True)[1]
        mine = np.full(n, -1, dtype=np.int64)
        mine[person[first]] = first
        here = mine >= 0
        row = np.where(here, mine, 0)
        h = household[row]
        other_adults = np.where(here, adults[h] - adult[row], 0)
        other_minors = np.where(here, minors[h] - minor_child[row], 0)
        me_adult = adult_self & (role[row] != "child")
        return {
            "single_household": ~here | (members[h] <= 1),
            "no_other_adult": other_adults == 0,
            "by_household": here & me_adult & (other_adults == 0) & (other_minors > 0),
        }


_YES_NO = (
    "self_employed",
    "severely_disabled",
    "rehabilitant",
    "par10_single_parent",
    "case_management_criteria",
)
_ATTRIBUTES = (*_YES_NO, "status", "market_distance", "profile", "pregnancy_proof")
