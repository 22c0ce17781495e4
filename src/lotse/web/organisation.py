"""The organisation pages that count clients (SPEC S1): the district ranking with its
candidates for a local office, the district profile, and the staffing control. The figures
come from :mod:`lotse.evaluation.organisation`; the teams and staff pages are the
organisation app's own."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lotse.core.dates import request_as_of
from lotse.evaluation.organisation import district_profile, district_ranking, staffing
from lotse.network.models import PartnerKind
from lotse.organisation.models import District, Jobcenter
from lotse.organisation.selectors import staff_on


def _decimal(value: str | None, default: Decimal) -> Decimal:
    try:
        return Decimal(value) if value else default
    except InvalidOperation:
        return default


def district_ranking_page(request: HttpRequest) -> HttpResponse:
    as_of = request_as_of(request)
    jobcenter = Jobcenter.current()
    min_clients = _decimal(request.GET.get("min_clients"), jobcenter.special_need_clients_per_1000)
    min_rate = _decimal(request.GET.get("min_rate"), jobcenter.special_need_unemployment_rate)
    rows = district_ranking(as_of, min_clients_per_1000=min_clients, min_unemployment_rate=min_rate)
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
    profile = district_profile(district, as_of)
    staff = (
        staff_on(as_of)
        .filter(districts=district)
        .select_related("team")
        .order_by("team__name", "family_name")
    )
    return render(
        request,
        "organisation/district_detail.html",
        {
            "district": district,
            "clients": profile.clients,
            "segments": profile.segments,
            "figures": district.figures.order_by("year"),
            "staff": staff,
            "offices": district.offices.all(),
            "employers": district.partners.filter(kind=PartnerKind.EMPLOYER, active=True)
            .annotate(
                last_contact=Max("exchanges__day"),
                open_vacancies=Count("vacancies", filter=Q(vacancies__closed_on__isnull=True)),
            )
            .order_by("name"),
        },
    )


def staffing_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisation/staffing.html",
        {
            "s": staffing(request_as_of(request)),
        },
    )
