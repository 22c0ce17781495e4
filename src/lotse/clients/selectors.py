"""Reads of client data: search, and loading histories for the facts derivation.

Histories are loaded for many persons at once with a fixed number of queries (one
per table, filtered by subquery), never one query per person: the same loader
serves the client page, the district profile and the demo summary at 1,000,000
clients.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date
from typing import NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet

from lotse.clients.models import (
    Address,
    BenefitPeriod,
    HouseholdMember,
    Person,
    PersonAttribute,
    ProfileMapping,
    ResponsibilityPeriod,
)
from lotse.core.db import CHUNK, keys_condition
from lotse.core.models import PersonStamp, valid_on
from lotse.domain.fact_columns import facts_of_histories
from lotse.domain.facts import (
    AttributeValue,
    Facts,
    Member,
    PersonHistory,
    ProfileRow,
    ProfileTable,
    Role,
)


def search_persons(
    qs: QuerySet[Person],
    *,
    query: str = "",
    district_id: int | None = None,
    active_on: date | None = None,
    clients_only: bool = False,
) -> QuerySet[Person]:
    """Search by external id (exact), or by family/given name (starts with).

    ``clients_only`` keeps persons who received benefits at any time (not their children).
    """
    query = query.strip()
    if query and qs.filter(external_id=query).exists():
        # An exact id answers alone (an indexed lookup instead of a LIKE over all names).
        qs = qs.filter(external_id=query)
    elif query:
        name = Q()
        for word in query.replace(",", " ").split():
            name &= Q(family_name__istartswith=word) | Q(given_name__istartswith=word)
        qs = qs.filter(name)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if active_on:
        qs = qs.filter(pk__in=active_person_ids(active_on))
    if clients_only:
        qs = qs.filter(pk__in=BenefitPeriod.objects.values("person_id"))
    return qs


def active_person_ids(as_of: date) -> QuerySet[BenefitPeriod]:
    """Subquery of the ids of persons receiving benefits as eLB on ``as_of``."""
    return BenefitPeriod.objects.filter(valid_on(as_of)).values("person_id")


STREAM_ABOVE = 5_000  # persons: above this, histories are read through a server-side cursor


def load_histories(persons: QuerySet[Person]) -> dict[int, PersonHistory]:
    """The full history of each person in ``persons``, keyed by primary key (4 queries)."""
    rows_of_persons = list(persons.values_list("pk", "external_id", "birth_date"))
    people = {pk: ext for pk, ext, _birth in rows_of_persons}
    births = {pk: birth for pk, _ext, birth in rows_of_persons}
    ids = persons.values("pk")

    def rows(qs):
        # A caseload (hundreds) in one fetch; a whole Jobcenter streamed through a server-side
        # cursor, whose DECLARE/FETCH round trips cost more than they save on small sets.
        return qs.iterator(chunk_size=20000) if len(people) > STREAM_ABOVE else qs

    attributes: dict[int, list[AttributeValue]] = defaultdict(list)
    for pid, name, value, vf, vt in rows(
        PersonAttribute.objects.filter(person_id__in=ids).values_list(
            "person_id", "attribute", "value", "valid_from", "valid_to"
        )
    ):
        attributes[pid].append(AttributeValue(name, value, vf, vt))

    benefits: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for pid, vf, vt in rows(
        BenefitPeriod.objects.filter(person_id__in=ids).values_list("person_id", "valid_from", "valid_to")
    ):
        benefits[pid].append((vf, vt))

    household_ids = HouseholdMember.objects.filter(person_id__in=ids).values("household_id")
    by_household: dict[int, list[tuple[int, Member]]] = defaultdict(list)
    households_of: dict[int, set[int]] = defaultdict(set)
    members_rows = HouseholdMember.objects.filter(household_id__in=household_ids).values_list(
        "household_id",
        "person_id",
        "person__external_id",
        "person__birth_date",
        "role",
        "married",
        "moved_in",
        "moved_out",
    )
    for hid, pid, ext, birth, role, married, moved_in, moved_out in rows(members_rows):
        member = Member(ext, Role(role), birth, moved_in, moved_out, married)
        by_household[hid].append((pid, member))
        households_of[pid].add(hid)

    histories: dict[int, PersonHistory] = {}
    for pk, ext in people.items():
        members = tuple(
            (str(hid), member)
            for hid in sorted(households_of.get(pk, ()))
            for _pid, member in by_household[hid]
        )
        histories[pk] = PersonHistory(
            person_id=ext,
            birth_date=births[pk],
            attributes=tuple(attributes.get(pk, ())),
            benefit_periods=tuple(benefits.get(pk, ())),
            household_members=members,
        )
    return histories


class Stamps(NamedTuple):
    """A person's stamps (:mod:`lotse.core.data_version`) as far as their figures are
    concerned: the latest of their own and of everyone who ever shared a household with them
    (a child's birth date decides whether the parent counts as a single parent)."""

    stamp: int  # the latest write about them
    shape: int  # the latest write that was not only a contact


def stamps_of(person_pks: Collection[int]) -> dict[int, Stamps]:
    """The stamps of the persons (0: never written). One hand-written statement per
    :data:`~lotse.core.db.CHUNK` persons: the persons' own stamps and their co-members' —
    built by the ORM it cost more CPU than running it, on every worklist and record."""
    stamp_table = PersonStamp._meta.db_table
    member_table = HouseholdMember._meta.db_table
    found = {pk: (0, 0) for pk in person_pks}
    keys = list(found)
    for start in range(0, len(keys), CHUNK):
        own, own_params = keys_condition("person_pk", keys[start : start + CHUNK])
        mine, mine_params = keys_condition("mine.person_id", keys[start : start + CHUNK])
        sql = (
            f"SELECT person_pk, stamp, shape_stamp FROM {stamp_table} WHERE {own} "
            f"UNION ALL SELECT mine.person_id, s.stamp, s.shape_stamp FROM {member_table} mine "
            f"JOIN {member_table} other ON other.household_id = mine.household_id "
            f"JOIN {stamp_table} s ON s.person_pk = other.person_id WHERE {mine}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, own_params + mine_params)
            for pk, stamp, shape in cursor.fetchall():
                latest = found[pk]
                found[pk] = (max(latest[0], stamp), max(latest[1], shape))
    return {pk: Stamps(*value) for pk, value in found.items()}


def shape_stamp(person: Person) -> int:
    """The latest shape stamp of the person and of everyone who ever shared a household with
    them (see :func:`stamps_of`)."""
    return stamps_of([person.pk])[person.pk].shape


def profile_table() -> ProfileTable:
    """The Profillage → market distance table as configured (all rows, with their validity)."""
    return ProfileTable(
        tuple(
            ProfileRow(*row)
            for row in ProfileMapping.objects.values_list(
                "profile", "market_distance", "valid_from", "valid_to", "source"
            )
        )
    )


def facts_for(persons: QuerySet[Person], as_of: date) -> dict[int, Facts]:
    """Derived facts of each person on ``as_of``."""
    histories = load_histories(persons)
    return dict(
        zip(
            histories,
            facts_of_histories(list(histories.values()), as_of, profiles=profile_table()),
            strict=True,
        )
    )


def responsible_on(day: date) -> QuerySet[ResponsibilityPeriod]:
    """Who was responsible for each client on the day (a past month reads its last day):
    the responsibility periods valid then, one per client."""
    return ResponsibilityPeriod.objects.filter(valid_on(day))


def addresses_on(person_pks, day: date) -> dict[int, Address]:
    """Person pk -> the address valid on ``day`` (persons without one are missing)."""
    return {
        a.person_id: a
        for a in Address.objects.filter(valid_on(day), person_id__in=person_pks).order_by("valid_from")
    }
