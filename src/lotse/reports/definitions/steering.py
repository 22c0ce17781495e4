"""Steering reports (SPEC S6–S8): the agreement quota per team, the quarterly review of
measure effectiveness with the open needs, and the municipal services — budgets and the
per-city table the district receives at the year's end."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from lotse.agreements.report import agreement_quota
from lotse.core.german import de_number
from lotse.measures.report import effectiveness, needs_by_group
from lotse.municipal.report import budget_use, city_table
from lotse.reports.definitions.base import Params, report
from lotse.reports.model import Column, Kind, Table
from lotse.targets.mbz import planned
from lotse.targets.models import Figure


def agreement_quota_report(params: Params):
    quota = agreement_quota(params.as_of)
    target = planned(Figure.AGREEMENT_QUOTA, params.as_of.year)
    columns = [
        Column("label", _("Team")),
        Column("clients", _("Clients"), Kind.INT),
        Column("with_valid_agreement", _("with a valid Kooperationsplan"), Kind.INT),
        Column("share_valid", _("quota"), Kind.PERCENT),
        Column("concluded_at_first_contact", _("concluded at the first contact"), Kind.INT),
        Column("share_first_contact", _("share at the first contact"), Kind.PERCENT),
        Column("review_overdue", _("review overdue"), Kind.INT),
    ]

    def cells(row, label: str) -> list:
        data = row.as_json()
        return [label, *[data[c.key] for c in columns[1:]]]

    return report(
        "agreement-quota",
        _("Agreement quota (Kooperationsplan)"),
        params.as_of,
        [
            (
                _("Target quota of the target agreement"),
                f"{de_number(target, 1)} %" if target is not None else "–",
            )
        ],
        tables=[
            Table("jobcenter", _("Jobcenter"), columns, [cells(quota.total, "Jobcenter")]),
            Table("teams", _("By team"), columns, [cells(row, row.label) for row in quota.teams]),
        ],
    )


def _effect_columns() -> list[Column]:
    """The figures of one effect (``domain.effectiveness.Effect.as_json``) as columns."""
    return [
        Column("exits", _("exits"), Kind.INT),
        Column("integrated_at_end", _("integrated at exit"), Kind.INT),
        Column("share_at_end", _("share at exit"), Kind.PERCENT),
        Column("judged_after_6_months", _("judged after 6 months"), Kind.INT),
        Column("integrated_after_6_months", _("integrated after 6 months"), Kind.INT),
        Column("share_after_6_months", _("share after 6 months"), Kind.PERCENT),
    ]


def effectiveness_report(params: Params):
    first = params.first or date(params.as_of.year - 1, 1, 1)
    result = effectiveness(first, params.as_of).as_json()
    effect = _effect_columns()
    keys = [c.key for c in effect]
    needs = needs_by_group(params.as_of)
    return report(
        "measure-effectiveness",
        _("Effectiveness of measures (quarterly review)"),
        params.as_of,
        [(_("Exits from"), first.strftime("%d.%m.%Y"))],
        tables=[
            Table(
                "total",
                _("All measures"),
                [Column("label", _("Measures")), *effect],
                [[_("all measures"), *[result["total"][k] for k in keys]]],
            ),
            Table(
                "kinds",
                _("By kind of measure"),
                [Column("kind", _("Kind")), *effect],
                [[k["kind"], *[k[key] for key in keys]] for k in result["kinds"]],
            ),
            Table(
                "measures",
                _("By measure"),
                [
                    Column("measure_id", _("No.")),
                    Column("name", _("Measure")),
                    Column("provider", _("Provider")),
                    Column("recommendation", _("Recommendation")),
                    *effect,
                ],
                [
                    [m["measure_id"], m["name"], m["provider"], m["recommendation"], *[m[k] for k in keys]]
                    for m in result["measures"]
                ],
            ),
            Table(
                "needs",
                _("Open needs by target group"),
                [
                    Column("label", _("Need")),
                    Column("total", _("open"), Kind.INT),
                    Column("clients", _("Clients"), Kind.INT),
                    Column("u25", _("under 25"), Kind.INT),
                    Column("single_parents", _("single parents"), Kind.INT),
                    Column("long_term", _("long-term recipients"), Kind.INT),
                ],
                [
                    [n["label"], n["total"], n["clients"], n["u25"], n["single_parents"], n["long_term"]]
                    for n in needs
                ],
            ),
        ],
        landscape=True,
    )


def municipal_report(params: Params):
    year = params.year or params.as_of.year
    use = [u.as_json() for u in budget_use(year, params.as_of)]
    cities = city_table(year, params.as_of)
    return report(
        "municipal-services",
        _("Municipal services %(year)s (§ 16a SGB II)") % {"year": year},
        params.as_of,
        [(_("Budget year"), str(year))],
        tables=[
            Table(
                "budgets",
                _("Budgets"),
                [
                    Column("name", _("Service")),
                    Column("budget", _("Budget"), Kind.MONEY),
                    Column("used", _("used"), Kind.MONEY),
                    Column("left", _("left"), Kind.MONEY),
                    Column("used_percent", _("used (share)"), Kind.PERCENT),
                    Column("referrals", _("referrals"), Kind.INT),
                    Column("clients", _("Clients"), Kind.INT),
                ],
                [
                    [
                        u["name"],
                        u["budget"],
                        u["used"],
                        u["left"],
                        u["used_percent"],
                        u["referrals"],
                        u["clients"],
                    ]
                    for u in use
                ],
            ),
            Table(
                "cities",
                _("Per city (the report to the district)"),
                [
                    Column("city", _("City")),
                    Column("service", _("Service")),
                    Column("clients", _("Clients"), Kind.INT),
                    Column("closer", _("moved closer to the labour market"), Kind.INT),
                    Column("integrated", _("integrated"), Kind.INT),
                ],
                [[c["city"], c["service"], c["clients"], c["closer"], c["integrated"]] for c in cities],
            ),
        ],
    )
