"""What the municipal app offers the client record: the referrals and the form to refer."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.clients.record import Corrector, Recorder
from lotse.municipal.forms import ReferralForm
from lotse.municipal.models import Referral
from lotse.municipal.services import referral_correct, referral_record
from lotse.organisation.selectors import own_staff


def referral_section(person: Person) -> dict:
    return {"referrals": person.referrals.select_related("service").order_by("-referred_on")}


def _referral(request: HttpRequest, person: Person, data: dict) -> str:
    _referral_row, left = referral_record(
        person=person,
        service_code=data["service"],
        referred_on=data["referred_on"],
        amount=data["amount"],
        ended_on=data["ended_on"],
        staff=own_staff(request.user),
        user=request.user,
    )
    text = _("Referral recorded; %(left)s € of the budget are left.") % {
        "left": number_format(left, 2, force_grouping=True)
    }
    if left < 0:
        text += " " + _("The budget is overspent.")
    return text


RECORDERS = {"referral": Recorder(ReferralForm, _referral, dated="referred_on")}


def _referral_corrected(request: HttpRequest, item: Referral, version: int, data: dict) -> str:
    referral_correct(
        referral=item,
        version=version,
        service_code=data["service"],
        referred_on=data["referred_on"],
        amount=data["amount"],
        ended_on=data["ended_on"],
        user=request.user,
    )
    return _("The referral was corrected.")


CORRECTORS = {
    "referral": Corrector(
        title=_("Referral to a municipal service"),
        model=Referral,
        form=ReferralForm,
        initial=lambda r: {
            "service": r.service.code,
            "referred_on": r.referred_on,
            "amount": r.amount,
            "ended_on": r.ended_on,
        },
        save=_referral_corrected,
        describe=lambda r: f"{r.service.name}, {r.referred_on:%d.%m.%Y}",
    )
}
