"""Budget use per municipal service and the year-end table per city (Mettmann 2014, V), in SQL.

"Moved closer to the labour market": the client's Profillage on the year's last day (or
the reference date, if earlier) is nearer to the market than on the day of the referral.
"Integrated": a counted integration started between the referral and that day. A client
counts once per city and service, however many referrals they had.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from lotse.clients.models import PersonAttribute
from lotse.core.models import valid_on
from lotse.domain.vocabulary import ATTRIBUTE_VALUES, COUNTED_INTEGRATION_KINDS
from lotse.measures.models import Integration
from lotse.municipal.models import Referral, ServiceBudget

# Profillagen from nearest to farthest from the labour market (BA order).
PROFILE_RANK = {p: i for i, p in enumerate(ATTRIBUTE_VALUES["profile"] or ())}
NO_CITY = "—"


@dataclass
class BudgetUse:
    service: ServiceBudget
    used: Decimal
    referrals: int
    clients: int

    @property
    def left(self) -> Decimal:
        return self.service.budget - self.used

    @property
    def share(self) -> float | None:
        return round(float(100 * self.used / self.service.budget), 1) if self.service.budget else None

    def as_json(self) -> dict:
        return {
            "service": self.service.code,
            "name": self.service.name,
            "year": self.service.year,
            "budget": float(self.service.budget),
            "used": float(self.used),
            "left": float(self.left),
            "used_percent": self.share,
            "referrals": self.referrals,
            "clients": self.clients,
        }


def budget_use(year: int, as_of: date) -> list[BudgetUse]:
    """Each service's budget of ``year`` and what referrals up to ``as_of`` committed of it."""
    # A join does not go through Referral's default manager: withdrawn referrals are left out here.
    until = Q(referrals__referred_on__lte=as_of, referrals__withdrawn_at__isnull=True)
    rows = ServiceBudget.objects.filter(year=year).annotate(
        used=Coalesce(
            Sum("referrals__amount", filter=until),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        n=Count("referrals", filter=until),
        clients=Count("referrals__person", distinct=True, filter=until),
    )
    return [BudgetUse(s, s.used, s.n, s.clients) for s in rows.order_by("name")]


def _profile_on(day) -> Subquery:
    return Subquery(
        PersonAttribute.objects.filter(
            valid_on(day),
            person=OuterRef("person"),
            attribute="profile",
            valid_from__lte=day,
        )
        .order_by("-valid_from")
        .values("value")[:1]
    )


def _rank(field: str) -> Case:
    return Case(
        *[When(**{field: profile}, then=Value(rank)) for profile, rank in PROFILE_RANK.items()],
        default=Value(None),
        output_field=IntegerField(),
    )


def city_table(year: int, as_of: date) -> list[dict]:
    """Per city and service: clients who benefited, moved closer, were integrated."""
    last = min(date(year, 12, 31), as_of)
    referrals = (
        Referral.objects.filter(service__year=year, referred_on__lte=last)
        .annotate(
            before=_profile_on(OuterRef("referred_on")),
            after=_profile_on(last),
            integrated=Exists(
                Integration.objects.filter(
                    person=OuterRef("person"),
                    kind__in=COUNTED_INTEGRATION_KINDS,
                    started__gte=OuterRef("referred_on"),
                    started__lte=last,
                )
            ),
        )
        .annotate(rank_before=_rank("before"), rank_after=_rank("after"))
        .values("person__district__city__name", "service__name")
        .annotate(
            clients=Count("person", distinct=True),
            closer=Count(Case(When(rank_after__lt=F("rank_before"), then="person")), distinct=True),
            integrated_clients=Count(Case(When(integrated=True, then="person")), distinct=True),
        )
        .order_by("person__district__city__name", "service__name")
    )
    return [
        {
            "city": r["person__district__city__name"] or NO_CITY,
            "service": r["service__name"],
            "clients": r["clients"],
            "closer": r["closer"],
            "integrated": r["integrated_clients"],
        }
        for r in referrals
    ]
