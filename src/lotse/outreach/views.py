"""Outreach pages (SPEC S5): figures, candidates, visit rounds, cases, letters."""

from __future__ import annotations

import csv
import json
from datetime import date

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotse.clients.models import Responsibility
from lotse.clients.selectors import addresses_on
from lotse.contacts.outcomes import outcome_counts
from lotse.core.audit import record
from lotse.core.clock import parse_day, today
from lotse.core.dates import request_as_of, request_day
from lotse.core.errors import BadInput, Refused
from lotse.core.forms import DATE_INPUT, DayField, add_refusal
from lotse.core.models import AuditAction, valid_on
from lotse.core.roles import Role, has_role
from lotse.core.spreadsheets import csv_text
from lotse.domain.dates import is_month_end
from lotse.evaluation.charts import count_chart
from lotse.organisation.models import District, Staff, StaffRole
from lotse.outreach import services
from lotse.outreach.letters import letters_pdf, with_address
from lotse.outreach.models import CloseReason, OfferKind, OutreachCase, Reason, VisitResult, VisitRound
from lotse.outreach.report import outreach_report
from lotse.outreach.selectors import candidates_for, outreach_cases_visible_to, rule_on

FIGURE_READERS = (Role.OUTREACH, Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)
WORKERS = (Role.OUTREACH, Role.TEAM_LEAD)


def _require(request: HttpRequest, *roles: Role) -> None:
    if not has_role(request.user, *roles):
        raise Http404


def _own_staff(request: HttpRequest) -> Staff | None:
    return Staff.objects.filter(valid_on(today()), user=request.user).select_related("team").first()


