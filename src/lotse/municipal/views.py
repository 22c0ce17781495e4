"""Municipal services: budget use per service and the per-city year-end table (SPEC S8)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.core.clock import FIRST_DAY, LAST_DAY
from lotse.core.dates import request_as_of, request_int
from lotse.core.roles import Role, has_role
from lotse.municipal.models import ServiceBudget
from lotse.municipal.report import budget_use, city_table

READERS = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)


def budgets(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    as_of = request_as_of(request)
    year = request_int(request.GET, "year", as_of.year, lo=FIRST_DAY.year, hi=LAST_DAY.year)
    use = budget_use(year, as_of)
    cities = city_table(year, as_of)
    if request.GET.get("format") == "json":
        data = {
            "year": year,
            "as_of": as_of.isoformat(),
            "budgets": [u.as_json() for u in use],
            "cities": cities,
        }
        return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    years = sorted(set(ServiceBudget.objects.values_list("year", flat=True)), reverse=True)
    return render(
        request,
        "municipal/budgets.html",
        {"year": year, "use": use, "cities": cities, "years": years, "final": as_of.year > year},
    )
