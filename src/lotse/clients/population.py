"""A whole Jobcenter's histories as columns, read once, and everyone's facts on a date from
the one engine (:mod:`lotse.domain.fact_columns`).

The nightly routing, the routing simulation and the contact-density evaluation all ask
"which rule applies to whom on this date"; they read the tables here in a handful of plain
queries (:func:`lotse.core.columns.fetch_columns`) instead of one history per client.
Persons are addressed by their index in the sorted primary keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from lotse.clients.columns import load_client_columns
from lotse.clients.models import AttributeName, Person, PersonAttribute
from lotse.clients.selectors import load_histories, profile_table
from lotse.core.columns import DAY, DAY_OR_OPEN, INT, TEXT, beside, fetch_columns, fetch_typed
from lotse.domain.conditions import condition_values
from lotse.domain.fact_columns import FactColumns, FactInputs, fact_columns, inputs_of_histories
from lotse.domain.facts import ProfileTable
from lotse.domain.key_figures import Benefits
from lotse.organisation.models import District


@dataclass
class Population:
    pks: np.ndarray  # sorted primary keys: person index → pk
    inputs: FactInputs
    district: np.ndarray  # object: the district's external id, None where not known
    profiles: ProfileTable

    def index(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pks, np.asarray(pks, dtype=np.int64))

    def facts_on(self, day: date) -> FactColumns:
        return fact_columns(self.inputs, day, profiles=self.profiles)

    def conditions_on(self, day: date) -> dict[str, np.ndarray]:
        """Every condition of :data:`lotse.domain.conditions.CONDITIONS`, one value per person."""
        return condition_values(self.facts_on(day), self.district)


def load_population(benefits: Benefits | None = None) -> Population:
    """Every person with their attribute, benefit and household histories: the clients'
    columns (:func:`lotse.clients.columns.load_client_columns`) and their attributes.
    ``benefits``: the benefit periods, when the caller has read them already."""
    names = tuple(AttributeName.values)
    # the attributes, the longest read (3.9 million rows at a million clients), beside the rest
    attributes = beside(
        lambda: fetch_typed(
            PersonAttribute,
            {"person_id": INT, "attribute": names, "value": TEXT, "valid_from": DAY, "valid_to": DAY_OR_OPEN},
        )
    )
    clients = load_client_columns(benefits)
    districts = dict(zip(*fetch_columns(District, "id", "external_id"), strict=True))
    district = np.array([districts.get(d) for d in clients.district_pk], dtype=object)
    at = attributes()
    m = clients.members
    inputs = FactInputs(
        birth=clients.birth,
        a_person=clients.index(at[0]),
        a_name=at[1],
        a_names=names,
        a_value=at[2],
        a_from=at[3],
        a_to=at[4],
        b_person=clients.benefits.person,
        b_from=clients.benefits.start,
        b_to=clients.benefits.end,
        m_household=m["household"],
        m_person=m["person"],
        m_role=m["role"],
        m_married=m["married"],
        m_in=m["moved_in"],
        m_out=m["moved_out"],
        m_label=m["household"].astype(str).astype(object),
    )
    return Population(clients.pks, inputs, district, profile_table())


HISTORIES_UP_TO = 5_000
"""Persons whose facts are computed from their own histories; more are taken from the whole
population's columns (five plain queries over whole tables, cheaper than the joins then)."""


def facts_of(pks: np.ndarray, day: date, population: Population | None = None) -> FactColumns:
    """The facts of these persons on the day, in the order of ``pks``: one client's life event
    reads a few histories, the nightly routing the whole population (``population``: when the
    caller has read it already)."""
    pks = np.asarray(pks, dtype=np.int64)
    if population is not None or pks.size > HISTORIES_UP_TO:
        population = population if population is not None else load_population()
        return population.facts_on(day).take(population.index(pks))
    histories = load_histories(Person.objects.filter(pk__in=pks.tolist()))
    inputs, _owner = inputs_of_histories([histories[pk] for pk in pks.tolist()])
    return fact_columns(inputs, day, profiles=profile_table()).take(np.arange(pks.size))
