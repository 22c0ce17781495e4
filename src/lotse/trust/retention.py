"""Retention and deletion (SPEC S11): a person's data go a set period after benefits end.

The deletion date of a person is the end of the last month in which their household
received benefits, plus the Jobcenter's retention period in years. "Household" is
taken transitively: a person is deleted only together with everyone they ever shared
a household with, and only when all of them are due, so no remaining client's history
(and the facts derived from it) loses a member. Persons with an open benefit period,
or who share a household with such a person, have no deletion date.

A run freezes the monthly evaluation figures of every month the deleted persons were
clients in (:func:`lotse.evaluation.contact_density.freeze_months`), then deletes the
persons with everything that hangs on them (contacts, appointments, deviations,
responsibility, handovers, overrides, attributes, benefit periods, memberships, empty
households, their audit entries), and writes a :class:`DeletionLog` with counts only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Count, Max, Min, Q

from lotse.clients.models import BenefitPeriod, Household, HouseholdMember, Person
from lotse.core import data_version
from lotse.core.audit import cli_actor
from lotse.core.kept import forget_shared
from lotse.core.models import AuditEvent
from lotse.core.progress import Progress
from lotse.domain.dates import add_months
from lotse.evaluation.contact_density import freeze_months, month_end, month_ends
from lotse.organisation.models import Jobcenter
from lotse.trust.models import DeletionLog

OPEN = date.max  # an open benefit period: never due
CHUNK = 5000  # ids per IN (...) query: SQLite limits the number of variables


def last_benefit_days() -> dict[int, date]:
    """Per person: the last day their (transitive) household received benefits; OPEN if ongoing.

    Persons without any link to a benefit period are missing from the result.
    """
    own: dict[int, date] = {}
    for pid, valid_to in BenefitPeriod.objects.values_list("person_id", "valid_to").iterator(
        chunk_size=20000
    ):
        day = valid_to or OPEN
        if day > own.get(pid, date.min):
            own[pid] = day
    households: dict[int, set[int]] = defaultdict(set)
    for hid, pid in HouseholdMember.objects.values_list("household_id", "person_id").iterator(
        chunk_size=20000
    ):
        households[hid].add(pid)
    # Propagate the latest day through shared households until nothing changes (connected
    # components of the person–household graph; two or three rounds in practice).
    last = dict(own)
    changed = True
    while changed:
        changed = False
        for members in households.values():
            days = [last[p] for p in members if p in last]
            if not days:
                continue
            latest = max(days)
            for p in members:
                if last.get(p, date.min) < latest:
                    last[p] = latest
                    changed = True
    return last


def due_date(last_day: date, years: int) -> date | None:
    """The end of the last benefit month plus the retention period (None while benefits run)."""
    if last_day == OPEN:
        return None
    return month_end(add_months(month_end(last_day), 12 * years))


def deletion_due(person_pk: int) -> date | None:
    """When the client page's person will be deleted, on today's data (None: not yet set).

    Computed for the person's household component only, not the whole database.
    """
    component = {person_pk}
    frontier = {person_pk}
    while frontier:
        hh = HouseholdMember.objects.filter(person_id__in=frontier).values("household_id")
        found = set(HouseholdMember.objects.filter(household_id__in=hh).values_list("person_id", flat=True))
        frontier = found - component
        component |= found
    agg = BenefitPeriod.objects.filter(person_id__in=component).aggregate(
        last=Max("valid_to"), first=Min("valid_from"), running=Count("pk", filter=Q(valid_to__isnull=True))
    )
    if agg["first"] is None or agg["running"]:
        return None
    return due_date(agg["last"], Jobcenter.current().retention_years)


@dataclass
class RetentionResult:
    as_of: date
    years: int
    cutoff: date
    person_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    frozen: list[date] = field(default_factory=list)
    dry_run: bool = False
    log: DeletionLog | None = None


def expired_person_ids(as_of: date, years: int) -> tuple[list[int], date]:
    """The persons due for deletion on ``as_of`` and the last benefit day that is due."""
    # due_date(last) <= as_of  <=>  last <= end of the month 'years' years before as_of's month,
    # unless as_of is itself a month end (then that month counts).
    cutoff = month_end(add_months(date(as_of.year, as_of.month, 1), -12 * years - 1))
    if as_of == month_end(as_of):
        cutoff = month_end(add_months(as_of, -12 * years))
    last = last_benefit_days()
    return sorted(p for p, day in last.items() if day <= cutoff), cutoff


def retention_run(
    *, as_of: date, dry_run: bool = False, actor: str | None = None, progress: Progress | None = None
) -> RetentionResult:
    """Delete every person whose retention period has ended on ``as_of`` (idempotent).

    ``dry_run`` counts what would go and writes nothing, not even the deletion log.
    """
    progress = progress or Progress()
    years = Jobcenter.current().retention_years
    ids, cutoff = expired_person_ids(as_of, years)
    progress.step("Finding persons whose retention period ended", len(ids), "persons")
    result = RetentionResult(as_of, years, cutoff, ids, dry_run=dry_run)
    months: list[date] = []
    households: set[int] = set()
    if ids:
        span = BenefitPeriod.objects.filter(person_id__in=ids).aggregate(
            first=Min("valid_from"), last=Max("valid_to")
        )
        ends = month_ends(month_end(span["last"]), _months_between(span["first"], span["last"]))
        months = [d for d in ends if d < as_of]
        households = set(
            HouseholdMember.objects.filter(person_id__in=ids).values_list("household_id", flat=True)
        )
    if dry_run:
        result.counts = {"persons": 0}
        if ids:
            result.counts.update(persons=len(ids), households=len(households), months_to_freeze=len(months))
        return result
    with transaction.atomic():
        result.frozen = freeze_months(months)
        progress.step("Freezing the monthly figures first", len(result.frozen), "months")
        counts: dict[str, int] = defaultdict(int)
        with progress.phase(total=len(ids), desc="Deleting", unit="persons") as update:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                counts["auditevent"] += AuditEvent.objects.filter(person_pk__in=chunk).purge()
                for label, n in Person.objects.filter(pk__in=chunk).delete()[1].items():
                    counts[label.split(".")[-1].lower()] += n
                update(len(chunk))
        if households:
            emptied = Household.objects.filter(pk__in=households, members__isnull=True)
            counts["household"] += emptied.delete()[0]
        counts.pop("person", None)
        result.counts = {"persons": len(ids), **dict(sorted(counts.items()))}
        result.log = DeletionLog.objects.create(
            as_of=as_of,
            retention_years=years,
            cutoff=cutoff,
            actor=actor or cli_actor(),
            counts=result.counts,
            frozen_months=[d.isoformat() for d in result.frozen],
        )
        data_version.advance()  # the deleted persons leave every figure
        forget_shared()  # and every kept page part (each lives a day at most)
    return result


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1
