"""Measure effectiveness with the list of measures to continue or review, and the needs per
target group for measure planning (SPEC S7). Aggregates only."""

from __future__ import annotations

import json
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.core.dates import request_as_of
from lotse.core.roles import Role, has_role
from lotse.domain.effectiveness import MIN_JUDGED
from lotse.measures.report import effectiveness, needs_by_group

READERS = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)


def effectiveness_page(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    as_of = request_as_of(request)
    try:
        first = (
            date.fromisoformat(request.GET["from"]) if request.GET.get("from") else date(as_of.year - 1, 1, 1)
        )
    except ValueError:
        raise Http404("from must be a date of the form YYYY-MM-DD") from None
    report = effectiveness(first, as_of)
    needs = needs_by_group(as_of)
    if request.GET.get("format") == "json":
        data = {**report.as_json(), "needs": needs}
        return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    return render(
        request,
        "measures/effectiveness.html",
        {"report": report, "needs": needs, "first": first, "min_judged": MIN_JUDGED},
    )
