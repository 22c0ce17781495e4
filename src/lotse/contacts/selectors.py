"""Due dates and worklists (SPEC S4): the contact status of a set of clients on a date.

A fixed number of queries for any number of clients (histories, contacts, deviations,
next appointments), then the pure rules of :mod:`lotse.domain.contact_rules` per client.
This is a worklist for one caseload or team (hundreds of clients), not an analytic;
the Jobcenter-wide figures are the set-based evaluation.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, QuerySet

from lotse.clients.models import Person, Responsibility
from lotse.clients.scope import caseload_visible_to, persons_visible_to
from lotse.clients.selectors import active_person_ids, load_histories, profile_table, stamps_of
from lotse.contacts.models import Appointment, Contact
from lotse.contacts.models import Deviation as DeviationRow
from lotse.contacts.rulesets import contact_rule_set_on
from lotse.core import data_version
from lotse.core.kept import PersonFigures, SharedFigures, keeping
from lotse.core.models import valid_on
from lotse.domain.conditions import condition_values
from lotse.domain.contact_rules import (
    ContactEvent,
    DensityStatus,
    Deviation,
    evaluate,
    status_from_data,
    status_to_data,
)
from lotse.domain.dates import covers
from lotse.domain.fact_columns import facts_of_histories
from lotse.organisation.models import Staff

IN_LIST_LIMIT = 5000


@dataclass
class WorkItem:
    person: Person
    status: DensityStatus
    next_appointment: date | None
    stands_in_for: Staff | None = None  # the absent colleague whose client this is (Vertretung)
    stamp: int = 0  # the person's stamp the status was kept under (0: nothing kept)

    @property
    def due_this_week(self) -> bool:
        due = self.status.due
        return due is not None and self.status.as_of <= due <= self.status.as_of + timedelta(days=6)


def entry_date(periods: tuple[tuple[date, date | None], ...], as_of: date) -> date:
    """Start of the benefit period running on the date (the clock of a client never contacted)."""
    running = [f for f, t in periods if covers(f, t, as_of)]
    return max(running) if running else as_of


# The due dates of persons on a date under a rule set, kept per person until the next write
# about them or their household (a worklist then recomputes only the clients just written):
# in this process, and behind it in the database for every worker (the record after saving a
# contact computes the client's new due date once, the next worklist on any worker reads it).
DUE_DATES = PersonFigures()
SHARED_DUE_DATES = SharedFigures("due_date")


def contact_status(
    persons: QuerySet[Person], as_of: date, version: data_version.Version | None = None
) -> list[WorkItem]:
    """The contact status of the persons receiving benefits on the date, by due date.
    ``version``: the data version the caller read already (a page keys what it keeps by the
    same version as the statuses it shows)."""
    version = version or data_version.current()
    rule_set = contact_rule_set_on(as_of, version)
    active = persons.filter(pk__in=active_person_ids(as_of)).select_related("district")
    people = {p.pk: p for p in active}
    if rule_set is None or not people:
        return []
    # The keys once, instead of repeating the caseload and benefit subqueries in each of
    # the queries below (a worklist is a caseload: hundreds, not tens of thousands).
    keys = list(people) if len(people) <= IN_LIST_LIMIT else persons.values("pk")
    stamps = {pk: s.stamp for pk, s in stamps_of(people).items()} if keeping() else {}
    # The rule set by name and start where other processes read it too (a change of it moves
    # the configuration version on, which is in every key); in this process also by its hash.
    shared_context = (as_of, rule_set.name, rule_set.valid_from)
    context = (*shared_context, hash(rule_set))
    statuses, missing = DUE_DATES.lookup(version, stamps, context, people)
    if missing:
        shared = _shared_statuses(version, stamps, missing, shared_context, rule_set)
        DUE_DATES.keep(version, stamps, context, shared)
        statuses.update(shared)
        missing = [pk for pk in missing if pk not in shared]
    if missing:
        # the missing ones by their keys, or (many: a new rule set) the whole set's subquery
        load = missing if len(missing) <= IN_LIST_LIMIT else keys
        computed = _statuses({pk: people[pk] for pk in missing}, load, as_of, rule_set)
        DUE_DATES.keep(version, stamps, context, computed)
        SHARED_DUE_DATES.put_many(
            version,
            stamps,
            shared_context,
            {pk: json.dumps(status_to_data(status)).encode() for pk, status in computed.items()},
        )
        statuses.update(computed)
    appointments: dict[int, date] = {}
    for pid, day in (
        Appointment.objects.filter(person_id__in=keys, date__gte=as_of, contact__isnull=True)
        .order_by("date")
        .values_list("person_id", "date")
    ):
        appointments.setdefault(pid, day)
    items = [
        WorkItem(person, statuses[pk], appointments.get(pk), stamp=stamps.get(pk, 0))
        for pk, person in people.items()
    ]
    items.sort(key=lambda i: (i.status.due or date.max, i.person.family_name))
    return items


def _shared_statuses(
    version: data_version.Version, stamps: dict[int, int], pks: list[int], context: tuple, rule_set
) -> dict[int, DensityStatus]:
    """The statuses of ``pks`` another worker kept under ``context`` (reference date, rule
    set name and start)."""
    as_of = context[0]
    kept = SHARED_DUE_DATES.get_many(version, stamps, context, pks)
    statuses = {pk: status_from_data(json.loads(payload), rule_set, as_of) for pk, payload in kept.items()}
    return {pk: status for pk, status in statuses.items() if status is not None}


def _statuses(people: dict[int, Person], keys, as_of: date, rule_set) -> dict[int, DensityStatus]:
    """The contact status of ``people``, read by ``keys`` (their primary keys or a subquery of
    a superset): a fixed number of queries, then the pure rules."""
    histories = load_histories(Person.objects.filter(pk__in=keys))
    profiles = profile_table()
    contacts: dict[int, list[ContactEvent]] = defaultdict(list)
    for pid, day, channel, held in Contact.objects.filter(person_id__in=keys, date__lte=as_of).values_list(
        "person_id", "date", "channel", "held"
    ):
        contacts[pid].append(ContactEvent(day, channel, held))
    deviations: dict[int, list[Deviation]] = defaultdict(list)
    for row in DeviationRow.objects.filter(person_id__in=keys):
        deviations[row.person_id].append(
            Deviation(row.interval_months, row.valid_from, row.valid_to, row.reason, row.per_year)
        )
    statuses = {}
    all_facts = facts_of_histories([histories[pk] for pk in people], as_of, profiles=profiles)
    for (pk, person), facts in zip(people.items(), all_facts, strict=True):
        history = histories[pk]
        district = person.district.external_id if person.district else None
        statuses[pk] = evaluate(
            condition_values(facts, district),
            contacts[pk],
            entry_date(history.benefit_periods, as_of),
            rule_set,
            as_of,
            deviations[pk],
        )
    return statuses


SECTIONS = ("overdue", "this_week", "never", "all")


@dataclass
class Worklist:
    """A caseworker's clients on a date, by due date, with the sections of the worklist."""

    items: list[WorkItem]
    version: data_version.Version  # the data version the statuses were computed under

    def section(self, name: str) -> list[WorkItem]:
        if name == "overdue":
            return [i for i in self.items if i.status.overdue]
        if name == "this_week":
            return [i for i in self.items if i.due_this_week]
        if name == "never":
            return [i for i in self.items if i.status.never_contacted]
        return self.items

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(self.section(name)) for name in SECTIONS}


