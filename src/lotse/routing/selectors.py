"""Reads for the routing pages: why a client is where they are, handovers, simulation."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.db.models import QuerySet

from lotse.clients.models import Person, Responsibility
from lotse.clients.selectors import load_histories, profile_table
from lotse.core.kept import kept_per_data_version
from lotse.domain.facts import Facts, derive_facts
from lotse.domain.routing import Decision, RoutingRule, condition_values, decide
from lotse.organisation.models import Jobcenter, TeamKind
from lotse.routing.engine import Clients, decide_columns, load_clients, load_situation, rule_codes
from lotse.routing.models import Handover, Override, RuleSet
from lotse.routing.rulesets import hierarchy_on, rules_of


@dataclass
class Explanation:
    """'Why is this person responsible?' for one client on one date."""

    as_of: date
    rule_set_name: str | None
    decision: Decision | None
    responsibility: Responsibility | None
    override: Override | None
    handovers: list[Handover]


def explain(person: Person, as_of: date, facts: Facts | None = None) -> Explanation:
    """Responsibility now, the hierarchy's decision on the date, and the handover history."""
    hierarchy = hierarchy_on(as_of)
    decision = None
    if hierarchy is not None:
        if facts is None:
            history = load_histories(Person.objects.filter(pk=person.pk))[person.pk]
            facts = derive_facts(history, as_of, profiles=profile_table())
        district = person.district.external_id if person.district else None
        decision = decide(condition_values(facts, district), hierarchy[1])
    responsibility = Responsibility.objects.select_related("staff", "team").filter(person=person).first()
    override = (
        Override.objects.select_related("staff", "created_by")
        .filter(person=person, valid_from__lte=as_of, valid_until__gte=as_of)
        .first()
    )
    handovers = list(
        Handover.objects.filter(person=person).select_related(
            "from_staff", "to_staff", "from_team", "to_team", "created_by"
        )[:50]
    )
    return Explanation(
        as_of, hierarchy[0] if hierarchy else None, decision, responsibility, override, handovers
    )


def handovers_into(team_ids: list[int] | None) -> QuerySet[Handover]:
    qs = Handover.objects.select_related(
        "person", "from_staff", "to_staff", "from_team", "to_team", "created_by"
    )
    if team_ids is not None:
        qs = qs.filter(to_team_id__in=team_ids) | qs.filter(from_team_id__in=team_ids)
    return qs.order_by("-effective_date", "-pk")


# -- simulation ---------------------------------------------------------------------------


@dataclass
class KindFigures:
    team_kind: str
    clients: int = 0
    queued: int = 0
    fte: Decimal = Decimal(0)
    per_fte: list[float] = field(default_factory=list)
    reference: int = 150

    @property
    def mean_per_fte(self) -> float | None:
        return round(float(self.clients - self.queued) / float(self.fte), 1) if self.fte else None

    @property
    def spread(self) -> tuple[float, float, float] | None:
        if not self.per_fte:
            return None
        return (
            round(min(self.per_fte), 1),
            round(statistics.median(self.per_fte), 1),
            round(max(self.per_fte), 1),
        )


@dataclass
class StrategyFigures:
    strategy: str
    clients: int
    changed_caseworker: int
    queued: int
    districts_per_caseworker: float
    kinds: list[KindFigures]
    by_rule: Counter = field(default_factory=Counter)  # rule code -> clients it decides

    def as_json(self) -> dict:
        return {
            "strategy": self.strategy,
            "clients": self.clients,
            "changed_caseworker": self.changed_caseworker,
            "queued": self.queued,
            "districts_per_caseworker": self.districts_per_caseworker,
            "team_kinds": [
                {
                    "team_kind": k.team_kind,
                    "clients": k.clients,
                    "queued": k.queued,
                    "caseworker_fte": float(k.fte),
                    "clients_per_fte": k.mean_per_fte,
                    "per_caseworker_fte_min_median_max": k.spread,
                    "reference": k.reference,
                }
                for k in self.kinds
            ],
        }


