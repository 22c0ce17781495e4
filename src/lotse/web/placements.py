"""The return of a placement proposal, recorded on the client record; a hire becomes an
integration in the same transaction (the network and the measures app each keep their part)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.clients.access import open_client_form
from lotse.core.errors import Refused
from lotse.measures.models import IntegrationKind
from lotse.measures.services import integration_record
from lotse.network.forms import ReturnForm
from lotse.network.models import PlacementProposal, ProposalResult
from lotse.network.services import proposal_return


@transaction.atomic
def return_with_hire(*, proposal: PlacementProposal, result: str, result_on, reason: str, user) -> str:
    """Record the return; "hired" also records the integration (an apprenticeship when the
    vacancy is a part-time apprenticeship) with the employer's name."""
    proposal_return(proposal=proposal, result=result, result_on=result_on, reason=reason, user=user)
    if result != ProposalResult.HIRED:
        return _("The return was recorded.")
    vacancy = proposal.vacancy
    kind = IntegrationKind.APPRENTICESHIP if vacancy.part_time_apprenticeship else IntegrationKind.EMPLOYMENT
    integration_record(
        person=proposal.person, started=result_on, kind=kind, employer=vacancy.employer.name, user=user
    )
    return _("Hired: the integration from %(day)s is recorded.") % {"day": result_on.strftime("%d.%m.%Y")}


@require_POST
def proposal_return_view(request: HttpRequest, external_id: str, pk: int) -> HttpResponse:
    person = open_client_form(request, external_id, what="")
    proposal = get_object_or_404(
        PlacementProposal.objects.select_related("vacancy__employer", "person"), pk=pk, person=person
    )
    form = ReturnForm(request.POST, prefix=f"return-{proposal.pk}")
    if form.is_valid():
        try:
            messages.success(
                request, return_with_hire(proposal=proposal, user=request.user, **form.cleaned_data)
            )
        except Refused as exc:
            messages.error(request, _("Not saved: %(errors)s") % {"errors": exc})
    else:
        messages.error(request, _("Not saved: choose the return and its date."))
    return redirect(reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#network")
