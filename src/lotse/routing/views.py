"""Routing pages: handovers and queue for team leads, overrides, simulation, bulk transfer."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.clients.access import open_client_for_write
from lotse.clients.models import Responsibility
from lotse.clients.scope import persons_visible_to
from lotse.core.audit import record
from lotse.core.clock import parse_day
from lotse.core.dates import request_as_of, request_day, request_int
from lotse.core.errors import Refused
from lotse.core.models import AuditAction
from lotse.core.roles import Role, has_role
from lotse.organisation.models import Staff, Team
from lotse.organisation.selectors import staff_on, team_ids_led_by
from lotse.routing import selectors, services
from lotse.routing.engine import Assignment, route_clients
from lotse.routing.models import RuleSet
from lotse.routing.rulesets import NoRuleSet, rule_set_on, rules_of

PENDING_SHOWN = 500  # a longer list is read as a number, not row by row
QUEUE_SHOWN = 200

STEERING = (Role.TEAM_LEAD, Role.MANAGEMENT, Role.CONTROLLING, Role.ADMINISTRATOR)


def named_rows(user, assignments: list[Assignment]) -> list[tuple[Assignment, str, str | None]]:
    """(assignment, client's full name, new caseworker's full name and team) for the preview
    tables, for the clients the user may see; two queries whatever the number of rows."""
    names = {
        pk: f"{family}, {given}"
        for pk, family, given in persons_visible_to(user)
        .filter(pk__in=[a.person_pk for a in assignments])
        .values_list("pk", "family_name", "given_name")
    }
    staff = {
        pk: f"{family}, {given} ({team or '–'})"
        for pk, family, given, team in Staff.objects.filter(
            pk__in={a.staff_pk for a in assignments if a.staff_pk}
        ).values_list("pk", "family_name", "given_name", "team__name")
    }
    return [(a, names[a.person_pk], staff.get(a.staff_pk)) for a in assignments if a.person_pk in names]


def _require(request: HttpRequest, *roles: Role) -> None:
    """Pages outside a role's need-to-know answer 404, so they do not reveal themselves."""
    if not has_role(request.user, *roles):
        raise Http404


def handover_list(request: HttpRequest) -> HttpResponse:
    _require(request, Role.TEAM_LEAD)
    as_of = request_as_of(request)
    own = team_ids_led_by(request.user)
    teams = Team.objects.filter(pk__in=own).order_by("name")  # need-to-know: the led teams only
    chosen = request.GET.get("team")
    team_ids = [int(chosen)] if chosen and chosen.isdigit() and int(chosen) in own else own
    page = Paginator(selectors.handovers_into(team_ids), 50).get_page(request.GET.get("page"))
    queue = (
        Responsibility.objects.filter(staff__isnull=True, team_id__in=team_ids)
        .select_related("person", "team")
        .order_by("team__name", "person__family_name")
    )
    queue_total = queue.count()
    pending, pending_on, pending_total = None, None, 0
    if request.GET.get("pending_on"):
        pending_on = request_day(request.GET, "pending_on")
        clients = Responsibility.objects.filter(team_id__in=team_ids)
        run = route_clients(
            as_of=pending_on,
            rules=rules_of(rule_set_on(pending_on)),
            dry_run=True,
            only=clients.values("person_id"),
        )
        pending_total = len(run.changed)
        pending = named_rows(request.user, sorted(run.changed, key=lambda a: a.person_id)[:PENDING_SHOWN])
    queue = list(queue[:QUEUE_SHOWN]) if queue is not None else []
    # every client named on the page is a read (handovers, queue, pending changes)
    shown = {(h.person_id, h.person.external_id) for h in page.object_list}
    shown |= {(r.person_id, r.person.external_id) for r in queue}
    shown |= {(a.person_pk, a.person_id) for a, _name, _staff in pending or ()}
    if shown:
        record(action=AuditAction.READ, what="handover_list", persons=sorted(shown), user=request.user)
    return render(
        request,
        "routing/handover_list.html",
        {
            "page": page,
            "teams": teams,
            "team_ids": team_ids,
            "queue": queue,
            "queue_total": queue_total,
            "pending": pending,
            "pending_total": pending_total,
            "pending_on": pending_on or as_of + timedelta(days=30),
        },
    )


@require_POST
def override_create(request: HttpRequest, external_id: str) -> HttpResponse:
    _require(request, Role.TEAM_LEAD)
    person = open_client_for_write(request, external_id)
    as_of = request_as_of(request)
    staff = staff_on(as_of).filter(pk=request_int(request.POST, "staff", 0), role="caseworker").first()
    url = reverse("clients:detail", kwargs={"external_id": external_id}) + f"?as_of={as_of}"
    try:
        valid_until = parse_day(request.POST.get("valid_until", ""))
    except ValueError:
        messages.error(request, _("The expiry date is missing or not a date."))
        return redirect(url)
    if staff is None:
        messages.error(request, _("Choose a caseworker employed on the reference date."))
        return redirect(url)
    try:
        services.override_create(
            person=person,
            staff=staff,
            reason=request.POST.get("reason", ""),
            valid_until=valid_until,
            as_of=as_of,
            user=request.user,
        )
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect(url)
    messages.success(
        request,
        _("%(name)s is now responsible until %(day)s.")
        % {"name": staff, "day": valid_until.strftime("%d.%m.%Y")},
    )
    return redirect(url)


def simulation(request: HttpRequest) -> HttpResponse:
    _require(request, *STEERING)
    as_of = request_as_of(request)
    rule_sets = RuleSet.objects.order_by("-valid_from")
    chosen = request_int(request.GET, "rule_set")
    try:
        rule_set = rule_sets.get(pk=chosen) if chosen else rule_set_on(as_of)
    except (RuleSet.DoesNotExist, NoRuleSet):
        raise Http404 from None
    figures = selectors.kept_simulation(as_of, rule_set)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "as_of": as_of.isoformat(),
                "rule_set": rule_set.name,
                "strategies": [f.as_json() for f in figures],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "routing/simulation.html",
        {
            "figures": figures,
            "rule_sets": rule_sets,
            "rule_set": rule_set,
        },
    )


def transfer(request: HttpRequest, external_id: str) -> HttpResponse:
    _require(request, Role.TEAM_LEAD)
    as_of = request_as_of(request)
    # A team lead transfers the caseloads of their own team only.
    led = team_ids_led_by(request.user)
    staff = get_object_or_404(
        Staff.objects.select_related("team").filter(team_id__in=led), external_id=external_id
    )
    if request.method == "POST":
        run = services.transfer_caseload(staff=staff, as_of=as_of, user=request.user)
        messages.success(
            request,
            _("%(n)s clients re-routed, %(h)s handovers recorded.") % {"n": run.routed, "h": run.handovers},
        )
        return redirect(reverse("organisation:staff_detail", kwargs={"external_id": external_id}))
    run = services.transfer_preview(staff=staff, as_of=as_of)
    rows = sorted(named_rows(request.user, run.assignments), key=lambda r: r[1])
    if rows:  # the preview names the clients: a read of each
        record(
            action=AuditAction.READ,
            what="transfer_preview",
            persons=[(a.person_pk, a.person_id) for a, _name, _staff in rows],
            user=request.user,
        )
    return render(request, "routing/transfer.html", {"member": staff, "rows": rows})
