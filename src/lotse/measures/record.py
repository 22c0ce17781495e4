"""What the measures app offers the client record: measures (with the exit form of the running
ones), integrations, needs and feedback, and the forms to record them (SPEC S7)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.clients.record import Recorder
from lotse.core.clock import today
from lotse.measures import services
from lotse.measures.forms import ExitForm, FeedbackForm, IntegrationForm, NeedForm, ParticipationForm
from lotse.organisation.selectors import own_staff


def measure_section(person: Person) -> dict:
    day = today()
    participations = list(person.participations.select_related("measure").order_by("-entered"))
    return {
        "participations": [
            (p, None if p.exited else ExitForm(prefix=f"exit-{p.pk}", initial={"exited": day}))
            for p in participations
        ],
        "integrations": person.integrations.order_by("-started"),
        "needs": person.needs.order_by("resolved_on", "-recorded_on"),
        "feedback_rows": person.feedback.order_by("-received_on")[:10],
    }


def _participation(request: HttpRequest, person: Person, data: dict) -> str:
    services.participation_enter(
        person=person, measure=data["measure"], entered=data["entered"], user=request.user
    )
    return _("Entry into %(measure)s recorded.") % {"measure": data["measure"].name}


def _integration(request: HttpRequest, person: Person, data: dict) -> str:
    services.integration_record(person=person, user=request.user, **data)
    return _("Integration recorded.")


def _need(request: HttpRequest, person: Person, data: dict) -> str:
    services.need_record(
        person=person, recorded_on=today(), staff=own_staff(request.user), user=request.user, **data
    )
    return _("Need recorded.")


def _feedback(request: HttpRequest, person: Person, data: dict) -> str:
    services.feedback_record(person=person, staff=own_staff(request.user), user=request.user, **data)
    return _("Feedback recorded.")


RECORDERS = {
    "participation": Recorder(ParticipationForm, _participation, dated="entered"),
    "integration": Recorder(IntegrationForm, _integration, dated="started"),
    "need": Recorder(NeedForm, _need),
    "feedback": Recorder(FeedbackForm, _feedback, dated="received_on"),
}
