"""The start page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.core.clock import today
from lotse.core.roles import may_read_clients, roles_of
from lotse.network.models import Task
from lotse.organisation.models import Jobcenter
from lotse.organisation.selectors import own_staff


def home(request: HttpRequest) -> HttpResponse:
    staff = own_staff(request.user)
    tasks = (
        Task.objects.filter(owner=staff, done_on__isnull=True)
        .select_related("meeting__group")
        .order_by("due")
        if staff is not None
        else Task.objects.none()
    )
    return render(
        request,
        "core/home.html",
        {
            "jobcenter": Jobcenter.current(),
            "may_read_clients": may_read_clients(request.user),
            "roles": sorted(roles_of(request.user)),
            "tasks": tasks,
            "today": today(),
        },
    )
