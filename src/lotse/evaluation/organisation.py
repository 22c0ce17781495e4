"""The organisation's figures that count clients on a date (SPEC S1): the district ranking
that flags districts with special need, the district profile's segments, and the staffing
control with its caseload ratios (Zielvereinbarung 2014 Mettmann, IV).

All figures are computed in SQL or over columns on the reference date (one aggregate query
per figure, never one per district or per client).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from lotse.clients.models import Person
from lotse.clients.selectors import active_person_ids, facts_for
from lotse.domain.dates import anniversary
from lotse.domain.facts import U25_AGE
from lotse.domain.staffing import Position, StaffingFigures, staffing_figures
from lotse.organisation.models import District, Jobcenter, TeamKind
from lotse.organisation.selectors import district_figures_on, staff_on


def u25_birth_cutoff(as_of: date) -> date:
    """Persons born after this day are under 25 on ``as_of`` (BGB age counting)."""
    return anniversary(as_of, -U25_AGE)


def active_clients(as_of: date) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=active_person_ids(as_of))


@dataclass
class DistrictRow:
    district: District
    population: int | None
    unemployment_rate: Decimal | None
    clients: int
    u25: int
    has_local_office: bool
    special_need: bool

    @property
    def clients_per_1000(self) -> Decimal | None:
        if not self.population:
            return None
        return (Decimal(self.clients) * 1000 / self.population).quantize(Decimal("0.1"))

    @property
    def u25_share(self) -> Decimal | None:
        if not self.clients:
            return None
        return (Decimal(self.u25) * 100 / self.clients).quantize(Decimal("0.1"))


def district_ranking(
    as_of: date, *, min_clients_per_1000: Decimal, min_unemployment_rate: Decimal
) -> list[DistrictRow]:
    """Districts ordered by clients per 1,000 inhabitants; special need flagged (Jusos motion)."""
    cutoff = u25_birth_cutoff(as_of)
    counts = {
        row["district_id"]: row
        for row in active_clients(as_of)
        .values("district_id")
        .annotate(clients=Count("pk"), u25=Count("pk", filter=Q(birth_date__gt=cutoff)))
    }
    figures = district_figures_on(as_of)
    rows = []
    for district in District.objects.annotate(
        local_offices=Count("offices", filter=Q(offices__is_local_office=True))
    ).select_related("city"):
        fig = figures.get(district.pk)
        population = fig.population if fig else district.population
        rate = fig.unemployment_rate if fig else district.unemployment_rate
        c = counts.get(district.pk, {"clients": 0, "u25": 0})
        row = DistrictRow(
            district, population, rate, c["clients"], c["u25"], district.local_offices > 0, False
        )
        per_1000 = row.clients_per_1000
        row.special_need = bool(
            per_1000 is not None
            and rate is not None
            and per_1000 >= min_clients_per_1000
            and rate >= min_unemployment_rate
        )
        rows.append(row)
    rows.sort(key=lambda r: (r.clients_per_1000 is None, -(r.clients_per_1000 or 0)))
    return rows


@dataclass
class CaseloadRatio:
    label: str
    clients: int
    caseworker_fte: Decimal
    reference: int

    @property
    def per_fte(self) -> Decimal | None:
        if not self.caseworker_fte:
            return None
        return (Decimal(self.clients) / self.caseworker_fte).quantize(Decimal("0.1"))

    @property
    def within_reference(self) -> bool | None:
        per_fte = self.per_fte
        return None if per_fte is None else per_fte <= self.reference


@dataclass
class Staffing:
    as_of: date
    figures: StaffingFigures  # target, counted, fixed-term share of the target, EGT, projects
    components: list[tuple[str, Decimal]]
    headcount: int
    by_team_kind: list[tuple[str, int, Decimal]]
    by_funding: list[tuple[str, Decimal]]
    ratios: list[CaseloadRatio]


def staffing(as_of: date) -> Staffing:
    """Target and counted FTE, the fixed-term share of the target, the EGT-funded FTE against
    their cap and the project staff (:mod:`lotse.domain.staffing`, Zielvereinbarung 2014
    Mettmann IV), and the caseload ratios (SPEC S1/S9).

    Caseload here is per segment: active U25 clients over the FTE of caseworkers in
    U25 teams, and the other clients over the FTE of the other client-facing
    caseworkers. Per-caseworker caseloads come from routing.
    """
    jobcenter = Jobcenter.current()
    current = staff_on(as_of)
    positions = [
        Position(fte, fixed, funding, project)
        for fte, fixed, funding, project in current.values_list("fte", "fixed_term", "funding", "project")
    ]
    by_kind = [
        (row["team__kind"], row["n"], row["total"])
        for row in current.values("team__kind")
        .annotate(n=Count("pk"), total=Sum("fte"))
        .order_by("team__kind")
    ]
    by_funding = [
        (row["funding"], row["total"])
        for row in current.values("funding").annotate(total=Sum("fte")).order_by("funding")
    ]
    caseworkers = current.filter(role="caseworker")
    u25_fte = caseworkers.filter(team__kind=TeamKind.U25).aggregate(total=Sum("fte", default=Decimal(0)))[
        "total"
    ]
    other_fte = caseworkers.exclude(team__kind=TeamKind.U25).aggregate(total=Sum("fte", default=Decimal(0)))[
        "total"
    ]
    cutoff = u25_birth_cutoff(as_of)
    clients = active_clients(as_of).aggregate(
        u25=Count("pk", filter=Q(birth_date__gt=cutoff)),
        ue25=Count("pk", filter=Q(birth_date__lte=cutoff)),
    )
    return Staffing(
        as_of=as_of,
        figures=staffing_figures(
            positions,
            target_fte=jobcenter.target_fte,
            limit_pct=jobcenter.fixed_term_limit_pct,
            egt_cap_fte=jobcenter.egt_cap_fte,
        ),
        components=list(jobcenter.components.values_list("label", "fte")),
        headcount=len(positions),
        by_team_kind=by_kind,
        by_funding=by_funding,
        ratios=[
            CaseloadRatio("U25", clients["u25"], u25_fte, jobcenter.ratio_u25),
            CaseloadRatio("Ü25", clients["ue25"], other_fte, jobcenter.ratio_ue25),
        ],
    )


@dataclass
class DistrictProfile:
    clients: int
    segments: list[tuple[str, Decimal | None]]  # (segment, share of the district's clients in %)


def district_profile(district: District, as_of: date) -> DistrictProfile:
    """The district's active clients on the date and the shares of its segments."""
    facts = list(facts_for(active_clients(as_of).filter(district=district), as_of).values())
    n = len(facts)

    def share(count: int) -> Decimal | None:
        return (Decimal(count) * 100 / n).quantize(Decimal("0.1")) if n else None

    return DistrictProfile(
        n,
        [
            ("U25", share(sum(f.is_u25 for f in facts))),
            ("single_parents", share(sum(f.is_single_parent for f in facts))),
            ("long_term", share(sum(f.is_long_term for f in facts))),
            ("single_households", share(sum(f.is_single_household for f in facts))),
        ],
    )