def figures(request: HttpRequest) -> HttpResponse:
    """A year of outreach figures up to the reference date, per month and district."""
    _require(request, *FIGURE_READERS)
    last = request_as_of(request)
    first = request_day(request.GET, "from")
    if first is None:  # twelve months up to the reference date
        months_back = last.year * 12 + last.month - 1 - 11
        first = date(months_back // 12, months_back % 12 + 1, 1)
    if first > last:
        raise BadInput(_("'from' lies after the reference date."))
    report = outreach_report(first, last)
    if request.GET.get("format") == "json":
        return HttpResponse(
            json.dumps(report.as_json(), ensure_ascii=False, indent=1), content_type="application/json"
        )
    # a month that is not over yet would show as a drop: the chart ends with the last full month
    month_over = is_month_end(last)
    shown = (
        report.months
        if month_over
        else [(m, f) for m, f in report.months if (m.year, m.month) != (last.year, last.month)]
    )
    chart = count_chart(
        _("Clients visited, met and reconnected per month"),
        [(m.strftime("%m/%y"), f.counts) for m, f in shown],
        [
            ("visited", _("clients visited")),
            ("met", _("clients met")),
            ("reconnected", _("clients reconnected")),
        ],
    )
    reached = OutreachCase.objects.filter(opened_on__lte=last).values("person_id")
    return render(
        request,
        "outreach/figures.html",
        {
            "report": report,
            "chart": chart,
            "month_running": not month_over,
            "first": first,
            "last": last,
            "outcomes": outcome_counts(first, last, persons=reached),
        },
    )


def candidate_list(request: HttpRequest) -> HttpResponse:
    """Clients without contact by the rule on the date: least data for the outreach team."""
    _require(request, *WORKERS)
    as_of = request_as_of(request)
    qs = (
        candidates_for(request.user, as_of)
        .select_related("district")
        # the longest without contact first (never contacted at the top): who needs a visit most
        .order_by(F("last_contact").asc(nulls_first=True), "family_name", "given_name", "pk")
    )
    district = request.GET.get("district")
    if district:
        qs = qs.filter(district__external_id=district)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    pks = [p.pk for p in rows]
    caseworkers = {
        pk: f"{family}, {given}"
        for pk, family, given in Responsibility.objects.filter(
            person_id__in=pks, staff__isnull=False
        ).values_list("person_id", "staff__family_name", "staff__given_name")
    }
    open_cases = {
        c.person_id: c
        for c in OutreachCase.objects.open().filter(person_id__in=pks).annotate(n_visits=Count("visits"))
    }
    record(
        action=AuditAction.READ,
        what="outreach_candidates",
        persons=[(p.pk, p.external_id) for p in rows],
        user=request.user,
    )
    rule = rule_on(as_of)
    return render(
        request,
        "outreach/candidates.html",
        {
            "page": page,
            "rows": [(p, caseworkers.get(p.pk), open_cases.get(p.pk)) for p in rows],
            "rule": rule,
            "districts": District.objects.order_by("name"),
            "district": district,
        },
    )


class RoundForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    staff = forms.ModelChoiceField(label=gettext_lazy("Outreach worker"), queryset=Staff.objects.none())
    districts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Districts"),
        queryset=District.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    first_day = DayField(label=gettext_lazy("First day"), widget=DATE_INPUT)
    last_day = DayField(label=gettext_lazy("Last day"), widget=DATE_INPUT)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = workers


def round_list(request: HttpRequest) -> HttpResponse:
    _require(request, *WORKERS)
    as_of = request_as_of(request)
    own = _own_staff(request)
    workers = Staff.objects.filter(valid_on(as_of), role=StaffRole.OUTREACH).order_by("family_name")
    if own is not None and own.role == StaffRole.OUTREACH:
        workers = workers.filter(team=own.team)
    form = RoundForm(
        request.POST or None, workers=workers, initial={"staff": own, "first_day": as_of, "last_day": as_of}
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit_round = services.round_plan(**form.cleaned_data, as_of=as_of, user=request.user)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Round planned with %(n)d clients.") % {"n": visit_round.cases.count()},
            )
            return redirect("outreach:round", pk=visit_round.pk)
    rounds = (
        VisitRound.objects.select_related("staff").annotate(n_cases=Count("cases")).order_by("-first_day")
    )
    return render(request, "outreach/rounds.html", {"form": form, "rounds": rounds[:50]})


def _round_in_reach(request: HttpRequest, pk: int) -> VisitRound:
    _require(request, *WORKERS)
    return get_object_or_404(VisitRound.objects.select_related("staff"), pk=pk)


def _cases_visible(request: HttpRequest):
    return outreach_cases_visible_to(request.user)


def _round_cases(request: HttpRequest, visit_round: VisitRound) -> list[OutreachCase]:
    """The round's cases within reach, in the order of a route: postal code, street, house
    number (clients without an address last)."""
    cases = list(
        _cases_visible(request)
        .filter(visit_round=visit_round)
        .select_related("person", "person__district", "visit_round", "staff", "visit_round__staff")
        .annotate(n_visits=Count("visits"), n_met=Count("visits", filter=Q(visits__result=VisitResult.MET)))
    )
    found = addresses_on([c.person_id for c in cases], today())
    for case in cases:
        case.address = found.get(case.person_id)
    return sorted(
        cases,
        key=lambda c: (
            c.address is None,
            (c.address.postal_code, c.address.street, c.address.house_number) if c.address else ("", "", ""),
            c.person.family_name,
        ),
    )


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit_round = _round_in_reach(request, pk)
    cases = _round_cases(request, visit_round)
    record(
        action=AuditAction.READ,
        what="outreach_round",
        persons=[(c.person_id, c.person.external_id) for c in cases],
        user=request.user,
    )
    without = [c for c in cases if c.address is None]
    return render(
        request, "outreach/round.html", {"round": visit_round, "cases": cases, "without_address": without}
    )


def round_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """The announcement letters of the round, for the clients with an address (in route order)."""
    visit_round = _round_in_reach(request, pk)
    letters, _without = with_address(_round_cases(request, visit_round), today())
    if not letters:
        raise Http404
    record(
        action=AuditAction.EXPORT,
        what="outreach_letter",
        persons=[(letter.person.pk, letter.person.external_id) for letter in letters],
        user=request.user,
    )
    response = HttpResponse(letters_pdf(letters), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ankuendigungen-runde-{visit_round.pk}.pdf"'
    return response


ROUTE_COLUMNS = ("name", "street", "house_number", "postal_code", "city", "country", "client_number")


def round_route(request: HttpRequest, pk: int) -> HttpResponse:
    """The round as a CSV a route planner reads (comma-separated, UTF-8, one stop a line,
    sorted by postal code and street): the clients with an address."""
    visit_round = _round_in_reach(request, pk)
    cases = [c for c in _round_cases(request, visit_round) if c.address is not None]
    record(
        action=AuditAction.EXPORT,
        what="outreach_route",
        persons=[(c.person_id, c.person.external_id) for c in cases],
        user=request.user,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="route-runde-{visit_round.pk}.csv"'
    writer = csv.writer(response, lineterminator="\r\n")
    writer.writerow(ROUTE_COLUMNS)
    for c in cases:
        a = c.address
        name = f"{c.person.given_name} {c.person.family_name}" + (f" c/o {a.care_of}" if a.care_of else "")
        writer.writerow(
            [
                csv_text(v)
                for v in (name, a.street, a.house_number, a.postal_code, a.city, "DE", c.person.external_id)
            ]
        )
    return response


def _case_in_reach(request: HttpRequest, pk: int) -> OutreachCase:
    _require(request, *WORKERS)
    return get_object_or_404(
        _cases_visible(request).select_related("person", "person__district", "visit_round", "staff"), pk=pk
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_in_reach(request, pk)
    record(
        action=AuditAction.READ,
        what="outreach_case",
        persons=[(case.person_id, case.person.external_id)],
        user=request.user,
    )
    responsible = Responsibility.objects.filter(person=case.person).select_related("staff", "team").first()
    return render(
        request,
        "outreach/case.html",
        {
            "case": case,
            "responsible": responsible,
            "visits": case.visits.select_related("staff"),
            "offers": case.offers.all(),
            "results": VisitResult.choices,
            "reasons": Reason.choices,
            "offer_kinds": OfferKind.choices,
            "today": today(),
        },
    )


def case_letter(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_in_reach(request, pk)
    record(
        action=AuditAction.EXPORT,
        what="outreach_letter",
        persons=[(case.person_id, case.person.external_id)],
        user=request.user,
    )
    letters, _without = with_address([case], today())
    if not letters:
        messages.error(request, _("No address is recorded for this client: the letter cannot be posted."))
        return redirect("outreach:case", pk=case.pk)
    response = HttpResponse(letters_pdf(letters), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ankuendigung-{case.person.external_id}.pdf"'
    return response


@require_POST
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a visit, hand the client back, or close the case."""
    case = _case_in_reach(request, pk)
    post = request.POST
    try:
        day = parse_day(post.get("date", ""))
    except ValueError:
        messages.error(request, _("The date is missing or not a date."))
        return redirect("outreach:case", pk=case.pk)
    try:
        action = post.get("action")
        if action == "visit":
            offers = [(kind, post.get(f"accepted_{kind}") == "on") for kind in post.getlist("offers")]
            services.visit_record(
                case=case,
                day=day,
                staff=_own_staff(request),
                result=post.get("result", ""),
                card_left=post.get("card_left") == "on",
                reasons=post.getlist("reasons"),
                offers=offers,
                note=post.get("note", ""),
                today=today(),
                user=request.user,
            )
            messages.success(request, _("Visit of %(day)s recorded.") % {"day": day.strftime("%d.%m.%Y")})
        elif action == "hand_back":
            services.case_hand_back(case=case, day=day, user=request.user)
            messages.success(request, _("The client is handed back to the caseworker."))
        elif action == "close":
            services.case_close(
                case=case,
                day=day,
                reason=post.get("reason", CloseReason.OTHER),
                note=post.get("note", ""),
                user=request.user,
            )
            messages.success(request, _("The case is closed."))
        else:
            raise Http404
    except Refused as exc:
        messages.error(request, str(exc))
    if case.is_open or action == "visit":
        return redirect("outreach:case", pk=case.pk)
    return (
        redirect("outreach:round", pk=case.visit_round_id)
        if case.visit_round_id
        else redirect("outreach:rounds")
    )
