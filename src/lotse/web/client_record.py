"""The client record: one page that shows every area of a client (SPEC S2–S8).

Each feature app offers its part — a context function and the forms it records through
(:class:`lotse.clients.record.Recorder`) — and this module only puts them together; the
rules, the checks and the writes stay in the apps' services. Opening the record goes
through :func:`lotse.clients.access.open_client_page` (reach, purpose, audited read).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from lotse.agreements import record as agreements_record
from lotse.clients.access import OpenedClient, PurposeRequired, open_client_for_write, open_client_page
from lotse.clients.models import Person
from lotse.clients.record import Recorder, client_section
from lotse.clients.selectors import shape_stamp
from lotse.contacts import record as contacts_record
from lotse.core import data_version
from lotse.core.clock import today
from lotse.core.dates import request_as_of
from lotse.core.errors import Refused
from lotse.core.forms import add_refusal
from lotse.core.kept import SharedParts, keeping
from lotse.core.roles import may_read_clients
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


# The parts of the record besides the contacts, per client, user and reference date, until
# the next write about the client or their household that is not only a contact (or a change
# of configuration): the record after saving a contact shows them again unchanged, from
# whichever worker serves it.
RECORD_PARTS = SharedParts()
PART_TEMPLATES = {
    "responsible": "clients/_record_responsible.html",
    "facts": "clients/_record_facts.html",
    "why": "routing/why.html",
    "steering": "measures/client_steering.html",
    "network": "network/client_network.html",
    "histories": "clients/_record_histories.html",
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
    version = data_version.current()
    steering_forms = _steering_forms(version, refused)
    return render(
        request,
        "clients/client_detail.html",
        {
            "person": person,
            **contacts_record.contact_section(
                request.user, person, as_of, draft=request.session.pop("contact_draft", None), version=version
            ),
            "steering_forms": steering_forms,
            "parts": _record_parts(request, opened, as_of, version, steering_forms, refused),
            "purpose": opened.purpose,
            "as_of": as_of,
        },
    )


def _steering_forms(version: data_version.Version, refused: dict[str, forms.Form] | None) -> dict:
    day = today()
    steering_forms = {what: recorder.closed(what, day, version) for what, recorder in RECORDERS.items()}
    steering_forms.update(refused or {})
    return steering_forms


def _record_parts(
    request: HttpRequest,
    opened: OpenedClient,
    as_of: date,
    version: data_version.Version,
    steering_forms: dict,
    refused: dict[str, forms.Form] | None,
) -> dict:
    """The record's facts, responsibility, steering, network and history sections as HTML,
    and the deletion date: kept (:data:`RECORD_PARTS`) unless a refused form is shown in
    them. The key holds what they show besides the client's data: the user (their role
    decides the forms), the reach, the dates, the language and the user's CSRF secret (the
    forms carry its token; a new log-in renews it)."""
    person = opened.person

    def compute() -> dict:
        return _render_parts(request, person, as_of, steering_forms)

    if refused or not keeping():
        return compute()
    token = get_token(request)  # makes sure the secret exists before it is read
    secret = request.META.get("CSRF_COOKIE") or token
    context = (
        request.user.pk,
        opened.reach,
        as_of,
        today(),
        get_language(),
        hashlib.sha256(secret.encode()).hexdigest()[:16],
    )
    stamp = shape_stamp(person)
    kept = RECORD_PARTS.get(version, stamp, context, person.pk)
    if kept is not None:
        return _parts_from(kept)
    parts = compute()
    RECORD_PARTS.put(version, stamp, context, person.pk, _parts_to(parts))
    return parts


def _parts_to(parts: dict) -> bytes:
    due = parts["deletion_due"]
    return json.dumps({**parts, "deletion_due": due.isoformat() if due else None}).encode()


def _parts_from(payload: bytes) -> dict:
    """The kept parts: HTML rendered by Lotse's own templates (escaped then), so safe again."""
    parts = json.loads(payload)
    due = parts.pop("deletion_due")
    return {
        **{name: mark_safe(html) for name, html in parts.items()},
        "deletion_due": date.fromisoformat(due) if due else None,
    }


def _render_parts(request: HttpRequest, person: Person, as_of: date, steering_forms: dict) -> dict:
    client = client_section(person, as_of)
    context = Context(
        {
            "person": person,
            **client,
            **routing_section(request.user, person, as_of, client["facts"]),
            **agreements_record.agreement_section(person),
            **measures_record.measure_section(person),
            **municipal_record.referral_section(person),
            **network_record.network_section(person),
            "steering_forms": steering_forms,
            "may_record": may_read_clients(request.user),
            "as_of": as_of,
            "csrf_token": get_token(request),
        }
    )
    parts: dict = {
        part: get_template(template).template.render(context) for part, template in PART_TEMPLATES.items()
    }
    parts["deletion_due"] = deletion_due(person.pk)
    return parts


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
