"""Outreach figures (SPEC S5): the period's totals, the months with their chart, and the
districts."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from lotse.outreach.report import outreach_report
from lotse.reports.definitions.base import Params, incomplete_month_dropped, report
from lotse.reports.model import Chart, Column, Kind, Series, Table


def _columns() -> list[Column]:
    return [
        Column("candidates", _("candidates"), Kind.INT),
        Column("cases_opened", _("cases opened"), Kind.INT),
        Column("visited", _("clients visited"), Kind.INT),
        Column("met", _("clients met"), Kind.INT),
        Column("reconnected", _("clients reconnected"), Kind.INT),
        Column("handed_back", _("handed back"), Kind.INT),
        Column("moved_away", _("moved away"), Kind.INT),
        Column("offers_made", _("offers made"), Kind.INT),
        Column("offers_accepted", _("offers accepted"), Kind.INT),
        Column("job_starts", _("job starts"), Kind.INT),
        Column("reachability_rate", _("reachability rate"), Kind.PERCENT),
    ]


def build(params: Params):
    last = params.as_of
    if params.first is not None:
        first = params.first
    else:
        back = last.year * 12 + last.month - 1 - 11
        first = date(back // 12, back % 12 + 1, 1)
    data = outreach_report(first, last).as_json()
    columns = _columns()
    keys = [c.key for c in columns]
    months = data["months"]
    labels = [f"{m['month'][5:7]}/{m['month'][2:4]}" for m in months]
    keep = incomplete_month_dropped(labels, last)
    chart = Chart(
        _("Clients visited, met and reconnected per month"),
        labels[:keep],
        [
            Series(c.label, [m[c.key] for m in months[:keep]])
            for c in columns
            if c.key in ("visited", "met", "reconnected")
        ],
        note=_("A running month is left out until it is over."),
    )
    return report(
        "outreach",
        _("Outreach figures"),
        last,
        [
            (_("Period"), f"{first:%d.%m.%Y}–{last:%d.%m.%Y}"),
            (_("Outreach candidates"), _("no contact for %(n)s months") % {"n": data["rule"]["gap_months"]}),
        ],
        tables=[
            Table(
                "total",
                _("The period"),
                [Column("label", _("Period")), *columns],
                [[_("total"), *[data["total"][k] for k in keys]]],
            ),
            Table(
                "months",
                _("By month"),
                [Column("month", _("Month")), *columns],
                [[m["month"], *[m[k] for k in keys]] for m in months],
            ),
            Table(
                "districts",
                _("By district"),
                [Column("name", _("District")), *columns],
                [[d["name"], *[d[k] for k in keys]] for d in data["districts"]],
            ),
        ],
        charts=[chart] if keep else [],
        landscape=True,
    )
