"""Organisation pages (SPEC S1): teams and staff. The pages that count clients (district
ranking and profile, staffing) are composed in :mod:`lotse.web.organisation`."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from lotse.core.dates import request_as_of
from lotse.core.models import valid_on
from lotse.organisation import selectors
from lotse.organisation.models import Staff, Team
from lotse.organisation.qualifications import qualifications_of


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
    return render(
        request,
        "organisation/staff_detail.html",
        {"member": member, "qualifications": qualifications_of(member)},
    )