@kept_per_data_version(size=8, per="shape")
def kept_simulation(as_of: date, rule_set: RuleSet) -> list[StrategyFigures]:
    """:func:`simulate` under a stored rule set, kept until the next write that is not only
    a contact (routing never reads contacts; the page is opened again and again while a
    team lead compares strategies and dates)."""
    return simulate(as_of, rules_of(rule_set))


def simulate(
    as_of: date, rules: tuple[RoutingRule, ...], strategies: tuple[str, ...] = ("district", "alphabetical")
) -> list[StrategyFigures]:
    """Route everyone in memory once per strategy; nothing is written."""
    clients: Clients = load_clients(as_of)
    jobcenter = Jobcenter.current()
    situation = load_situation(as_of)
    return [
        _figures(rules, clients, strategy, situation.under_strategy(strategy), jobcenter)
        for strategy in strategies
    ]


def _figures(rules, clients, strategy, situation, jobcenter) -> StrategyFigures:
    """The figures of one strategy from the decision's columns (no loop over clients)."""
    decided = decide_columns(clients, rules, situation)
    staff, team = decided.staff, decided.team
    caseworkers = list(situation.index.by_id.values())
    pks = np.array([situation.staff_pk[c.staff_id] for c in caseworkers], dtype=np.int64)
    names = sorted({c.team_kind for c in caseworkers} | set(situation.team_kind_of.values()) | {"—"})
    code = {name: i for i, name in enumerate(names)}
    size = max(int(pks.max(initial=0)), int(staff.max(initial=0))) + 1
    kind_of_staff = np.full(size, code["—"], dtype=np.int64)  # by staff key: the team kind's code
    kind_of_staff[pks] = [code[c.team_kind] for c in caseworkers]
    kind_of_team = np.full(max([0, *situation.team_kind_of]) + 1, code["—"], dtype=np.int64)
    kind_of_team[list(situation.team_kind_of)] = [code[k] for k in situation.team_kind_of.values()]
    kind = np.where(staff > 0, kind_of_staff[staff], kind_of_team[np.minimum(team, kind_of_team.size - 1)])
    clients_of_kind = np.bincount(kind, minlength=len(names))
    queued_of_kind = np.bincount(kind[staff == 0], minlength=len(names))
    caseload = np.bincount(staff[staff > 0], minlength=size)
    kinds: dict[str, KindFigures] = {}
    for c, pk in zip(caseworkers, pks.tolist(), strict=True):
        k = kinds.setdefault(c.team_kind, KindFigures(c.team_kind))
        k.fte += c.fte
        k.per_fte.append(int(caseload[pk]) / float(c.fte))
    for i in np.flatnonzero(clients_of_kind).tolist():
        k = kinds.setdefault(names[i], KindFigures(names[i]))
        k.clients, k.queued = int(clients_of_kind[i]), int(queued_of_kind[i])
    for k in kinds.values():
        k.reference = jobcenter.ratio_u25 if k.team_kind == TeamKind.U25 else jobcenter.ratio_ue25
    # districts per caseworker: distinct (caseworker, district) pairs among the assigned
    district, districts = clients.district_codes
    assigned = staff > 0
    pairs = np.unique(staff[assigned] * districts + district[assigned])
    spread = np.bincount(pairs // districts) if pairs.size else pairs
    spread = spread[spread > 0].tolist()
    codes = rule_codes(rules)
    counts = np.bincount(np.where(decided.rule < 0, len(rules), decided.rule), minlength=len(codes))
    by_rule = Counter({codes[i]: int(n) for i, n in enumerate(counts.tolist()) if n})
    return StrategyFigures(
        strategy=strategy,
        clients=len(clients),
        changed_caseworker=int(((decided.staff_before > 0) & (staff != decided.staff_before)).sum()),
        queued=int((staff == 0).sum()),
        districts_per_caseworker=round(statistics.mean(spread), 1) if spread else 0.0,
        kinds=sorted(kinds.values(), key=lambda k: k.team_kind),
        by_rule=by_rule,
    )
