"""What the agreements app offers the client record: the agreements and the form to record one."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lotse.agreements.forms import AgreementForm
from lotse.agreements.models import Agreement
from lotse.agreements.services import agreement_conclude, agreement_correct
from lotse.clients.models import Person
from lotse.clients.record import Corrector, Recorder
from lotse.core.clock import today


def agreement_section(person: Person) -> dict:
    return {"agreements": person.agreements.order_by("-concluded_on")}


def _agreement(request: HttpRequest, person: Person, data: dict) -> str:
    agreement = agreement_conclude(person=person, user=request.user, today=today(), **data)
    return _("Agreement recorded; review due on %(day)s.") % {
        "day": agreement.review_due.strftime("%d.%m.%Y")
    }


RECORDERS = {"agreement": Recorder(AgreementForm, _agreement, dated="concluded_on")}


def _agreement_corrected(request: HttpRequest, item: Agreement, version: int, data: dict) -> str:
    agreement = agreement_correct(agreement=item, version=version, user=request.user, today=today(), **data)
    return _("The agreement was corrected; review due on %(day)s.") % {
        "day": agreement.review_due.strftime("%d.%m.%Y")
    }


CORRECTORS = {
    "agreement": Corrector(
        title=_("Integration agreement or cooperation plan"),
        model=Agreement,
        form=AgreementForm,
        initial=lambda a: {
            name: getattr(a, name)
            for name in ("kind", "concluded_on", "review_due", "potential_analysis_on", "note")
        },
        save=_agreement_corrected,
        describe=lambda a: f"{a.get_kind_display()}, {a.concluded_on:%d.%m.%Y}",
    )
}
