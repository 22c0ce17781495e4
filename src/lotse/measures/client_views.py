"""Steering on the client page: measures, integrations, needs, feedback and municipal
referrals (SPEC S7, S8), recorded by whoever may open the client record.

Thin views: the form checks the input, one service function writes (atomic, audited);
any refusal comes back as a message naming the field, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.agreements.forms import AgreementForm
from lotse.agreements.services import agreement_conclude
from lotse.clients.models import Person
from lotse.clients.scope import may_open, persons_visible_to
from lotse.contacts.forms import DeviationForm
from lotse.contacts.services import deviation_record
from lotse.core.clock import today
from lotse.core.errors import Refused
from lotse.core.roles import may_read_clients
from lotse.measures import services
from lotse.measures.forms import (
    ExitForm,
    FeedbackForm,
    IntegrationForm,
    NeedForm,
    ParticipationForm,
    ReferralForm,
)
from lotse.measures.models import Need, Participation
from lotse.municipal.services import referral_record
from lotse.organisation.models import Staff

Save = Callable[[HttpRequest, Person, dict], str]


def _staff(request: HttpRequest) -> Staff | None:
    return Staff.objects.filter(user=request.user).first()


def _participation(request: HttpRequest, person: Person, data: dict) -> str:
    services.participation_enter(
        person=person, measure=data["measure"], entered=data["entered"], user=request.user
    )
    return _("Entry into %(measure)s recorded.") % {"measure": data["measure"].name}


def _integration(request: HttpRequest, person: Person, data: dict) -> str:
    services.integration_record(person=person, user=request.user, **data)
    return _("Integration recorded.")


def _need(request: HttpRequest, person: Person, data: dict) -> str:
    services.need_record(person=person, recorded_on=today(), staff=_staff(request), user=request.user, **data)
    return _("Need recorded.")


def _feedback(request: HttpRequest, person: Person, data: dict) -> str:
    services.feedback_record(person=person, staff=_staff(request), user=request.user, **data)
    return _("Feedback recorded.")


def _agreement(request: HttpRequest, person: Person, data: dict) -> str:
    agreement = agreement_conclude(person=person, user=request.user, today=today(), **data)
    return _("Agreement recorded; review due on %(day)s.") % {
        "day": agreement.review_due.strftime("%d.%m.%Y")
    }


def _deviation(request: HttpRequest, person: Person, data: dict) -> str:
    deviation_record(person=person, user=request.user, **data)
    return _("Justified deviation recorded: a contact every %(n)s months.") % {"n": data["interval_months"]}


def _referral(request: HttpRequest, person: Person, data: dict) -> str:
    _referral_row, left = referral_record(
        person=person,
        service_code=data["service"],
        referred_on=data["referred_on"],
        amount=data["amount"],
        ended_on=data["ended_on"],
        staff=_staff(request),
        user=request.user,
    )
    text = _("Referral recorded; %(left)s € of the budget are left.") % {
        "left": number_format(left, 2, force_grouping=True)
    }
    if left < 0:
        text += " " + _("The budget is overspent.")
    return text


RECORDERS: dict[str, tuple[type[forms.Form], Save]] = {
    "participation": (ParticipationForm, _participation),
    "integration": (IntegrationForm, _integration),
    "need": (NeedForm, _need),
    "feedback": (FeedbackForm, _feedback),
    "referral": (ReferralForm, _referral),
    "agreement": (AgreementForm, _agreement),
    "deviation": (DeviationForm, _deviation),
}


def _openable(request: HttpRequest, person: Person) -> None:
    if not may_read_clients(request.user) or not may_open(request, person):
        raise Http404


def _back(person: Person) -> HttpResponse:
    return redirect(reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#steering")


def _form_errors(form: forms.Form) -> str:
    return "; ".join(
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    )


def _apply(request: HttpRequest, form: forms.Form, save: Callable[[dict], str]) -> None:
    if not form.is_valid():
        messages.error(request, _("Not saved: %(errors)s") % {"errors": _form_errors(form)})
        return
    try:
        messages.success(request, save(form.cleaned_data))
    except Refused as exc:
        messages.error(request, _("Not saved: %(errors)s") % {"errors": exc})


@require_POST
def record(request: HttpRequest, external_id: str, what: str) -> HttpResponse:
    if what not in RECORDERS:
        raise Http404
    person = get_object_or_404(persons_visible_to(request.user), external_id=external_id)
    _openable(request, person)
    form_class, save = RECORDERS[what]
    _apply(request, form_class(request.POST, prefix=what), lambda data: save(request, person, data))
    return _back(person)


@require_POST
def participation_exit(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(
        Participation.objects.select_related("person", "measure").filter(
            person__in=persons_visible_to(request.user)
        ),
        pk=pk,
    )
    _openable(request, participation.person)

    def save(data: dict) -> str:
        services.participation_exit(
            participation=participation, exited=data["exited"], reason=data["exit_reason"], user=request.user
        )
        return _("Exit from %(measure)s recorded.") % {"measure": participation.measure.name}

    _apply(request, ExitForm(request.POST, prefix=f"exit-{pk}"), save)
    return _back(participation.person)


@require_POST
def need_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(
        Need.objects.select_related("person").filter(person__in=persons_visible_to(request.user)), pk=pk
    )
    _openable(request, need.person)
    try:
        services.need_resolve(need=need, resolved_on=today(), user=request.user)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The need is marked as resolved."))
    return _back(need.person)


def steering_context(request: HttpRequest, person: Person, as_of: date) -> dict:
    """What the client page shows and offers about measures, integrations and services."""
    day = today()
    forms_ = {what: form_class(prefix=what) for what, (form_class, _save) in RECORDERS.items()}
    forms_["participation"].initial = {"entered": day}
    forms_["integration"].initial = {"started": day}
    forms_["feedback"].initial = {"received_on": day}
    forms_["referral"].initial = {"referred_on": day}
    forms_["agreement"].initial = {"concluded_on": day}
    forms_["deviation"].initial = {"valid_from": day}
    participations = list(person.participations.select_related("measure").order_by("-entered"))
    return {
        "steering_forms": forms_,
        "participations": [
            (p, None if p.exited else ExitForm(prefix=f"exit-{p.pk}", initial={"exited": day}))
            for p in participations
        ],
        "integrations": person.integrations.order_by("-started"),
        "needs": person.needs.order_by("resolved_on", "-recorded_on"),
        "feedback_rows": person.feedback.order_by("-received_on")[:10],
        "referrals": person.referrals.select_related("service").order_by("-referred_on"),
        "agreements": person.agreements.order_by("-concluded_on"),
        "deviations": person.deviations.order_by("-valid_from"),
        "as_of": as_of,
    }
