"""The agreement quota (SPEC S6; Zielvereinbarung 2014 Mettmann): per team, the share of clients receiving
benefits on a day who hold a valid agreement, and of those concluded at the first
contact of their benefit period, against the 80 % target. Grouped SQL, no loop over clients.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from lotse.agreements.models import Agreement
from lotse.clients.columns import ClientColumns
from lotse.clients.models import BenefitPeriod, Person
from lotse.clients.selectors import active_person_ids, responsible_on
from lotse.core.columns import fetch_columns
from lotse.core.models import valid_on
from lotse.domain.day_numbers import day_numbers, dnum
from lotse.domain.percent import share_percent
from lotse.organisation.models import Team

NO_TEAM = "—"


@dataclass
class QuotaRow:
    key: str
    label: str
    clients: int
    valid: int
    at_first_contact: int
    review_overdue: int

    @staticmethod
    def _share(n: int, of: int) -> float | None:
        return share_percent(n, of)

    @property
    def share_valid(self) -> float | None:
        return self._share(self.valid, self.clients)

    @property
    def share_first_contact(self) -> float | None:
        return self._share(self.at_first_contact, self.clients)

    @property
    def without(self) -> int:
        return self.clients - self.valid

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "clients": self.clients,
            "with_valid_agreement": self.valid,
            "share_valid": self.share_valid,
            "concluded_at_first_contact": self.at_first_contact,
            "share_first_contact": self.share_first_contact,
            "review_overdue": self.review_overdue,
        }


@dataclass
class AgreementQuota:
    as_of: date
    total: QuotaRow
    teams: list[QuotaRow] = field(default_factory=list)
    target: float | None = None  # the target agreement's quota for the year, if it has one


def _clients(as_of: date):
    """Clients receiving benefits on the day, flagged by their agreements (one SQL query)."""
    entry = (
        BenefitPeriod.objects.filter(valid_on(as_of), person=OuterRef("pk"))
        .order_by("-valid_from")
        .values("valid_from")[:1]
    )
    mine = Agreement.objects.filter(person=OuterRef("pk"), concluded_on__lte=as_of)
    return (
        Person.objects.filter(pk__in=active_person_ids(as_of))
        .annotate(entry=Subquery(entry))
        .annotate(
            has_valid=Exists(mine.filter(review_due__gte=as_of)),
            has_any=Exists(mine.filter(concluded_on__gte=OuterRef("entry"))),
            at_first=Exists(mine.filter(at_first_contact=True, concluded_on__gte=OuterRef("entry"))),
        )
    )


def _aggregates() -> dict:
    return {
        "clients": Count("pk"),
        "valid": Count("pk", filter=Q(has_valid=True)),
        "first": Count("pk", filter=Q(at_first=True)),
        "overdue": Count("pk", filter=Q(has_any=True, has_valid=False)),
    }


def agreement_quota(
    as_of: date, *, by_team: bool = True, team_ids: list[int] | None = None
) -> AgreementQuota:
    # the team responsible on the reference date, not today's (a past month stays as it was)
    team = responsible_on(as_of).filter(person=OuterRef("pk")).values("team_id")[:1]
    clients = _clients(as_of).annotate(team_id=Subquery(team))
    if team_ids is not None:
        clients = clients.filter(team_id__in=team_ids)
    t = clients.aggregate(**_aggregates())
    total = QuotaRow("", "", t["clients"], t["valid"], t["first"], t["overdue"])
    teams = []
    if by_team:
        names = {pk: (ext, name) for pk, ext, name in Team.objects.values_list("pk", "external_id", "name")}
        rows = clients.values("team_id").annotate(**_aggregates()).order_by()
        teams = sorted(
            (
                QuotaRow(
                    *names.get(r["team_id"], (NO_TEAM, NO_TEAM)),
                    r["clients"],
                    r["valid"],
                    r["first"],
                    r["overdue"],
                )
                for r in rows
            ),
            key=lambda row: (row.key == NO_TEAM, row.label),
        )
    return AgreementQuota(as_of, total, teams)


def valid_shares(
    days: list[date], columns: ClientColumns, persons: np.ndarray | None = None
) -> list[float | None]:
    """The share of the eLB stock holding a valid agreement on each day (the MBZ's
    agreement-quota actual and its trend): the agreements are read once as columns and each
    day is a mask over persons, so twelve months cost one query, not twelve."""
    rows = fetch_columns(Agreement, "person_id", "concluded_on", "review_due")
    person = columns.index(rows[0].astype(np.int64)) if rows[0].size else np.zeros(0, np.int64)
    concluded, review = day_numbers(rows[1]), day_numbers(rows[2])
    shares: list[float | None] = []
    for day in days:
        stock = columns.benefits.stock_mask(day)
        if persons is not None:
            stock = stock & persons  # the stock mask is shared (read-only)
        d = dnum(day)
        valid = np.zeros(columns.pks.size, dtype=bool)
        valid[person[(concluded <= d) & (review >= d)]] = True
        clients = int(np.count_nonzero(stock))
        shares.append(share_percent(int(np.count_nonzero(valid & stock)), clients))
    return shares
