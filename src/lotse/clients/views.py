"""Client pages (SPEC S2): search and the client record with facts "as of" a date."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from lotse.clients.filters import PersonFilter
from lotse.clients.models import HouseholdMember
from lotse.clients.selectors import load_histories, persons_visible_to
from lotse.clients.tables import PersonTable
from lotse.contacts.views import contact_context
from lotse.core.dates import request_as_of
from lotse.core.roles import Role, has_role
from lotse.domain.facts import derive_facts
from lotse.organisation.selectors import staff_on
from lotse.routing.selectors import explain

PAGE_SIZE = 25
OVERRIDE_DAYS = 182  # default expiry of a manual assignment: half a year


def client_list(request: HttpRequest) -> HttpResponse:
    visible = persons_visible_to(request.user).select_related("district")
    person_filter = PersonFilter(request.GET, queryset=visible)
    table = PersonTable(person_filter.qs)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "clients/client_list.html", {"filter": person_filter, "table": table})


def client_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    as_of = request_as_of(request)
    visible = persons_visible_to(request.user)
    person = get_object_or_404(visible.select_related("district"), external_id=external_id)
    history = load_histories(visible.filter(pk=person.pk))[person.pk]
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
            "memberships": memberships,
            "benefit_periods": person.benefit_periods.order_by("valid_from"),
            "attributes": person.attributes.order_by("attribute", "valid_from"),
        },
    )
