"""The clients' columns the set-based figures need, loaded once per report
(see :mod:`lotse.core.columns`): persons with their birth days, benefit periods and
household memberships.

Persons are addressed by their index in the sorted primary keys, so every array can be
joined with :func:`numpy.searchsorted` instead of a dictionary per client.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

import numpy as np

from lotse.clients.models import BenefitPeriod, HouseholdMember, Person
from lotse.core.columns import BOOL, DAY, DAY_OR_OPEN, INT, KEY_OR_NONE, fetch_typed, names_of
from lotse.domain.day_numbers import add_months_days, dnum
from lotse.domain.facts import ADULT_AGE, U25_AGE
from lotse.domain.key_figures import Benefits
from lotse.domain.vocabulary import MEMBER_ROLES


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


_ONE_READ: ContextVar[list[ClientColumns] | None] = ContextVar(
    "one read of the clients' columns", default=None
)


@contextmanager
def one_read() -> Iterator[None]:
    """Within the block :func:`load_client_columns` reads the tables once and hands every
    later caller that read: a report whose parts each need the columns (the MBZ: its key
    figures and its contact-density target's population) read them twice, 5 s each at a
    million clients. A block inside another shares the outer read."""
    if _ONE_READ.get() is not None:
        yield
        return
    token = _ONE_READ.set([])
    try:
        yield
    finally:
        _ONE_READ.reset(token)


def read_in_this_block() -> ClientColumns | None:
    """The columns :func:`load_client_columns` has read inside the current :func:`one_read`
    block, if any."""
    read = _ONE_READ.get()
    return read[0] if read else None


def load_benefits() -> tuple[np.ndarray, Benefits]:
    """The persons' sorted primary keys and their benefit periods (two queries); inside
    :func:`one_read`, those of the block's read if there is one."""
    shared = read_in_this_block()
    if shared is not None:
        return shared.pks, shared.benefits
    people = fetch_typed(Person, {"id": INT, "birth_date": DAY})
    order = np.argsort(people[0])
    pks = people[0][order]
    return pks, _read_benefits(pks, people[1][order])


def _read_benefits(pks: np.ndarray, birth: np.ndarray) -> Benefits:
    """Every benefit period, its person as an index into the sorted keys ``pks``."""
    bp = fetch_typed(BenefitPeriod, {"person_id": INT, "valid_from": DAY, "valid_to": DAY_OR_OPEN})
    return Benefits(np.searchsorted(pks, bp[0]), bp[1], bp[2], int(pks.size), birth)


def load_client_columns(benefits: Benefits | None = None) -> ClientColumns:
    """Every person's columns (four queries, dates as day numbers from the database);
    ``benefits``: the benefit periods, when the caller has read them already (indexed by the
    same sorted primary keys). Inside :func:`one_read`, the block's first read."""
    read = _ONE_READ.get()
    if read:
        return read[0]
    columns = _read_client_columns(benefits)
    if read is not None:
        read.append(columns)
    return columns


def _read_client_columns(benefits: Benefits | None) -> ClientColumns:
    people = fetch_typed(Person, {"id": INT, "birth_date": DAY, "district_id": KEY_OR_NONE})
    order = np.argsort(people[0])
    pks, birth = people[0][order], people[1][order]

    def index(values: np.ndarray) -> np.ndarray:
        return np.searchsorted(pks, values)

    if benefits is None:
        benefits = _read_benefits(pks, birth)
    hm = fetch_typed(
        HouseholdMember,
        {
            "household_id": INT,
            "person_id": INT,
            "role": MEMBER_ROLES,
            "married": BOOL,
            "moved_in": DAY,
            "moved_out": DAY_OR_OPEN,
        },
    )
    members = {
        "household": hm[0],
        "person": index(hm[1]),
        "role": names_of(MEMBER_ROLES, hm[2]),
        "married": hm[3].astype(bool),
        "moved_in": hm[4],
        "moved_out": hm[5],
    }
    district = people[2][order].astype(object)
    district[district == -1] = None
    return ClientColumns(pks, birth, benefits, members, district)
