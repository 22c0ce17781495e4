"""The data protection officer's pages: audit trail, Art. 15 access report, deletion log."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lotse.clients.models import Person
from lotse.core.audit import record_person
from lotse.core.dates import request_day
from lotse.core.models import AuditAction, AuditEvent
from lotse.core.pdf import pdf_response
from lotse.core.roles import Role, has_role
from lotse.trust.models import DeletionLog
from lotse.trust.selectors import accesses_to


def _require_dpo(request: HttpRequest) -> None:
    if not has_role(request.user, Role.DATA_PROTECTION):
        raise Http404


def _day(params, name: str) -> date | None:
    return request_day(params, name)


def audit_log(request: HttpRequest) -> HttpResponse:
    """The whole trail, newest first, filtered by actor, client number, action and days."""
    _require_dpo(request)
    events = AuditEvent.objects.all()
    actor = request.GET.get("actor", "").strip()
    person = request.GET.get("person", "").strip()
    action = request.GET.get("action", "")
    since, until = _day(request.GET, "since"), _day(request.GET, "until")
    if actor:
        events = events.filter(actor__iexact=actor)
    if person:
        events = events.filter(person_ref=person)
    if action in AuditAction.values:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "trust/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "f": request.GET},
    )


def access_report(request: HttpRequest) -> HttpResponse:
    """GDPR Art. 15: every access to one person's data, as a page and as a PDF."""
    _require_dpo(request)
    ref = request.GET.get("person", "").strip()
    context: dict = {"ref": ref}
    if ref:
        person = Person.objects.filter(external_id=ref).first()
        if person is None:
            context["not_found"] = True
        else:
            record_person(
                action=AuditAction.READ,
                what="access_report",
                person=person,
                user=request.user,
                purpose="GDPR Art. 15",
            )
            context.update(
                person=person,
                events=list(accesses_to(person)),
                addresses=list(person.addresses.order_by("valid_from")),
                produced=timezone.now(),
            )
            if request.GET.get("format") == "pdf":
                return pdf_response("trust/access_report_pdf.html", context, request, f"auskunft-{ref}.pdf")
    return render(request, "trust/access_report.html", context)


def deletion_log(request: HttpRequest) -> HttpResponse:
    _require_dpo(request)
    page = Paginator(DeletionLog.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "trust/deletion_log.html", {"page": page})
