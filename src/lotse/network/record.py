"""What the network offers the client record: referrals to partners (with the consent) and
placement proposals with their returns (SPEC S10)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.clients.record import Recorder
from lotse.core.clock import today
from lotse.network import services
from lotse.network.forms import PartnerReferralForm, ReferralOutcomeForm, ReturnForm
from lotse.network.models import ProposalResult, ReferralOutcome
from lotse.organisation.selectors import own_staff


def network_section(person: Person) -> dict:
    day = today()
    referrals = list(person.partner_referrals.select_related("partner", "offer").order_by("-referred_on"))
    proposals = list(person.placement_proposals.select_related("vacancy__employer").order_by("-proposed_on"))
    return {
        "partner_referrals": [
            (
                r,
                ReferralOutcomeForm(prefix=f"outcome-{r.pk}", initial={"outcome_on": day})
                if r.outcome == ReferralOutcome.OPEN
                else None,
            )
            for r in referrals
        ],
        "placement_proposals": [
            (
                p,
                ReturnForm(prefix=f"return-{p.pk}", initial={"result_on": day})
                if p.result != ProposalResult.HIRED
                else None,
            )
            for p in proposals
        ],
    }


def _partner_referral(request: HttpRequest, person: Person, data: dict) -> str:
    referral = services.partner_referral_record(
        person=person, staff=own_staff(request.user), user=request.user, today=today(), **data
    )
    return _("Referred to %(partner)s; the consent of %(day)s is recorded.") % {
        "partner": referral.partner.name,
        "day": referral.consent_on.strftime("%d.%m.%Y"),
    }


RECORDERS = {"partner_referral": Recorder(PartnerReferralForm, _partner_referral, dated="referred_on")}
