"""The monthly report on target achievement (MBZ, seed 004): plan against actual per target,
the trend with a prepared chart, the Jobcenter's comment and the steering measures.

A target's plan is a value ("K2 at least 20.6") or a change against the previous year
("+5 % integrations of U25"); for the latter the plan to date is last year's count for the
same months × (1 + plan / 100). Monitoring figures (K1) compare the sum to date with the
forecast pro rata. For a team the rates and changes apply as agreed; absolute stocks only
when the agreement breaks them down to teams (:class:`lotse.targets.models.TeamShare`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lotse.agreements.report import valid_shares
from lotse.clients.models import Responsibility
from lotse.domain.dates import add_months
from lotse.domain.key_figures import month_end, month_ends_back
from lotse.evaluation.charts import LineChart, count_series_chart
from lotse.evaluation.contact_density import evaluate_contact_density
from lotse.organisation.models import Team
from lotse.targets.columns import Columns, load_columns
from lotse.targets.figures import KeyFigures, first_of, key_figures
from lotse.targets.models import (
    ActionStatus,
    Basis,
    Direction,
    Figure,
    MonthlyFigure,
    MonthlyFigureKind,
    SteeringAction,
    Target,
    TargetAgreement,
    TargetComment,
)

PERCENT_FIGURES = {Figure.K2, Figure.AGREEMENT_QUOTA, Figure.CONTACT_DENSITY}


@dataclass
class TargetRow:
    target: Target
    plan: float | None  # the agreed value (for a change: the change in %)
    plan_to_date: float | None  # what the plan means for the months so far
    actual: float | None
    previous: float | None  # the same period a year earlier, where the plan is a change
    achieved: bool | None  # None: monitoring, no plan for a team, or no data
    trend: list[tuple[str, float]]
    unit: str
    note: str = ""
    comment: TargetComment | None = None
    actions: list[SteeringAction] = field(default_factory=list)
    chart: LineChart | None = None

    @property
    def gap(self) -> float | None:
        if self.actual is None or self.plan_to_date is None:
            return None
        return round(self.actual - self.plan_to_date, 1)

    def as_json(self) -> dict:
        return {
            "position": self.target.position,
            "target": self.target.label,
            "figure": self.target.figure,
            "owner": self.target.owner,
            "direction": self.target.direction,
            "basis": self.target.basis,
            "plan": self.plan,
            "plan_to_date": self.plan_to_date,
            "actual": self.actual,
            "previous_year": self.previous,
            "achieved": self.achieved,
            "unit": self.unit,
            "note": self.note,
            "trend": [{"month": m, "value": v} for m, v in self.trend],
            "comment": self.comment.text if self.comment else None,
            "steering_measures": [
                {"what": a.what, "owner": a.owner, "due": a.due.isoformat(), "status": a.status}
                for a in self.actions
            ],
        }


@dataclass
class Mbz:
    month: date
    agreement: TargetAgreement | None
    team: Team | None
    figures: KeyFigures
    rows: list[TargetRow]

    def as_json(self) -> dict:
        return {
            "month": self.month.strftime("%Y-%m"),
            "agreement": self.agreement.name if self.agreement else None,
            "team": self.team.external_id if self.team else None,
            "targets": [r.as_json() for r in self.rows],
            "key_figures": self.figures.as_json(),
        }


def agreement_for(year: int) -> TargetAgreement | None:
    return TargetAgreement.objects.filter(year=year, is_preset=False).order_by("pk").last()


def _team_mask(team: Team, columns: Columns) -> np.ndarray:
    """Mask over persons: the clients the team is responsible for now."""
    pks = np.array(
        Responsibility.objects.filter(team=team).values_list("person_id", flat=True), dtype=np.int64
    )
    mask = np.zeros(columns.pks.size, dtype=bool)
    mask[columns.index(pks)] = True
    return mask


def _judge(direction: str, actual: float | None, goal: float | None) -> bool | None:
    if actual is None or goal is None or direction == Direction.MONITOR:
        return None
    return actual >= goal if direction == Direction.AT_LEAST else actual <= goal


def mbz_report(month: date, team: Team | None = None) -> Mbz:
    month = first_of(month)
    end = month_end(month)
    columns = load_columns()
    persons = _team_mask(team, columns) if team else None
    figures = key_figures(month, columns, persons)
    agreement = agreement_for(month.year)
    labels = [s["month"][5:] + "/" + s["month"][2:4] for s in figures.series]

    def series(key: str) -> list[tuple[str, float]]:
        return [(label, s[key] or 0) for label, s in zip(labels, figures.series, strict=True)]

    rows: list[TargetRow] = []
    targets = agreement.targets.prefetch_related("team_shares") if agreement else []
    for target in targets:
        plan = float(target.plan)
        share = next((s for s in target.team_shares.all() if team and s.team_id == team.pk), None)
        row = TargetRow(
            target, plan, None, None, None, None, [], "%" if target.figure in PERCENT_FIGURES else ""
        )
        if target.figure == Figure.K2:
            row.actual, row.plan_to_date, row.trend = figures.k2.percent, plan, series("k2")
        elif target.figure == Figure.K3:
            row.actual, row.previous, row.trend = (
                figures.long_term,
                figures.long_term_year_before,
                series("long_term"),
            )
            row.plan_to_date = float(share.plan) if share else (None if team else plan)
            row.note = _("K3 (change against the same month a year earlier): %(k3)s %%") % {
                "k3": number_format(figures.k3, 1) if figures.k3 is not None else "–"
            }
        elif target.figure == Figure.K1:
            row.unit = "€"
            row.actual = float(figures.k1.year_to_date) if figures.k1.year_to_date is not None else None
            row.plan_to_date = round(plan * month.month / 12, 0)
            row.trend = _money_series(month)
            row.note = _("Forecast for the year, compared pro rata; monitoring, not a target.")
            if team:
                row.actual = row.plan_to_date = None
                row.note = _("K1 is imported for the whole Jobcenter only.")
        elif target.figure in (
            Figure.INTEGRATIONS_U25,
            Figure.INTEGRATIONS_SINGLE_PARENTS,
            Figure.MEASURE_ENTRIES_SINGLE_PARENTS,
        ):
            ytd = {
                Figure.INTEGRATIONS_U25: figures.integrations_u25,
                Figure.INTEGRATIONS_SINGLE_PARENTS: figures.integrations_single_parents,
                Figure.MEASURE_ENTRIES_SINGLE_PARENTS: figures.measure_entries_single_parents,
            }[target.figure]
            row.actual, row.previous = ytd.now, ytd.before
            if target.basis == Basis.CHANGE:
                row.plan_to_date = round(ytd.before * (1 + plan / 100), 1)
            else:
                row.plan_to_date = round(plan * month.month / 12, 1)
            key = {
                Figure.INTEGRATIONS_U25: "integrations_u25",
                Figure.INTEGRATIONS_SINGLE_PARENTS: "integrations_single_parents",
            }.get(target.figure)
            row.trend = series(key) if key else []
        elif target.figure == Figure.CONTACT_DENSITY:
            # only when the agreement has this target: it reads the contact history
            density = evaluate_contact_density(
                end, by=("team",) if team else (), series_months=12, own_rules=False
            )
            counts = density.total
            if team:
                group = next((g for g in density.groups if g.key == team.external_id), None)
                counts = group.counts if group else None
            row.actual = counts.share(6) if counts else None
            row.plan_to_date = plan
            row.trend = [(d.strftime("%m/%y"), c.share(6) or 0) for d, c in density.series]
            if team:
                row.trend = []
        elif target.figure == Figure.AGREEMENT_QUOTA:
            shares = valid_shares(month_ends_back(end, len(labels)), columns, persons)
            row.plan_to_date, row.actual = plan, shares[-1]
            row.trend = [(label, share or 0) for label, share in zip(labels, shares, strict=True)]
            row.note = _("Clients receiving benefits with a valid agreement (review not yet due).")
        row.achieved = _judge(target.direction, row.actual, row.plan_to_date)
        if row.trend:
            row.chart = count_series_chart(
                [(label, {"v": value}) for label, value in row.trend], [("v", target.label, "s1")], height=180
            )
        rows.append(row)
    _attach_follow_up(rows, month)
    return Mbz(month, agreement, team, figures, rows)


def _money_series(month: date) -> list[tuple[str, float]]:
    first = add_months(month, -11)
    values = dict(
        MonthlyFigure.objects.filter(
            kind=MonthlyFigureKind.K1_SUBSISTENCE, month__gte=first, month__lte=month
        ).values_list("month", "value")
    )
    return [
        (m.strftime("%m/%y"), float(values.get(m, Decimal(0))))
        for m in (add_months(first, i) for i in range(12))
    ]


def _attach_follow_up(rows: list[TargetRow], month: date) -> None:
    """The month's comments, and the steering measures agreed up to this month that were not
    closed before it: open ones are followed up until someone marks them done or dropped."""
    by_target = {r.target.pk: r for r in rows}
    for comment in TargetComment.objects.filter(target__in=by_target, month=month):
        by_target[comment.target_id].comment = comment
    actions = SteeringAction.objects.filter(target__in=by_target, agreed_in__lte=month).exclude(
        status__in=(ActionStatus.DONE, ActionStatus.DROPPED), agreed_in__lt=add_months(month, -2)
    )
    for action in actions.order_by("due", "pk"):
        by_target[action.target_id].actions.append(action)
