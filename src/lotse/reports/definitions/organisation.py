"""Organisation reports (SPEC S1): the staffing control with the caseload ratios, and the
district ranking with the candidates for a local office."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lotse.core.labels import label
from lotse.evaluation.organisation import district_ranking, staffing
from lotse.organisation.models import Funding, Jobcenter
from lotse.reports.definitions.base import Params, report
from lotse.reports.model import Column, Kind, Table


def staffing_report(params: Params):
    s = staffing(params.as_of)
    f = s.figures
    figures = [
        [_("Target staffing (FTE)"), f.target_fte, "target_fte"],
        [_("Counted against the target (FTE)"), f.counted_fte, "counted_fte"],
        [_("Gap (FTE)"), f.gap_fte, "gap_fte"],
        [_("Fixed-term (FTE)"), f.fixed_term_fte, "fixed_term_fte"],
        [_("Fixed-term share of the target (%)"), f.fixed_term_pct, "fixed_term_pct"],
        [_("Fixed-term cap (FTE)"), f.fixed_term_cap_fte, "fixed_term_cap_fte"],
        [_("Funded from the EGT (FTE)"), f.egt_fte, "egt_fte"],
        [_("EGT cap (FTE)"), f.egt_cap_fte, "egt_cap_fte"],
        [_("Headcount"), s.headcount, "headcount"],
    ]
    return report(
        "staffing",
        _("Staffing"),
        params.as_of,
        [],
        tables=[
            Table(
                "figures",
                _("Staffing against the target"),
                [
                    Column("figure", _("Figure")),
                    Column("value", _("Value"), Kind.NUMBER),
                    Column("code", _("Code")),
                ],
                [[str(a), float(b) if b is not None else None, c] for a, b, c in figures],
            ),
            Table(
                "ratios",
                _("Caseload ratios"),
                [
                    Column("label", _("Clients")),
                    Column("clients", _("Clients"), Kind.INT),
                    Column("caseworker_fte", _("Integrationsfachkräfte (FTE)"), Kind.FTE),
                    Column("per_fte", _("clients per FTE"), Kind.DECIMAL),
                    Column("reference", _("reference ratio"), Kind.INT),
                ],
                [[r.label, r.clients, r.caseworker_fte, r.per_fte, r.reference] for r in s.ratios],
            ),
            Table(
                "team_kinds",
                _("By team kind"),
                [
                    Column("team_kind", _("Team kind")),
                    Column("headcount", _("Headcount"), Kind.INT),
                    Column("fte", _("FTE"), Kind.FTE),
                ],
                [[label(kind), n, fte] for kind, n, fte in s.by_team_kind],
            ),
            Table(
                "funding",
                _("By funding"),
                [Column("funding", _("Funding")), Column("fte", _("FTE"), Kind.FTE)],
                [
                    [str(Funding(code).label) if code in Funding.values else code, fte]
                    for code, fte in s.by_funding
                ],
            ),
            Table(
                "components",
                _("Components of the target staffing"),
                [Column("component", _("Component")), Column("fte", _("FTE"), Kind.FTE)],
                [[name, fte] for name, fte in s.components],
            ),
        ],
    )


def district_report(params: Params):
    jobcenter = Jobcenter.current()
    min_clients = params.extra.get("min_clients", jobcenter.special_need_clients_per_1000)
    min_rate = params.extra.get("min_rate", jobcenter.special_need_unemployment_rate)
    rows = district_ranking(params.as_of, min_clients_per_1000=min_clients, min_unemployment_rate=min_rate)
    yes, no = _("yes"), _("no")
    return report(
        "districts",
        _("District ranking"),
        params.as_of,
        [
            (
                _("Special need from (clients per 1,000 inhabitants)"),
                str(jobcenter.special_need_clients_per_1000),
            ),
            (_("Special need from (unemployment rate %)"), str(jobcenter.special_need_unemployment_rate)),
        ],
        tables=[
            Table(
                "ranking",
                _("Districts by clients per 1,000 inhabitants"),
                [
                    Column("district", _("District")),
                    Column("population", _("Inhabitants"), Kind.INT),
                    Column("clients", _("Clients"), Kind.INT),
                    Column("clients_per_1000", _("per 1,000 inhabitants"), Kind.DECIMAL),
                    Column("unemployment_rate", _("unemployment rate"), Kind.PERCENT),
                    Column("u25_share", _("share under 25"), Kind.PERCENT),
                    Column("local_office", _("local office")),
                    Column("special_need", _("special need")),
                ],
                [
                    [
                        r.district.name,
                        r.population,
                        r.clients,
                        r.clients_per_1000,
                        r.unemployment_rate,
                        r.u25_share,
                        yes if r.has_local_office else no,
                        yes if r.special_need else no,
                    ]
                    for r in rows
                ],
            )
        ],
        landscape=True,
    )
