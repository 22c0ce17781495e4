"""Client pages (SPEC S2): search and the client record with facts "as of" a date."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from lotse.clients import services
from lotse.clients.filters import PersonFilter
from lotse.clients.forms import PersonForm
from lotse.clients.models import HouseholdMember, Person
from lotse.clients.scope import Reach, may_open, persons_visible_to, purpose_given, reach, remember_purpose
from lotse.clients.selectors import load_histories
from lotse.clients.tables import PersonTable
from lotse.contacts.views import contact_context
from lotse.core.audit import last_write_to, record, record_person
from lotse.core.dates import request_as_of
from lotse.core.locking import versioned_edit
from lotse.core.models import AuditAction
from lotse.core.roles import Role, has_role, may_read_clients
from lotse.domain.facts import derive_facts
from lotse.measures.client_views import steering_context
from lotse.organisation.selectors import staff_on
from lotse.routing.selectors import explain
from lotse.trust.retention import deletion_due

PAGE_SIZE = 25
OVERRIDE_DAYS = 182  # default expiry of a manual assignment: half a year
MIN_PURPOSE = 10  # characters: a reason, not "x"


def client_list(request: HttpRequest) -> HttpResponse:
    if not may_read_clients(request.user):
        raise Http404
    visible = persons_visible_to(request.user).select_related("district")
    person_filter = PersonFilter(request.GET, queryset=visible)
    table = PersonTable(person_filter.qs)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    # The rows shown are a read of those clients' data: one audit entry each.
    shown = [(row.record.pk, row.record.external_id) for row in table.page.object_list]
    if shown:
        record(action=AuditAction.READ, what="client_list", persons=shown, user=request.user)
    return render(request, "clients/client_list.html", {"filter": person_filter, "table": table})


def _person_in_reach(request: HttpRequest, external_id: str) -> tuple[Person, Reach]:
    """The person if the user may open them (404 otherwise, whether or not they exist)."""
    person = get_object_or_404(
        persons_visible_to(request.user).select_related("district"), external_id=external_id
    )
    return person, reach(request.user, person)


def client_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    as_of = request_as_of(request)
    person, level = _person_in_reach(request, external_id)
    purpose = ""
    if level == Reach.TEAM:
        purpose = purpose_given(request, person)
        if purpose is None:
            return render(request, "clients/purpose.html", {"person_ref": person.external_id})
    record_person(
        action=AuditAction.READ, what="client_page", person=person, user=request.user, purpose=purpose
    )
    history = load_histories(Person.objects.filter(pk=person.pk))[person.pk]
    facts = derive_facts(history, as_of)
    memberships = (
        HouseholdMember.objects.filter(household__members__person=person)
        .select_related("person", "household")
        .order_by("household__external_id", "moved_in", "person__family_name")
        .distinct()
    )
    may_override = has_role(request.user, Role.TEAM_LEAD)
    caseworkers = (
        staff_on(as_of).filter(role="caseworker").select_related("team").order_by("family_name")
        if may_override
        else []
    )
    return render(
        request,
        "clients/client_detail.html",
        {
            "person": person,
            "facts": facts,
            "why": explain(person, as_of, facts=facts),
            "may_override": may_override,
            "caseworkers": caseworkers,
            "default_expiry": as_of + timedelta(days=OVERRIDE_DAYS),
            **contact_context(request, person, as_of),
            **steering_context(request, person, as_of),
            "memberships": memberships,
            "benefit_periods": person.benefit_periods.order_by("valid_from"),
            "attributes": person.attributes.order_by("attribute", "valid_from"),
            "deletion_due": deletion_due(person.pk),
            "purpose": purpose,
        },
    )


@require_POST
def client_purpose(request: HttpRequest, external_id: str) -> HttpResponse:
    """Break the glass: the reason for opening a team client outside the own caseload."""
    person, level = _person_in_reach(request, external_id)
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
    """Correct a client's master data; a save over someone else's newer save is refused."""
    person, _level = _person_in_reach(request, external_id)
    if not may_open(request, person):
        raise Http404
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
