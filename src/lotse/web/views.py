"""The start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.core.clock import today
from lotse.core.dates import request_as_of
from lotse.core.roles import may_read_clients, roles_of
from lotse.network.models import Task
from lotse.organisation.models import Jobcenter
from lotse.organisation.selectors import own_staff
from lotse.web.start import start_sections


def home(request: HttpRequest) -> HttpResponse:
    staff = own_staff(request.user)
    tasks = (
        Task.objects.filter(owner=staff, done_on__isnull=True)
        .select_related("meeting__group")
        .order_by("due")
        if staff is not None
        else Task.objects.none()
    )
    as_of = request_as_of(request)
    return render(
        request,
        "core/home.html",
        {
            **start_sections(request.user, staff, as_of),
            "staff": staff,
            "as_of": as_of,
            "jobcenter": Jobcenter.current(),
            "may_read_clients": may_read_clients(request.user),
            "roles": sorted(roles_of(request.user)),
            "tasks": tasks,
            "today": today(),
        },
    )
