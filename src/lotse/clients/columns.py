"""The clients' columns the set-based figures need, loaded once per report
(see :mod:`lotse.core.columns`): persons with their birth days, benefit periods and
household memberships.

Persons are addressed by their index in the sorted primary keys, so every array can be
joined with :func:`numpy.searchsorted` instead of a dictionary per client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from lotse.clients.models import BenefitPeriod, HouseholdMember, Person
from lotse.core.columns import fetch_columns
from lotse.domain.day_numbers import add_months_days, day_numbers, dnum
from lotse.domain.facts import ADULT_AGE, U25_AGE
from lotse.domain.key_figures import Benefits


@dataclass
class ClientColumns:
    pks: np.ndarray
    birth: np.ndarray
    benefits: Benefits
    members: dict[str, np.ndarray]
    district_pk: np.ndarray  # object: the district's primary key, None where not known

    def index(self, person_pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pks, person_pks.astype(np.int64))

    def under(self, years: int, day: date) -> np.ndarray:
        """Mask over persons: not yet ``years`` old on ``day`` (birthday + years > day).
        The birthdays are computed once per age (a report asks for every month end)."""
        birthdays = self.__dict__.setdefault("_birthdays", {})
        if years not in birthdays:
            birthdays[years] = add_months_days(self.birth, 12 * years)
        return birthdays[years] > dnum(day)

    def u25(self, day: date) -> np.ndarray:
        return self.under(U25_AGE, day)

    def single_parents(self, day: date) -> np.ndarray:
        """Mask over persons: the only adult of a household with an unmarried child under 18
        on ``day`` — the household type of :mod:`lotse.domain.facts` (default policy: an adult
        child is an adult), which is also how the BA statistics count single parents."""
        m = self.members
        d = dnum(day)
        present = (m["moved_in"] <= d) & (m["moved_out"] > d)
        minor = self.under(ADULT_AGE, day)[m["person"]]
        child = m["role"] == "child"
        adult = present & (~child | ~minor)
        minor_child = present & child & minor & ~m["married"]
        households = int(m["household"].max()) + 1 if m["household"].size else 0
        adults = np.bincount(m["household"][adult], minlength=households)
        children = np.bincount(m["household"][minor_child], minlength=households)
        single = (adults == 1) & (children >= 1)
        result = np.zeros(self.pks.size, dtype=bool)
        result[m["person"][adult & single[m["household"]]]] = True
        return result


def load_client_columns(benefits: Benefits | None = None) -> ClientColumns:
    """Every person's columns (four queries); ``benefits``: the benefit periods, when the
    caller has read them already (indexed by the same sorted primary keys)."""
    people = fetch_columns(Person, "id", "birth_date", "district_id")
    order = np.argsort(people[0].astype(np.int64))
    pks = people[0].astype(np.int64)[order]
    birth = day_numbers(people[1][order])

    def index(values: np.ndarray) -> np.ndarray:
        return np.searchsorted(pks, values.astype(np.int64))

    if benefits is None:
        bp = fetch_columns(BenefitPeriod, "person_id", "valid_from", "valid_to")
        benefits = Benefits(
            index(bp[0]), day_numbers(bp[1]), day_numbers(bp[2], open_end=True), int(pks.size), birth
        )
    hm = fetch_columns(
        HouseholdMember, "household_id", "person_id", "role", "married", "moved_in", "moved_out"
    )
    members = {
        "household": hm[0].astype(np.int64),
        "person": index(hm[1]),
        "role": hm[2].astype(str),
        "married": hm[3].astype(bool),
        "moved_in": day_numbers(hm[4]),
        "moved_out": day_numbers(hm[5], open_end=True),
    }
    return ClientColumns(pks, birth, benefits, members, people[2][order])
