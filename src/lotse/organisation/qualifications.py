"""Who has the qualifications their specialisation requires (Hagen concept § 7), per team.

The catalogue is data (:class:`~lotse.organisation.models.QualificationType`, presets in
:data:`~lotse.organisation.models.QUALIFICATION_PRESETS` installed after ``migrate``); a
qualification counts on a day when it was completed by then and has not expired.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from lotse.domain.dates import add_months
from lotse.organisation.models import (
    QUALIFICATION_PRESETS,
    Qualification,
    QualificationType,
    Specialisation,
    Staff,
    Team,
    TrainingDate,
)
from lotse.organisation.reference import ensure_specialisations
from lotse.organisation.selectors import staff_on


def ensure_qualification_presets() -> None:
    """The shipped catalogue on an installation without one (after ``migrate`` and a flush)."""
    if QualificationType.objects.exists():
        return
    codes = ensure_specialisations()
    for code, name, months, required in QUALIFICATION_PRESETS:
        kind = QualificationType.objects.create(code=code, name=name, validity_months=months)
        kind.required_for.set([codes[c] for c in required if c in codes])


def catalogue_names() -> dict[str, str]:
    return dict(QualificationType.objects.values_list("code", "name"))


def valid_until(kind: QualificationType | None, completed_on: date) -> date | None:
    """The last day a qualification counts (None: it does not expire)."""
    if kind is None or not kind.validity_months:
        return None
    return add_months(completed_on, kind.validity_months)


@dataclass
class StaffCoverage:
    staff: Staff
    required: list[QualificationType]
    missing: list[QualificationType]
    expiring: list[tuple[QualificationType, date]]  # valid now, ending within 90 days
    planned: list[TrainingDate]  # training dates the staff member is booked on, from today


@dataclass
class TeamCoverage:
    team: Team
    members: list[StaffCoverage] = field(default_factory=list)

    @property
    def lacking(self) -> list[tuple[QualificationType, int]]:
        """(qualification, how many members lack it), most lacking first: "3 lack BeKo"."""
        counts: dict[int, int] = defaultdict(int)
        kinds: dict[int, QualificationType] = {}
        for member in self.members:
            for kind in member.missing:
                counts[kind.pk] += 1
                kinds[kind.pk] = kind
        return sorted(((kinds[pk], n) for pk, n in counts.items()), key=lambda item: (-item[1], item[0].name))


def coverage(as_of: date, teams: list[int] | None = None) -> list[TeamCoverage]:
    """Per team, each staff member's required qualifications that are missing (or expired) on
    ``as_of``, those expiring within 90 days, and the training dates they are booked on."""
    kinds = {
        k.pk: k
        for k in QualificationType.objects.prefetch_related(
            Prefetch("required_for", queryset=Specialisation.objects.only("pk"))
        )
    }
    by_code = {k.code: k for k in kinds.values()}
    required_by: dict[int, list[QualificationType]] = defaultdict(list)
    for kind in kinds.values():
        if kind.active:
            for specialisation in kind.required_for.all():
                required_by[specialisation.pk].append(kind)
    staff = (
        staff_on(as_of)
        .select_related("team")
        .prefetch_related("specialisations", "qualifications")
        .order_by("team__name", "family_name", "given_name")
    )
    if teams is not None:
        staff = staff.filter(team_id__in=teams)
    booked: dict[int, list[TrainingDate]] = defaultdict(list)
    for training in (
        TrainingDate.objects.filter(day__gte=as_of)
        .select_related("qualification")
        .prefetch_related("participants")
    ):
        for participant in training.participants.all():
            booked[participant.pk].append(training)
    result: dict[int, TeamCoverage] = {}
    for member in staff:
        required = sorted(
            {k.pk: k for s in member.specialisations.all() for k in required_by.get(s.pk, [])}.values(),
            key=lambda k: k.name,
        )
        held: dict[str, date | None] = {}
        for q in member.qualifications.all():
            if q.completed_on > as_of:
                continue
            until = valid_until(by_code.get(q.kind), q.completed_on)
            if until is None or until >= as_of:
                current = held.get(q.kind, as_of)
                held[q.kind] = None if until is None or current is None else max(until, current)
        missing = [k for k in required if k.code not in held]
        expiring = [
            (by_code[code], until)
            for code, until in held.items()
            if until is not None and code in by_code and (until - as_of).days <= 90
        ]
        team = result.setdefault(member.team_id, TeamCoverage(member.team))
        team.members.append(StaffCoverage(member, required, missing, expiring, booked.get(member.pk, [])))
    return list(result.values())


def qualifications_of(staff: Staff) -> list[tuple[Qualification, str]]:
    """A staff member's qualifications with the catalogue's name (the code if it left the catalogue)."""
    names = catalogue_names()
    return [(q, names.get(q.kind, q.kind)) for q in staff.qualifications.all()]
