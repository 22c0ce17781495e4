"""Organisation pages (SPEC S1): teams and staff. The pages that count clients (district
ranking and profile, staffing) are composed in :mod:`lotse.web.organisation`."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.core.dates import request_as_of
from lotse.core.forms import save_or_refuse
from lotse.core.models import valid_on
from lotse.core.roles import Role, has_role
from lotse.organisation import deputies, selectors
from lotse.organisation.forms import DeputyshipForm
from lotse.organisation.models import Deputyship, Staff, Team
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


def deputyship_page(request: HttpRequest) -> HttpResponse:
    """The team lead names deputies (Vertretung) for their caseworkers' absences."""
    if not has_role(request.user, Role.TEAM_LEAD):
        raise Http404
    as_of = request_as_of(request)
    led = selectors.team_ids_led_by(request.user)
    team_staff = selectors.staff_on(as_of).filter(team_id__in=led).order_by("family_name", "given_name")
    form = DeputyshipForm(request.POST or None, team_staff=team_staff)
    if request.method == "POST":
        created = save_or_refuse(
            form,
            lambda: deputies.deputyship_create(**form.cleaned_data, team_ids=led, user=request.user),
        )
        if created is not None:
            messages.success(
                request,
                _("%(deputy)s stands in for %(absent)s from %(start)s to %(end)s.")
                % {
                    "deputy": created.deputy,
                    "absent": created.absent,
                    "start": created.valid_from.strftime("%d.%m.%Y"),
                    "end": created.valid_to.strftime("%d.%m.%Y"),
                },
            )
            return redirect(reverse("organisation:deputies") + f"?as_of={as_of.isoformat()}")
    rows = [d for team in led for d in deputies.deputyships_of_team(team, as_of)]
    return render(
        request,
        "organisation/deputies.html",
        {"form": form, "rows": rows, "as_of": as_of, "has_team": bool(led)},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def deputyship_end(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, Role.TEAM_LEAD):
        raise Http404
    led = selectors.team_ids_led_by(request.user)
    deputyship = get_object_or_404(
        Deputyship.objects.select_related("absent", "deputy"), pk=pk, absent__team_id__in=led
    )
    as_of = request_as_of(request)
    ended = deputies.deputyship_end(deputyship=deputyship, as_of=as_of, team_ids=led, user=request.user)
    if ended is None:
        messages.success(request, _("The deputyship was withdrawn before it began."))
    else:
        messages.success(
            request,
            _("The deputyship ended on %(day)s.") % {"day": ended.valid_to.strftime("%d.%m.%Y")},
        )
    return redirect(reverse("organisation:deputies") + f"?as_of={as_of.isoformat()}")
