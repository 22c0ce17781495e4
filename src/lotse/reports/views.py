"""Downloads of every report in every format: ``/reports/NAME/?format=pdf|xlsx|csv|csv-exchange|json``
with the parameters of the report's page (``as_of``, ``from``, ``year``, ``month``, ``by``, ``team``)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.http import Http404, HttpRequest, HttpResponse

from lotse.core.audit import record
from lotse.core.dates import request_as_of, request_day, request_int, request_month
from lotse.core.errors import BadInput
from lotse.core.models import AuditAction
from lotse.core.roles import has_role
from lotse.reports.definitions.base import Params
from lotse.reports.formats import CONTENT_TYPES, FORMATS, filename, render
from lotse.reports.registry import REPORTS


def params_from(request: HttpRequest) -> Params:
    as_of = request_as_of(request)
    year = request.GET.get("year")
    return Params(
        as_of=as_of,
        first=request_day(request.GET, "from"),
        year=request_int(request.GET, "year", as_of.year, lo=1900, hi=2199) if year else None,
        month=request_month(request.GET),
        by=request.GET.get("by") or "team",
        team=request.GET.get("team") or None,
        extra=_thresholds(request),
        user=request.user,
        person=request.GET.get("person") or None,
    )


def _thresholds(request: HttpRequest) -> dict:
    """The district ranking's thresholds as the page was filtered (numbers only)."""
    extra = {}
    for key in ("min_clients", "min_rate"):
        try:
            value = Decimal(request.GET[key])
        except (KeyError, InvalidOperation):
            continue
        if value.is_finite():
            extra[key] = value
    return extra


def download(request: HttpRequest, name: str) -> HttpResponse:
    definition = REPORTS.get(name)
    if definition is None or not has_role(request.user, *definition.readers):
        raise Http404
    fmt = request.GET.get("format", "pdf")
    if fmt not in FORMATS:
        raise BadInput(f"format: '{fmt}' is not one of {', '.join(FORMATS)}")
    params = params_from(request)
    if params.by == "caseworker":
        params = replace(params, by="team")  # figures per person stay on the page
    report = definition.build(params)
    body = render(report, fmt, request.GET.get("table"))
    record(action=AuditAction.EXPORT, what=f"report {name} ({fmt})", user=request.user)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    if fmt != "json":
        response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
    return response
