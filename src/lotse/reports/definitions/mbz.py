"""The monthly target report (MBZ, SPEC S9): every target of the year's agreement with plan,
plan to date, actual and status, the key figures by their German names, the trend, and a
chart per target with its plan line."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.organisation.models import Team
from lotse.reports.definitions.base import Params, report
from lotse.reports.model import Column, Kind, Table
from lotse.targets.mbz import mbz_report

GROUPS = {
    "elb_stock": gettext_lazy("Employable benefit recipients (stock)"),
    "k2_integration_rate": gettext_lazy("K2 integration rate"),
    "k2_single_parents": gettext_lazy("K2 integration rate, single parents"),
    "k2_long_term": gettext_lazy("K2 integration rate, long-term recipients"),
    "continued_employment": gettext_lazy("Continued employment after integration"),
    "k3": gettext_lazy("K3 long-term recipients"),
    "integrations_u25": gettext_lazy("Integrations under 25"),
    "integrations_single_parents": gettext_lazy("Integrations of single parents"),
    "measure_entries_single_parents": gettext_lazy("Measure entries of single parents"),
    "k1_subsistence": gettext_lazy("K1 subsistence benefits"),
    "housing_costs": gettext_lazy("Housing costs"),
}
PARTS = {
    "count": (gettext_lazy("count"), Kind.INT),
    "average_stock": (gettext_lazy("average stock"), Kind.DECIMAL),
    "percent": (gettext_lazy("rate"), Kind.PERCENT),
    "long_term_stock": (gettext_lazy("stock"), Kind.INT),
    "long_term_stock_year_before": (gettext_lazy("stock a year earlier"), Kind.INT),
    "change_percent": (gettext_lazy("change on the previous year"), Kind.PERCENT),
    "activated": (gettext_lazy("activated"), Kind.INT),
    "activation_rate": (gettext_lazy("activation rate"), Kind.PERCENT),
    "year_to_date": (gettext_lazy("year to date"), Kind.INT),
    "previous_year_to_date": (gettext_lazy("same period a year earlier"), Kind.INT),
    "month": (gettext_lazy("report month"), Kind.MONEY),
    "month_year_before": (gettext_lazy("same month a year earlier"), Kind.MONEY),
}
MONEY_GROUPS = {"k1_subsistence", "housing_costs"}
TREND = {
    "k2": (gettext_lazy("K2 integration rate"), Kind.PERCENT),
    "long_term": (gettext_lazy("long-term recipients"), Kind.INT),
    "integrations": (gettext_lazy("integrations"), Kind.INT),
    "integrations_u25": (gettext_lazy("Integrations under 25"), Kind.INT),
    "integrations_single_parents": (gettext_lazy("Integrations of single parents"), Kind.INT),
    "stock": (gettext_lazy("stock of employable recipients"), Kind.INT),
}


def key_figure_rows(figures: dict) -> list[list]:
    """The key figures flattened into (German name, value, code) rows."""
    rows = []
    for key, value in figures.items():
        if key in ("series", "month"):
            continue
        group = str(GROUPS.get(key, key))
        if isinstance(value, dict):
            for part, number in value.items():
                label, kind = PARTS.get(part, (part, Kind.DECIMAL))
                if key in MONEY_GROUPS and part in ("year_to_date", "previous_year_to_date"):
                    kind = Kind.MONEY
                unit = " (€)" if kind == Kind.MONEY else (" (%)" if kind == Kind.PERCENT else "")
                rows.append([f"{group}: {label}{unit}", number, f"{key}.{part}"])
        else:
            rows.append([group, value, key])
    return rows


def build(params: Params):
    month = params.month or date(params.as_of.year, params.as_of.month, 1)
    team = get_object_or_404(Team, external_id=params.team) if params.team else None
    mbz = mbz_report(month, team)
    figures = mbz.figures.as_json()
    status = {True: _("achieved"), False: _("not achieved")}
    targets = Table(
        "targets",
        _("Targets"),
        [
            Column("position", _("No."), Kind.INT),
            Column("target", _("Target")),
            Column("figure", _("Key figure")),
            Column("unit", _("Unit")),
            Column("plan", _("Plan"), Kind.DECIMAL),
            Column("plan_to_date", _("Plan to date"), Kind.DECIMAL),
            Column("actual", _("Actual"), Kind.DECIMAL),
            Column("previous_year", _("Previous year"), Kind.DECIMAL),
            Column("status", _("Status")),
            Column("comment", _("Comment")),
        ],
        [
            [
                r.target.position,
                r.target.label,
                r.target.get_figure_display(),
                r.unit or "",
                r.plan,
                r.plan_to_date,
                r.actual,
                r.previous,
                status.get(r.achieved, _("monitoring")),
                r.comment.text if r.comment else "",
            ]
            for r in mbz.rows
        ],
    )
    key_figures = Table(
        "key_figures",
        _("Key figures of the month"),
        [
            Column("figure", _("Key figure")),
            Column("value", _("Value"), Kind.NUMBER),
            Column("code", _("Code")),
        ],
        key_figure_rows(figures),
    )
    series = figures.get("series") or []
    keys = [k for k in TREND if series and k in series[0]]
    trend = Table(
        "trend",
        _("Trend"),
        [Column("month", _("Month")), *[Column(k, str(TREND[k][0]), TREND[k][1]) for k in keys]],
        [[s["month"], *[s[k] for k in keys]] for s in series],
    )
    charts = [r.chart for r in mbz.rows if r.chart]  # the page's charts, with their plan lines
    return report(
        "mbz",
        _("Monthly target report (MBZ) %(month)s") % {"month": month.strftime("%m/%Y")},
        params.as_of,
        [
            (_("Target agreement"), mbz.agreement.name if mbz.agreement else "–"),
            (_("Report month"), month.strftime("%m/%Y")),
            (_("Team"), team.name if team else _("whole Jobcenter")),
        ],
        tables=[targets, key_figures, trend],
        charts=charts,
        landscape=True,
        file_stem=f"mbz-{month:%Y-%m}{'-' + team.external_id if team else ''}",
    )