def worklist(user, *, staff: Staff, as_of: date, represented: Sequence[Staff] = ()) -> Worklist:
    """The caseload of ``staff`` on the date, with the caseloads of the absent colleagues
    ``staff`` stands in for (each of those items names the colleague), as far as ``user``
    may see it (need-to-know applies inside the selector: a caller cannot list clients
    outside the user's reach)."""
    caseloads = [staff.pk, *(s.pk for s in represented)]
    version = data_version.current()
    items = contact_status(caseload_visible_to(user, caseloads), as_of, version)
    if represented:
        by_pk = {s.pk: s for s in represented}
        owner = dict(
            Responsibility.objects.filter(
                person_id__in=[i.person.pk for i in items], staff_id__in=by_pk
            ).values_list("person_id", "staff_id")
        )
        for item in items:
            item.stands_in_for = by_pk.get(owner.get(item.person.pk))
    return Worklist(items, version)


def deviations_valid(user, as_of: date) -> QuerySet:
    """The justified deviations valid on the date of the clients the user may open, the ones
    that end first on top (a team lead reviews them before they expire)."""
    return (
        DeviationRow.objects.filter(valid_on(as_of), person__in=persons_visible_to(user))
        .select_related("person")
        .order_by(F("valid_to").asc(nulls_last=True), "person__family_name", "pk")
    )
