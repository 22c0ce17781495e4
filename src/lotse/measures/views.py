"""Measure effectiveness with the list of measures to continue or review, and the needs per
target group for measure planning (SPEC S7, aggregates only); the exit from a measure and a
resolved need, posted from the client record."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.clients.access import open_client_for_write
from lotse.clients.models import Person
from lotse.core.clock import today
from lotse.core.dates import request_as_of, request_day
from lotse.core.errors import Refused
from lotse.core.forms import save_with_message
from lotse.core.roles import Role, has_role
from lotse.domain.effectiveness import MIN_JUDGED
from lotse.measures import services
from lotse.measures.forms import ExitForm
from lotse.measures.models import Need, Participation
from lotse.measures.report import effectiveness, needs_by_group

READERS = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)


def effectiveness_page(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    as_of = request_as_of(request)
    first = request_day(request.GET, "from", date(as_of.year - 1, 1, 1))
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


def _back(person: Person) -> HttpResponse:
    return redirect(reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#steering")


@require_POST
def participation_exit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(Participation.objects.select_related("person", "measure"), pk=pk)
    person = open_client_for_write(request, participation.person)

    def save(data: dict) -> str:
        services.participation_exit(
            participation=participation, exited=data["exited"], reason=data["exit_reason"], user=request.user
        )
        return _("Exit from %(measure)s recorded.") % {"measure": participation.measure.name}

    save_with_message(request, ExitForm(request.POST, prefix=f"exit-{pk}"), save)
    return _back(person)


@require_POST
def need_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(Need.objects.select_related("person"), pk=pk)
    person = open_client_for_write(request, need.person)
    try:
        services.need_resolve(need=need, resolved_on=today(), user=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The need is marked as resolved."))
    return _back(person)
