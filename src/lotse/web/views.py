"""The start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.core.roles import may_read_clients, roles_of
from lotse.organisation.models import Jobcenter


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "jobcenter": Jobcenter.current(),
            "may_read_clients": may_read_clients(request.user),
            "roles": sorted(roles_of(request.user)),
        },
    )
