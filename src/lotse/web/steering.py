"""The agreement quota per team against the quota of the year's target agreement (SPEC S6,
S9): the agreements app counts, the targets app says what was agreed. Aggregates only."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.agreements.report import agreement_quota
from lotse.core.dates import request_as_of
from lotse.core.roles import Role, has_role
from lotse.targets.mbz import planned
from lotse.targets.models import Figure

READERS = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)


def quota_page(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    quota = agreement_quota(request_as_of(request))
    quota.target = planned(Figure.AGREEMENT_QUOTA, quota.as_of.year)
    if request.GET.get("format") == "json":
        data = {
            "as_of": quota.as_of.isoformat(),
            "target": quota.target,
            "jobcenter": quota.total.as_json(),
            "teams": [row.as_json() for row in quota.teams],
        }
        return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    return render(request, "agreements/quota.html", {"quota": quota, "as_of": quota.as_of})
