"""Organisation pages (SPEC S1): teams, staff, districts, ranking, staffing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lotse.clients.selectors import facts_for
from lotse.core.dates import request_as_of
from lotse.core.models import valid_on
from lotse.organisation import selectors
from lotse.organisation.models import District, Jobcenter, Staff, Team


def _decimal(value: str | None, default: Decimal) -> Decimal:
    try:
        return Decimal(value) if value else default
    except InvalidOperation:
        return default


def team_list(request: HttpRequest) -> HttpResponse:
    as_of = request_as_of(request)
    current = valid_on(as_of, "staff__")
    teams = Team.objects.select_related("office").annotate(
        headcount=Count("staff", filter=current), fte=Sum("staff__fte", filter=current)
    )
    return render(request, "organisation/team_list.html", {"teams": teams})


def team_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    as_of = request_as_of(request)
    team = get_object_or_404(Team.objects.select_related("office"), external_id=external_id)
    staff = (
        selectors.staff_on(as_of)
        .filter(team=team)
        .prefetch_related("specialisations", "districts")
        .order_by("role", "family_name")
    )
    return render(
        request,
        "organisation/team_detail.html",
        {
            "team": team,
            "staff": staff,
            "fte": sum((s.fte for s in staff), Decimal(0)),
        },
    )


def staff_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    member = get_object_or_404(
        Staff.objects.select_related("team").prefetch_related(
            "specialisations", "districts", "qualifications"
        ),
        external_id=external_id,
    )
    return render(request, "organisation/staff_detail.html", {"member": member})


def district_ranking(request: HttpRequest) -> HttpResponse:
    as_of = request_as_of(request)
    jobcenter = Jobcenter.current()
    min_clients = _decimal(request.GET.get("min_clients"), jobcenter.special_need_clients_per_1000)
    min_rate = _decimal(request.GET.get("min_rate"), jobcenter.special_need_unemployment_rate)
    rows = selectors.district_ranking(as_of, min_clients_per_1000=min_clients, min_unemployment_rate=min_rate)
    return render(
        request,
        "organisation/district_ranking.html",
        {
            "rows": rows,
            "min_clients": min_clients,
            "min_rate": min_rate,
            "candidates": [r for r in rows if r.special_need and not r.has_local_office],
        },
    )


def district_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    as_of = request_as_of(request)
    district = get_object_or_404(District.objects.select_related("city"), external_id=external_id)
    clients = selectors.active_clients(as_of).filter(district=district)
    facts = list(facts_for(clients, as_of).values())
    n = len(facts)

    def share(count: int) -> Decimal | None:
        return (Decimal(count) * 100 / n).quantize(Decimal("0.1")) if n else None

    segments = [
        ("U25", share(sum(f.is_u25 for f in facts))),
        ("single_parents", share(sum(f.is_single_parent for f in facts))),
        ("long_term", share(sum(f.is_long_term for f in facts))),
        ("single_households", share(sum(f.is_single_household for f in facts))),
    ]
    staff = (
        selectors.staff_on(as_of)
        .filter(districts=district)
        .select_related("team")
        .order_by("team__name", "family_name")
    )
    return render(
        request,
        "organisation/district_detail.html",
        {
            "district": district,
            "clients": n,
            "segments": segments,
            "figures": district.figures.order_by("year"),
            "staff": staff,
            "offices": district.offices.all(),
        },
    )


def staffing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisation/staffing.html",
        {
            "s": selectors.staffing(request_as_of(request)),
        },
    )
