"""The MBZ page (SPEC S9): targets plan against actual, trend charts, comments and steering
measures; the team view for the monthly performance dialogue; JSON here, PDF/XLSX/CSV
through the report pipeline (:mod:`lotse.reports`)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.core.clock import parse_day, today
from lotse.core.dates import request_int, request_month
from lotse.core.errors import Refused
from lotse.core.locking import StaleEdit
from lotse.core.roles import Role, has_role
from lotse.organisation.models import Team
from lotse.targets import services
from lotse.targets.exports import mbz_json
from lotse.targets.figures import first_of
from lotse.targets.mbz import mbz_report
from lotse.targets.models import ActionStatus, SteeringAction, Target

READERS = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)
EDITORS = (Role.CONTROLLING, Role.MANAGEMENT)


def _month(request: HttpRequest) -> date:
    month = request_month(request.GET) or request_month(request.POST)
    if month is None:  # the last completed month: the MBZ reports a closed month
        return first_of(date.fromordinal(first_of(today()).toordinal() - 1))
    return month


def mbz(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    month = _month(request)
    team = None
    if request.GET.get("team"):
        team = get_object_or_404(Team, external_id=request.GET["team"])
    report = mbz_report(month, team)
    fmt = request.GET.get("format")
    if fmt == "json":
        return HttpResponse(mbz_json(report), content_type="application/json")
    if fmt in ("pdf", "xlsx", "csv"):  # the documents come from the report pipeline
        query = request.GET.copy()
        query["month"] = f"{month:%Y-%m}"
        return redirect(reverse("reports:download", kwargs={"name": "mbz"}) + "?" + query.urlencode())
    return render(
        request,
        "targets/mbz.html",
        {
            "mbz": report,
            "teams": Team.objects.exclude(kind="outreach").order_by("name"),
            "may_edit": has_role(request.user, *EDITORS) and team is None,
            "statuses": ActionStatus.choices,
        },
    )


def _back(month: date) -> HttpResponse:
    return redirect(f"{reverse('targets:mbz')}?month={month:%Y-%m}")


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, *EDITORS):
        raise Http404
    target = get_object_or_404(Target, pk=pk)
    month = _month(request)
    text = request.POST.get("text", "").strip()
    if not text:
        messages.error(request, _("The comment is empty."))
        return _back(month)
    version = request_int(request.POST, "version") or None
    try:
        services.comment_save(
            user=request.user,
            target=target,
            month=month,
            text=text,
            version=version,
            seen=request.POST.get("seen", ""),
        )
    except StaleEdit as stale:
        messages.error(
            request,
            _(
                "Someone else changed this comment in the meantime; it now reads: %(text)s. "
                "Your text: %(mine)s"
            )
            % {"text": stale.current.text, "mine": text},
        )
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Comment saved."))
    return _back(month)


@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a steering measure to a target (``pk`` = target) or follow one up (``action``)."""
    if not has_role(request.user, *EDITORS):
        raise Http404
    target = get_object_or_404(Target, pk=pk)
    month = _month(request)
    if request.POST.get("action"):
        item = get_object_or_404(SteeringAction, pk=request_int(request.POST, "action"), target=target)
        status = request.POST.get("status", "")
        if status not in ActionStatus.values:
            messages.error(request, _("Choose a status."))
            return _back(month)
        try:
            services.action_follow_up(
                user=request.user,
                action=item,
                status=status,
                follow_up=request.POST.get("follow_up", "").strip(),
                version=request_int(request.POST, "version", 0),
            )
        except (StaleEdit, ValueError):
            messages.error(request, _("Someone else changed this steering measure in the meantime; reload."))
        else:
            messages.success(request, _("Steering measure updated."))
        return _back(month)
    what, owner = request.POST.get("what", "").strip(), request.POST.get("owner", "").strip()
    try:
        due = parse_day(request.POST.get("due", ""))
    except ValueError:
        due = None
    missing = [
        label
        for label, value in ((_("measure"), what), (_("responsible"), owner), (_("due (YYYY-MM-DD)"), due))
        if not value
    ]
    if missing:
        messages.error(request, _("Please fill in: %(fields)s.") % {"fields": ", ".join(missing)})
        return _back(month)
    try:
        services.action_add(user=request.user, target=target, month=month, what=what, owner=owner, due=due)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Steering measure added."))
    return _back(month)
