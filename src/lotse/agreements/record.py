"""What the agreements app offers the client record: the agreements and the form to record one."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lotse.agreements.forms import AgreementForm
from lotse.agreements.services import agreement_conclude
from lotse.clients.models import Person
from lotse.clients.record import Recorder
from lotse.core.clock import today


def agreement_section(person: Person) -> dict:
    return {"agreements": person.agreements.order_by("-concluded_on")}


def _agreement(request: HttpRequest, person: Person, data: dict) -> str:
    agreement = agreement_conclude(person=person, user=request.user, today=today(), **data)
    return _("Agreement recorded; review due on %(day)s.") % {
        "day": agreement.review_due.strftime("%d.%m.%Y")
    }


RECORDERS = {"agreement": Recorder(AgreementForm, _agreement, dated="concluded_on")}
