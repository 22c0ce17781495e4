"""Client pages of the clients app (SPEC S2): search, the purpose step, and correcting master
data. The client record itself shows every area and is composed in :mod:`lotse.web.client_record`."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from lotse.clients import services
from lotse.clients.access import MIN_PURPOSE, client_in_reach, open_client_for_write
from lotse.clients.filters import PersonFilter
from lotse.clients.forms import PersonForm
from lotse.clients.scope import Reach, persons_owned_by, persons_visible_to, remember_purpose
from lotse.clients.tables import PersonTable
from lotse.core.audit import last_write_to, record, record_person
from lotse.core.locking import versioned_edit
from lotse.core.models import AuditAction
from lotse.core.roles import may_read_clients

PAGE_SIZE = 25


def client_list(request: HttpRequest) -> HttpResponse:
    if not may_read_clients(request.user):
        raise Http404
    visible = (
        persons_visible_to(request.user)
        .select_related("district")
        .annotate(own=Exists(persons_owned_by(request.user).filter(pk=OuterRef("pk"))))
    )
    person_filter = PersonFilter(request.GET, queryset=visible)
    table = PersonTable(person_filter.qs)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    # The rows shown are a read of those clients' data: one audit entry each.
    shown = [(row.record.pk, row.record.external_id) for row in table.page.object_list]
    if shown:
        record(action=AuditAction.READ, what="client_list", persons=shown, user=request.user)
    return render(request, "clients/client_list.html", {"filter": person_filter, "table": table})


@require_POST
def client_purpose(request: HttpRequest, external_id: str) -> HttpResponse:
    """Break the glass: the reason for opening a team client outside the own caseload."""
    person, level = client_in_reach(request.user, external_id)
    text = request.POST.get("purpose", "").strip()
    if level == Reach.TEAM and len(text) < MIN_PURPOSE:
        return render(
            request,
            "clients/purpose.html",
            {"person_ref": person.external_id, "error": True, "purpose": text},
            status=400,
        )
    if level == Reach.TEAM:
        remember_purpose(request, person, text)
    return redirect("clients:detail", external_id=person.external_id)


def client_edit(request: HttpRequest, external_id: str) -> HttpResponse:
    """Correct a client's master data; a save over someone else's newer save is refused. Showing
    the form is a read of the master data (audited); saving is the service's audited write."""
    person = open_client_for_write(request, external_id)
    if request.method != "POST":
        record_person(action=AuditAction.READ, what="client_edit_form", person=person, user=request.user)
    form, stale, saved = versioned_edit(
        request,
        PersonForm,
        person,
        lambda form: services.person_update(person=person, **form.lock_args(), user=request.user),
    )
    if saved:
        messages.success(request, _("The master data were saved."))
        return redirect("clients:detail", external_id=person.external_id)
    return render(
        request,
        "clients/client_edit.html",
        {
            "person": person,
            "form": form,
            "stale": stale,
            "last_writer": last_write_to(person.pk) if stale else None,
        },
    )
