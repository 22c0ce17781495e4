"""The client record: one page that shows every area of a client (SPEC S2–S8).

Each feature app offers its part — a context function and the forms it records through
(:class:`lotse.clients.record.Recorder`) — and this module only puts them together; the
rules, the checks and the writes stay in the apps' services. Opening the record goes
through :func:`lotse.clients.access.open_client_page` (reach, purpose, audited read).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lotse.agreements import record as agreements_record
from lotse.clients.access import PurposeRequired, open_client_for_write, open_client_page
from lotse.clients.record import Recorder, client_section
from lotse.contacts import record as contacts_record
from lotse.core import data_version
from lotse.core.clock import today
from lotse.core.dates import request_as_of
from lotse.core.errors import Refused
from lotse.core.forms import add_refusal
from lotse.measures import record as measures_record
from lotse.municipal import record as municipal_record
from lotse.network import record as network_record
from lotse.routing.record import routing_section
from lotse.trust.retention import deletion_due

RECORDERS: dict[str, Recorder] = {
    **agreements_record.RECORDERS,
    **measures_record.RECORDERS,
    **municipal_record.RECORDERS,
    **contacts_record.RECORDERS,
    **network_record.RECORDERS,
}


def client_detail(
    request: HttpRequest, external_id: str, refused: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The record; ``refused`` holds a form whose save was refused: it is shown open, with the
    user's input and the error at its field, and takes the focus."""
    as_of = request_as_of(request)
    try:
        opened = open_client_page(request, external_id, what="client_page")
    except PurposeRequired as exc:
        return render(request, "clients/purpose.html", {"person_ref": exc.person.external_id})
    person = opened.person
    client = client_section(person, as_of)
    day = today()
    version = data_version.current()
    steering_forms = {what: recorder.closed(what, day, version) for what, recorder in RECORDERS.items()}
    steering_forms.update(refused or {})
    return render(
        request,
        "clients/client_detail.html",
        {
            "person": person,
            **client,
            **routing_section(request.user, person, as_of, client["facts"]),
            **contacts_record.contact_section(
                request.user, person, as_of, draft=request.session.pop("contact_draft", None)
            ),
            **agreements_record.agreement_section(person),
            **measures_record.measure_section(person),
            **municipal_record.referral_section(person),
            **network_record.network_section(person),
            "steering_forms": steering_forms,
            "deletion_due": deletion_due(person.pk),
            "purpose": opened.purpose,
            "as_of": as_of,
        },
    )


def _focus_first_error(form: forms.Form) -> None:
    """The first field with an error gets the focus (and the browser scrolls to it)."""
    for name in form.fields:
        if name in form.errors:
            form.fields[name].widget.attrs["autofocus"] = True
            form.fields[name].widget.attrs["aria-invalid"] = "true"
            return


@require_POST
def record(request: HttpRequest, external_id: str, what: str) -> HttpResponse:
    """Save one of the record's forms through its app's service, back to the record; a refused
    save shows the record again with that form open, the input kept and the error at the field."""
    recorder = RECORDERS.get(what)
    if recorder is None:
        raise Http404
    person = open_client_for_write(request, external_id)
    form = recorder.form(request.POST, prefix=what)
    if form.is_valid():
        try:
            messages.success(request, recorder.save(request, person, form.cleaned_data))
        except Refused as exc:
            add_refusal(form, exc)
        else:
            anchor = "#network" if what == "partner_referral" else "#steering"
            kept = f"?as_of={request_as_of(request).isoformat()}" if request.GET.get("as_of") else ""
            return redirect(
                reverse("clients:detail", kwargs={"external_id": person.external_id}) + kept + anchor
            )
    _focus_first_error(form)
    return client_detail(request, person.external_id, refused={what: form})
