"""What the measures app offers the client record: measures (with the exit form of the running
ones), integrations, needs and feedback, and the forms to record them (SPEC S7)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.clients.record import Corrector, Recorder
from lotse.core.clock import today
from lotse.measures import services
from lotse.measures.forms import (
    ExitForm,
    FeedbackForm,
    IntegrationForm,
    NeedCorrectionForm,
    NeedForm,
    ParticipationCorrectionForm,
    ParticipationForm,
)
from lotse.measures.models import Feedback, Integration, Need, Participation
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


def _fields(*names: str):
    return lambda item: {name: getattr(item, name) for name in names}


def _participation_corrected(request: HttpRequest, item: Participation, version: int, data: dict) -> str:
    services.participation_correct(participation=item, version=version, user=request.user, **data)
    return _("The participation was corrected.")


def _integration_corrected(request: HttpRequest, item: Integration, version: int, data: dict) -> str:
    services.integration_correct(integration=item, version=version, user=request.user, **data)
    return _("The integration was corrected.")


def _need_corrected(request: HttpRequest, item: Need, version: int, data: dict) -> str:
    services.need_correct(need=item, version=version, user=request.user, **data)
    return _("The need was corrected.")


def _feedback_corrected(request: HttpRequest, item: Feedback, version: int, data: dict) -> str:
    services.feedback_correct(feedback=item, version=version, user=request.user, **data)
    return _("The feedback was corrected.")


CORRECTORS = {
    "participation": Corrector(
        title=_("Participation in a measure"),
        model=Participation,
        form=ParticipationCorrectionForm,
        initial=_fields("measure", "entered", "exited", "exit_reason"),
        save=_participation_corrected,
        describe=lambda p: f"{p.measure.name}, {p.entered:%d.%m.%Y}",
    ),
    "integration": Corrector(
        title=_("Integration"),
        model=Integration,
        form=IntegrationForm,
        initial=_fields("started", "kind", "employer", "ended"),
        save=_integration_corrected,
        describe=lambda i: f"{i.get_kind_display()}, {i.started:%d.%m.%Y}",
    ),
    "need": Corrector(
        title=_("Need"),
        model=Need,
        form=NeedCorrectionForm,
        initial=_fields("kind", "note", "resolved_on"),
        save=_need_corrected,
        describe=lambda n: f"{n.get_kind_display()}, {n.recorded_on:%d.%m.%Y}",
    ),
    "feedback": Corrector(
        title=_("Feedback from partners"),
        model=Feedback,
        form=FeedbackForm,
        initial=_fields("source", "partner", "source_name", "received_on", "text"),
        save=_feedback_corrected,
        describe=lambda f: f"{f.source_name}, {f.received_on:%d.%m.%Y}",
    ),
}
