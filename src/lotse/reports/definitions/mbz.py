"""The monthly target report (MBZ, SPEC S9): every target of the year's agreement with plan,
plan to date, actual and status, the key figures by their German names, the trend, and a
chart per target with its plan line."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lotse.organisation.models import Team
from lotse.reports.definitions.base import Params, report
from lotse.reports.model import Column, Kind, Table
from lotse.targets.mbz import mbz_report

GROUPS = {
    "elb_stock": _lazy("Erwerbsfähige Leistungsberechtigte (Bestand)"),
    "k2_integration_rate": _lazy("K2 Integrationsquote"),
    "k2_single_parents": _lazy("K2 Integrationsquote Alleinerziehende"),
    "k2_long_term": _lazy("K2 Integrationsquote Langzeitleistungsbeziehende"),
    "continued_employment": _lazy("Kontinuierliche Beschäftigung nach Integration"),
    "k3": _lazy("K3 Langzeitleistungsbeziehende"),
    "integrations_u25": _lazy("Integrationen U25"),
    "integrations_single_parents": _lazy("Integrationen Alleinerziehende"),
    "measure_entries_single_parents": _lazy("Maßnahmeeintritte Alleinerziehende"),
    "k1_subsistence": _lazy("K1 Leistungen zum Lebensunterhalt"),
    "housing_costs": _lazy("Kosten der Unterkunft"),
}
PARTS = {
    "count": (_lazy("Anzahl"), Kind.INT),
    "average_stock": (_lazy("durchschnittlicher Bestand"), Kind.DECIMAL),
    "percent": (_lazy("Quote"), Kind.PERCENT),
    "long_term_stock": (_lazy("Bestand"), Kind.INT),
    "long_term_stock_year_before": (_lazy("Bestand Vorjahresmonat"), Kind.INT),
    "change_percent": (_lazy("Veränderung zum Vorjahr"), Kind.PERCENT),
    "activated": (_lazy("aktiviert"), Kind.INT),
    "activation_rate": (_lazy("Aktivierungsquote"), Kind.PERCENT),
    "year_to_date": (_lazy("bis zum Berichtsmonat"), Kind.INT),
    "previous_year_to_date": (_lazy("Vorjahreszeitraum"), Kind.INT),
    "month": (_lazy("Berichtsmonat"), Kind.MONEY),
    "month_year_before": (_lazy("Vorjahresmonat"), Kind.MONEY),
}
MONEY_GROUPS = {"k1_subsistence", "housing_costs"}
TREND = {
    "k2": (_lazy("K2 Integrationsquote"), Kind.PERCENT),
    "long_term": (_lazy("Langzeitleistungsbeziehende"), Kind.INT),
    "integrations": (_lazy("Integrationen"), Kind.INT),
    "integrations_u25": (_lazy("Integrationen U25"), Kind.INT),
    "integrations_single_parents": (_lazy("Integrationen Alleinerziehende"), Kind.INT),
    "stock": (_lazy("Bestand eLb"), Kind.INT),
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
