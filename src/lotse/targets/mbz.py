"""The monthly report on target achievement (MBZ, Zielvereinbarung 2014 Mettmann): plan
against actual per target, the trend with a prepared chart, the Jobcenter's comment and the
steering measures.

Each target's key figure picks its computation from :data:`FIGURES`; what a plan value means
for the months so far (pro rata, change against last year) and whether it is achieved are the
pure rules of :mod:`lotse.domain.targets`. For a team the rates and changes apply as agreed;
absolute stocks only when the agreement breaks them down to teams
(:class:`lotse.targets.models.TeamShare`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lotse.agreements.report import valid_shares
from lotse.clients.columns import one_read
from lotse.clients.selectors import responsible_on
from lotse.core.charts import Chart
from lotse.core.german import de_number
from lotse.core.kept import kept_per_data_version
from lotse.domain.dates import add_months
from lotse.domain.key_figures import month_end, month_ends_back
from lotse.domain.targets import achieved, after_change, count_plan_to_date, pro_rata
from lotse.evaluation.charts import count_chart
from lotse.evaluation.contact_density import evaluate_contact_density
from lotse.organisation.models import Team
from lotse.targets.columns import Columns, load_columns
from lotse.targets.figures import KeyFigures, YearToDate, first_of, key_figures
from lotse.targets.models import (
    ActionStatus,
    Basis,
    Figure,
    MonthlyFigure,
    MonthlyFigureKind,
    SteeringAction,
    Target,
    TargetAgreement,
    TargetComment,
    TeamShare,
)

PERCENT_FIGURES = {Figure.K2, Figure.AGREEMENT_QUOTA, Figure.CONTACT_DENSITY, Figure.OWN_RULES}


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
    chart: Chart | None = None

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
            "followed_up": self.target.followed_up,
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


def planned(figure: str, year: int) -> float | None:
    """The plan value of the year's target agreement for a key figure (None: not agreed)."""
    agreement = agreement_for(year)
    target = agreement.targets.filter(figure=figure).order_by("position").first() if agreement else None
    return float(target.plan) if target else None


def _team_mask(team: Team, columns: Columns, day: date) -> np.ndarray:
    """Mask over persons: the clients the team was responsible for on the day (the report
    month's last day, so the month keeps its figures when clients are re-routed later)."""
    pks = np.array(responsible_on(day).filter(team=team).values_list("person_id", flat=True), dtype=np.int64)
    mask = np.zeros(columns.pks.size, dtype=bool)
    mask[columns.index(pks)] = True
    return mask


@dataclass
class Month:
    """What every figure's computation reads: the month, the loaded columns and key figures,
    and the team (with its share of the target, if the agreement breaks it down)."""

    month: date
    team: Team | None
    columns: Columns
    persons: np.ndarray | None
    figures: KeyFigures
    labels: list[str]

    @property
    def end(self) -> date:
        return month_end(self.month)

    def series(self, key: str) -> list[tuple[str, float]]:
        return [(label, s[key] or 0) for label, s in zip(self.labels, self.figures.series, strict=True)]


Compute = Callable[[Month, TargetRow, TeamShare | None], None]


def _k2(m: Month, row: TargetRow, share: TeamShare | None) -> None:
    row.actual, row.plan_to_date, row.trend = m.figures.k2.percent, row.plan, m.series("k2")


def _k3(m: Month, row: TargetRow, share: TeamShare | None) -> None:
    f = m.figures
    row.actual, row.previous, row.trend = f.long_term, f.long_term_year_before, m.series("long_term")
    row.plan_to_date = float(share.plan) if share else (None if m.team else row.plan)
    row.note = _("K3 (change against the same month a year earlier): %(k3)s %%") % {
        "k3": number_format(f.k3, 1) if f.k3 is not None else "–"
    }


def _money(kind: str) -> Compute:
    """An imported monthly sum from January (K1, housing costs), against a yearly value pro
    rata (K1's forecast) or a change against the same months of the previous year."""

    def compute(m: Month, row: TargetRow, share: TeamShare | None) -> None:
        row.unit = "€"
        row.trend = _money_series(m.month, kind)
        if m.team:
            row.note = _("The monthly sums are imported for the whole Jobcenter only.")
            return
        money = m.figures.k1 if kind == MonthlyFigureKind.K1_SUBSISTENCE else m.figures.housing
        ytd, before = money.year_to_date, money.previous_year_to_date
        row.actual = float(ytd) if ytd is not None else None
        row.previous = float(before) if before is not None else None
        if row.target.basis == Basis.CHANGE:
            row.plan_to_date = after_change(row.previous, row.plan) if row.previous is not None else None
            row.note = _("The sum from January against the same months of the previous year.")
        else:
            row.plan_to_date = pro_rata(row.plan, m.month.month, 0)
            row.note = _("Forecast for the year, compared pro rata; monitoring, not a target.")

    return compute


