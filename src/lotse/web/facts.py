"""Recording a client's facts and addresses on the client record: a change of the situation or a correction
of a wrong entry, with a preview of what it changes before it is saved.

The preview runs the real services — the fact written, the client routed by the nightly
engine, the contact status computed — inside a transaction that is rolled back, so what
the caseworker sees before confirming is exactly what saving will do. Saving runs the same
services for real (:func:`lotse.routing.services.rerouted_after`): the client is routed at
once and the handover names the fact change as its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.clients import services as addresses
from lotse.clients import services as facts
from lotse.clients.access import open_client_form
from lotse.clients.models import Address, AttributeName, Person, PersonAttribute, Responsibility
from lotse.clients.scope import Reach, reach, remember_purpose
from lotse.contacts.selectors import contact_status
from lotse.core.clock import today
from lotse.core.dates import request_int
from lotse.core.errors import Refused
from lotse.core.forms import DayField, add_refusal
from lotse.core.labels import label
from lotse.core.locking import StaleEdit
from lotse.domain.dates import covers
from lotse.domain.vocabulary import ATTRIBUTE_VALUES
from lotse.organisation.models import Staff, Team
from lotse.routing.services import rerouted_after

DATED = "pregnancy_proof"  # the fact whose value is a date (of the Mutterpass)


def _value_choices() -> list:
    groups = [("", gettext_lazy("– choose –"))]
    for attribute, allowed in ATTRIBUTE_VALUES.items():
        if allowed:
            groups.append((AttributeName(attribute).label, [(f"{attribute}:{v}", label(v)) for v in allowed]))
    return groups


class FactForm(forms.Form):
    """A fact: which, its value, and from when (until when, where it ends)."""

    attribute = forms.ChoiceField(label=gettext_lazy("Fact"), choices=AttributeName.choices)
    value = forms.ChoiceField(
        label=gettext_lazy("Value"),
        required=False,
        choices=_value_choices,
        help_text=gettext_lazy("Not needed for the pregnancy proof: its value is the date of the proof."),
    )
    proof_date = DayField(
        label=gettext_lazy("Date of the proof (Mutterpass)"),
        required=False,
        help_text=gettext_lazy("Only for the pregnancy proof; empty: the day it is valid from."),
    )
    valid_from = DayField(label=gettext_lazy("Valid from"))
    valid_to = DayField(label=gettext_lazy("Valid until (if it ends)"), required=False)
    facts_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**18 - 1)

    def __init__(self, *args, fixed_attribute: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_attribute:  # a correction keeps the fact it corrects
            self.fields["attribute"].initial = fixed_attribute
            self.fields["attribute"].disabled = True

    def clean(self):
        data = super().clean()
        attribute = data.get("attribute")
        if not attribute:
            return data
        if attribute == DATED:
            day = data.get("proof_date") or data.get("valid_from")
            data["fact_value"] = day.isoformat() if day else ""
        else:
            chosen = data.get("value") or ""
            fact, _sep, value = chosen.partition(":")
            if fact != attribute:
                self.add_error(
                    "value",
                    _("Choose a value of the fact %(fact)s.") % {"fact": AttributeName(attribute).label},
                )
            data["fact_value"] = value
        return data

    def initial_from(self, entry: PersonAttribute) -> None:
        self.initial.update(
            attribute=entry.attribute,
            value=f"{entry.attribute}:{entry.value}",
            proof_date=date.fromisoformat(entry.value) if entry.attribute == DATED else None,
            valid_from=entry.valid_from,
            valid_to=entry.valid_to,
        )


@dataclass
class Effect:
    """What saving changes: the responsibility before and after, and the next contact due."""

    team_before: Team | None
    staff_before: Staff | None
    team_after: Team | None
    staff_after: Staff | None
    rule: str
    due_before: date | None
    due_after: date | None
    routed: bool  # False: not receiving benefits today, or the fact starts later

    @property
    def moves(self) -> bool:
        return (self.team_before, self.staff_before) != (self.team_after, self.staff_after)


class _Preview(Exception):
    def __init__(self, effect: Effect):
        self.effect = effect


def _due(person: Person, day: date) -> date | None:
    items = contact_status(Person.objects.filter(pk=person.pk), day)
    return items[0].status.due if items else None


@dataclass
class FactInput:
    """What the form asks to do: record (``entry`` None), correct or remove ``entry``."""

    attribute: str
    value: str
    valid_from: date
    valid_to: date | None
    version: int
    entry: PersonAttribute | None = None
    remove: bool = False


def _input(form: FactForm, entry: PersonAttribute | None) -> FactInput:
    data = form.cleaned_data
    return FactInput(
        entry.attribute if entry else data["attribute"],
        data["fact_value"],
        data["valid_from"],
        data.get("valid_to"),
        data["facts_version"],
        entry,
    )


def _save(request, person: Person, fact: FactInput):
    """The fact saved through its service and the client routed at once; (assignment, reason)."""
    reason_text = facts.fact_text(fact.attribute, fact.value, fact.valid_from)
    common = {"version": fact.version, "user": request.user}

    def write():
        if fact.remove:
            return facts.fact_remove(entry=fact.entry, **common)
        if fact.entry is not None:
            return facts.fact_correct(
                entry=fact.entry,
                value=fact.value,
                valid_from=fact.valid_from,
                valid_to=fact.valid_to,
                **common,
            )
        return facts.fact_record(
            person=person,
            attribute=fact.attribute,
            value=fact.value,
            valid_from=fact.valid_from,
            valid_to=fact.valid_to,
            **common,
        )

    if fact.remove:
        reason = _("Entry removed as recorded in error: %(fact)s") % {"fact": reason_text}
    elif fact.entry is not None:
        reason = _("Corrected: %(fact)s") % {"fact": reason_text}
    else:
        reason = reason_text
    _written, assignment = rerouted_after(
        person=person, write=write, reason=reason, as_of=today(), user=request.user
    )
    return assignment, reason


def _effect(request, person: Person, fact: FactInput) -> Effect:
    """Run the save in a transaction that is rolled back: what saving would do."""
    day = today()
    before = Responsibility.objects.select_related("team", "staff").filter(person=person).first()
    due_before = _due(person, day)
    try:
        with transaction.atomic():
            assignment, _reason = _save(request, person, fact)
            after = Responsibility.objects.select_related("team", "staff").filter(person=person).first()
            raise _Preview(
                Effect(
                    before.team if before else None,
                    before.staff if before else None,
                    after.team if after else None,
                    after.staff if after else None,
                    assignment.reason if assignment else "",
                    due_before,
                    _due(person, day),
                    assignment is not None,
                )
            )
    except _Preview as preview:
        return preview.effect


def _after_save(request, person: Person, reason: str) -> HttpResponse:
    responsibility = Responsibility.objects.select_related("team", "staff").filter(person=person).first()
    if responsibility and responsibility.staff:
        messages.success(
            request,
            _("Saved. Responsible now: %(staff)s (%(team)s). Reason: %(reason)s")
            % {"staff": responsibility.staff, "team": responsibility.team, "reason": reason},
        )
    else:
        messages.success(request, _("Saved: %(reason)s") % {"reason": reason})
    level = reach(request.user, person)
    if level == Reach.NONE:  # the client left the user's team
        return redirect("contacts:worklist")
    if level == Reach.TEAM:  # now in the team, outside the own caseload: the user just changed it
        remember_purpose(
            request, person, (_("Own change of the facts: %(reason)s") % {"reason": reason})[:300]
        )
    return redirect(reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#facts")


def facts_page(request: HttpRequest, external_id: str, pk: int | None = None) -> HttpResponse:
    """The facts of a client with their history; record a change, or correct an entry (``pk``).

    A first POST shows the effect (preview); the POST with ``confirm`` saves. A refusal or
    a stale version comes back with the input kept and the error at its field."""
    person = open_client_form(request, external_id, what="facts")
    entry = get_object_or_404(PersonAttribute, pk=pk, person=person) if pk else None
    fixed = entry.attribute if entry else None
    effect, fact = None, None
    form = FactForm(
        initial={"facts_version": person.facts_version, "valid_from": today()}, fixed_attribute=fixed
    )
    if entry:
        form.initial_from(entry)
    if request.method == "POST":
        if request.POST.get("remove") == "1" and entry is not None:
            version = request_int(request.POST, "facts_version", 0, lo=1)
            fact = FactInput(
                entry.attribute, entry.value, entry.valid_from, entry.valid_to, version, entry, True
            )
        else:
            form = FactForm(request.POST, fixed_attribute=fixed)
            fact = _input(form, entry) if form.is_valid() else None
        if fact is not None:
            try:
                if request.POST.get("confirm") == "1":
                    _assignment, reason = _save(request, person, fact)
                    return _after_save(request, person, reason)
                effect = _effect(request, person, fact)
            except Refused as exc:
                add_refusal(form, exc)
            except StaleEdit:
                person.refresh_from_db()
                form.add_error(
                    None,
                    _(
                        "Someone else saved a fact of this client after you opened the page. Nothing was "
                        "saved; the history below is the current one — check it and save again."
                    ),
                )
                if form.is_bound:
                    form.data = form.data.copy()
                    form.data["facts_version"] = person.facts_version
                effect = None
    day = today()
    history = {}
    for row in person.attributes.order_by("attribute", "-valid_from"):
        history.setdefault(row.attribute, []).append(row)
    return render(
        request,
        "clients/facts.html",
        {
            "person": person,
            "form": form,
            "entry": entry,
            "effect": effect,
            "fact": fact,
            "history": [
                (
                    AttributeName(a).label,
                    rows,
                    next((r for r in rows if covers(r.valid_from, r.valid_to, day)), None),
                )
                for a, rows in history.items()
            ],
            "today": day,
        },
    )


class AddressForm(forms.Form):
    street = forms.CharField(label=gettext_lazy("Street"), max_length=200)
    house_number = forms.CharField(label=gettext_lazy("House number"), max_length=20)
    postal_code = forms.RegexField(
        label=gettext_lazy("Postal code"),
        regex=r"^[0-9]{5}$",
        error_messages={"invalid": gettext_lazy("A postal code has five digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=gettext_lazy("City"), max_length=100)
    care_of = forms.CharField(label=gettext_lazy("c/o (if any)"), max_length=200, required=False)
    valid_from = DayField(label=gettext_lazy("Lives there from"))
    valid_to = DayField(label=gettext_lazy("Until (if known)"), required=False)
    facts_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**18 - 1)


def address_page(request: HttpRequest, external_id: str, pk: int | None = None) -> HttpResponse:
    """The client's addresses over time; record a move, or correct an address (``pk``)."""
    person = open_client_form(request, external_id, what="addresses")
    address = get_object_or_404(Address, pk=pk, person=person) if pk else None
    if request.method == "POST":
        form = AddressForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("facts_version")
            try:
                if address is None:
                    addresses.address_record(person=person, version=version, user=request.user, **data)
                else:
                    addresses.address_correct(address=address, version=version, user=request.user, **data)
            except Refused as exc:
                add_refusal(form, exc)
            except StaleEdit:
                person.refresh_from_db()
                form.add_error(
                    None,
                    _(
                        "Someone else saved a fact or an address of this client after you opened the page. "
                        "Nothing was saved; check the addresses below and save again."
                    ),
                )
                form.data = form.data.copy()
                form.data["facts_version"] = person.facts_version
            else:
                messages.success(request, _("The address was saved."))
                return redirect(
                    reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#address"
                )
    else:
        initial = {"facts_version": person.facts_version, "valid_from": today()}
        if address:
            initial.update({f: getattr(address, f) for f in AddressForm.base_fields if hasattr(address, f)})
            initial["facts_version"] = person.facts_version
        form = AddressForm(initial=initial)
    return render(
        request,
        "clients/address.html",
        {
            "person": person,
            "form": form,
            "address": address,
            "addresses": person.addresses.order_by("-valid_from"),
            "today": today(),
        },
    )
