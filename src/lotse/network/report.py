"""What the network brings (Hagen concept § 8: feedback of partners and returned placement
proposals are evaluated): referrals per partner, placement proposals per target group and
team. Set-based: one aggregate query per table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lotse.network.models import (
    Partner,
    PlacementProposal,
    ProposalResult,
    ReferralOutcome,
)
from lotse.organisation.models import Team


@dataclass
class PartnerRow:
    partner: Partner
    referrals: int
    taken_up: int
    not_taken_up: int
    declined: int
    open: int
    feedback: int = 0  # feedback the partner gave on clients (measures.Feedback with this partner)

    @property
    def taken_up_share(self) -> float | None:
        answered = self.taken_up + self.not_taken_up + self.declined
        return round(100 * self.taken_up / answered, 1) if answered else None


def partner_report(first: date, last: date) -> list[PartnerRow]:
    """Per partner, the referrals from ``first`` to ``last`` and what came of them."""
    within = Q(referrals__referred_on__gte=first, referrals__referred_on__lte=last)

    def outcome(value: str):
        return Count("referrals", filter=within & Q(referrals__outcome=value), distinct=True)

    rows = (
        Partner.objects.annotate(
            n=Count("referrals", filter=within, distinct=True),  # distinct: the feedback join repeats rows
            taken_up=outcome(ReferralOutcome.TAKEN_UP),
            not_taken_up=outcome(ReferralOutcome.NOT_TAKEN_UP),
            declined=outcome(ReferralOutcome.DECLINED),
            open=outcome(ReferralOutcome.OPEN),
            # a join bypasses Feedback's default manager: withdrawn feedback is left out here
            feedback_n=Count(
                "feedback",
                filter=Q(
                    feedback__received_on__gte=first,
                    feedback__received_on__lte=last,
                    feedback__withdrawn_at__isnull=True,
                ),
                distinct=True,
            ),
        )
        .filter(Q(n__gt=0) | Q(feedback_n__gt=0))
        .order_by("-n", "name")
    )
    return [PartnerRow(p, p.n, p.taken_up, p.not_taken_up, p.declined, p.open, p.feedback_n) for p in rows]


@dataclass
class ProposalFigures:
    label: str
    proposals: int
    returned: int
    hired: int

    @property
    def hire_share(self) -> float | None:
        return round(100 * self.hired / self.proposals, 1) if self.proposals else None


GROUPS = (
    ("all", _("all clients"), Q()),
    ("single_parent", _("single parents"), Q(single_parent=True)),
    ("u25", _("under 25"), Q(u25=True)),
    ("long_term", _("long-term recipients"), Q(long_term=True)),
)


def _counts(qs, condition: Q) -> dict[str, int]:
    return qs.aggregate(
        proposals=Count("pk", filter=condition),
        returned=Count("pk", filter=condition & ~Q(result=ProposalResult.OPEN)),
        hired=Count("pk", filter=condition & Q(result=ProposalResult.HIRED)),
    )


def proposal_figures(first: date, last: date) -> tuple[list[ProposalFigures], list[ProposalFigures]]:
    """Placement proposals from ``first`` to ``last``: per target group (as on the day of the
    proposal) and per team of the client on that day."""
    qs = PlacementProposal.objects.filter(proposed_on__gte=first, proposed_on__lte=last)
    groups = [ProposalFigures(str(label), **_counts(qs, condition)) for _key, label, condition in GROUPS]
    per_team = (
        qs.values("team")
        .annotate(
            proposals=Count("pk"),
            returned=Count("pk", filter=~Q(result=ProposalResult.OPEN)),
            hired=Count("pk", filter=Q(result=ProposalResult.HIRED)),
        )
        .order_by("team")
    )
    names = dict(Team.objects.values_list("pk", "name"))
    teams = [
        ProposalFigures(names.get(row["team"], "–"), row["proposals"], row["returned"], row["hired"])
        for row in per_team
    ]
    return groups, sorted(teams, key=lambda t: t.label)