def _count(figure: str, series_key: str | None) -> Compute:
    """A count from January (integrations of a target group, measure entries), against a
    value pro rata or a change against the same months of the previous year."""

    def compute(m: Month, row: TargetRow, share: TeamShare | None) -> None:
        ytd: YearToDate = getattr(m.figures, figure)
        row.actual, row.previous = ytd.now, ytd.before
        row.plan_to_date = count_plan_to_date(row.target.basis, row.plan, m.month.month, ytd.before)
        row.trend = m.series(series_key) if series_key else []

    return compute


def _contact_density(m: Month, row: TargetRow, share: TeamShare | None) -> None:
    # only when the agreement has this target: it reads the contact history
    density = evaluate_contact_density(
        m.end, by=("team",) if m.team else (), series_months=12, own_rules=False
    )
    counts = density.total
    if m.team:
        group = next((g for g in density.groups if g.key == m.team.external_id), None)
        counts = group.counts if group else None
    row.actual = counts.share(6) if counts else None
    row.plan_to_date = row.plan
    row.trend = [] if m.team else [(d.strftime("%m/%y"), c.share(6) or 0) for d, c in density.series]


def _own_rules(m: Month, row: TargetRow, share: TeamShare | None) -> None:
    """The share of clients meeting every contact rule that applies to them (the rule set
    valid then, e.g. Mettmann's two contacts a year, six for single households)."""
    by = ("team",) if m.team else ()
    month_end_figures = evaluate_contact_density(m.end, by=by, series_months=1, own_rules=True)
    counts = month_end_figures.total
    if m.team:
        group = next((g for g in month_end_figures.groups if g.key == m.team.external_id), None)
        counts = group.counts if group else None
    row.actual = counts.share_compliant if counts else None
    row.plan_to_date = row.plan
    row.note = _("Clients receiving benefits who meet every contact rule that applies to them.")


def _agreement_quota(m: Month, row: TargetRow, share: TeamShare | None) -> None:
    shares = valid_shares(month_ends_back(m.end, len(m.labels)), m.columns, m.persons)
    row.plan_to_date, row.actual = row.plan, shares[-1]
    row.trend = [(label, value or 0) for label, value in zip(m.labels, shares, strict=True)]
    row.note = _("Clients receiving benefits with a valid agreement (review not yet due).")


# Which computation gives a target's actual and plan to date, by the target's key figure.
FIGURES: dict[str, Compute] = {
    Figure.K2: _k2,
    Figure.K3: _k3,
    Figure.K1: _money(MonthlyFigureKind.K1_SUBSISTENCE),
    Figure.HOUSING: _money(MonthlyFigureKind.HOUSING_COSTS),
    Figure.INTEGRATIONS_U25: _count("integrations_u25", "integrations_u25"),
    Figure.INTEGRATIONS_SINGLE_PARENTS: _count("integrations_single_parents", "integrations_single_parents"),
    Figure.MEASURE_ENTRIES_SINGLE_PARENTS: _count("measure_entries_single_parents", None),
    Figure.CONTACT_DENSITY: _contact_density,
    Figure.OWN_RULES: _own_rules,
    Figure.AGREEMENT_QUOTA: _agreement_quota,
}


@kept_per_data_version(size=32)
def mbz_report(month: date, team: Team | None = None) -> Mbz:
    with one_read():  # the key figures and the contact-density target read the clients once
        return _mbz_report(month, team)


def _mbz_report(month: date, team: Team | None) -> Mbz:
    month = first_of(month)
    columns = load_columns()
    persons = _team_mask(team, columns, month_end(month)) if team else None
    figures = key_figures(month, columns, persons)
    labels = [s["month"][5:] + "/" + s["month"][2:4] for s in figures.series]
    context = Month(month, team, columns, persons, figures, labels)
    agreement = agreement_for(month.year)
    rows: list[TargetRow] = []
    for target in agreement.targets.prefetch_related("team_shares") if agreement else []:
        share = next((s for s in target.team_shares.all() if team and s.team_id == team.pk), None)
        row = TargetRow(
            target,
            float(target.plan),
            None,
            None,
            None,
            None,
            [],
            "%" if target.figure in PERCENT_FIGURES else "",
        )
        FIGURES[target.figure](context, row, share)
        row.achieved = achieved(target.direction, row.actual, row.plan_to_date)
        if row.trend:
            row.chart = count_chart(
                target.label,
                [(label, {"v": value}) for label, value in row.trend],
                [("v", _("actual"))],
                unit="%" if row.unit == "%" else "",
                guides=[(row.plan_to_date, _("plan to date: %(v)s") % {"v": de_number(row.plan_to_date, 1)})]
                if row.plan_to_date is not None and target.basis == "value"
                else [],
            )
        rows.append(row)
    _attach_follow_up(rows, month)
    return Mbz(month, agreement, team, figures, rows)


def _money_series(month: date, kind: str) -> list[tuple[str, float]]:
    first = add_months(month, -11)
    values = dict(
        MonthlyFigure.objects.filter(kind=kind, month__gte=first, month__lte=month).values_list(
            "month", "value"
        )
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
