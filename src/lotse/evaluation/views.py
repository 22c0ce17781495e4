"""The contact-density evaluation page (SPEC S4) with breakdowns, series and chart."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.contacts.outcomes import outcome_counts
from lotse.core.dates import request_as_of
from lotse.core.pdf import pdf_response
from lotse.core.roles import Role, has_role
from lotse.domain.dates import add_months, is_month_end
from lotse.evaluation.charts import share_chart
from lotse.evaluation.contact_density import DIMENSIONS, WINDOWS, evaluate_contact_density
from lotse.evaluation.exports import evaluation_csv, evaluation_xlsx
from lotse.organisation.models import Jobcenter, Staff

READERS = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def contact_density(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    as_of = request_as_of(request)
    by = request.GET.get("by") if request.GET.get("by") in DIMENSIONS else "team"
    individual = has_role(
        request.user, *[Role(r) for r in settings.INDIVIDUAL_FIGURES_ROLES if r in Role.values]
    )
    if by == "caseworker" and not individual:
        by = "team"  # figures per person are for the roles the works-council agreement names
    evaluation = evaluate_contact_density(as_of, by=(by,))
    if by == "caseworker":
        evaluation = replace(evaluation, groups=own_team_only(request.user, evaluation.groups))
    fmt = request.GET.get("format")
    if fmt == "json":
        return HttpResponse(
            json.dumps(evaluation.as_json(), ensure_ascii=False, indent=1), content_type="application/json"
        )
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kontaktdichte-{as_of}.csv"'
        evaluation_csv(evaluation, response)
        return response
    if fmt == "xlsx":
        response = HttpResponse(evaluation_xlsx(evaluation), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="kontaktdichte-{as_of}.xlsx"'
        return response
    dimensions = tuple(d for d in DIMENSIONS if d != "caseworker" or individual)
    context = {**page_context(evaluation), "by": by, "dimensions": dimensions}
    context["outcome_from"] = add_days_back_a_year(as_of)
    context["outcomes"] = outcome_counts(context["outcome_from"], as_of)
    if fmt == "pdf":
        return pdf_response(
            "evaluation/contact_density_pdf.html", context, request, f"kontaktdichte-{as_of}.pdf"
        )
    return render(request, "evaluation/contact_density.html", context)


def own_team_only(user, groups: list) -> list:
    """A team lead sees the caseworkers of the own team only; management (where the setting
    allows individual figures) sees all."""
    if has_role(user, Role.MANAGEMENT, Role.CONTROLLING):
        return groups
    keys = set(
        Staff.objects.filter(team__in=Staff.objects.filter(user=user).values("team")).values_list(
            "external_id", flat=True
        )
    )
    return [g for g in groups if g.key in keys]


def add_days_back_a_year(day: date) -> date:
    """The first day of the twelve months up to ``day`` (a year back, the day after)."""
    return add_months(day, -12) + timedelta(days=1)


def page_context(evaluation) -> dict:
    """What the page and the PDF show: headline against the guide values, chart, tables."""
    # month ends only: a running month would show as a drop (it stays in the table)
    series = [
        (d.strftime("%m/%y"), {n: c.share(n) for n in WINDOWS})
        for d, c in evaluation.series
        if is_month_end(d)
    ]
    return {
        "ev": evaluation,
        "as_of": evaluation.as_of,
        "jobcenter": Jobcenter.current(),
        "headline": [
            (n, evaluation.total.within[n], evaluation.total.share(n), evaluation.guide.get(n))
            for n in WINDOWS
        ],
        "chart": share_chart(series, evaluation.guide),
        "series": evaluation.series,
        "windows": WINDOWS,
    }
