"""Contact density (SPEC S4): the Jobcenter against the guide values, the breakdown and the
24-month series, with the chart of the 1/3/6-month shares and the guide lines."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.german import de_number
from lotse.domain.dates import is_month_end
from lotse.evaluation.charts import share_chart
from lotse.evaluation.contact_density import DIMENSIONS, WINDOWS, evaluate_contact_density
from lotse.evaluation.exports import count_cells
from lotse.reports.definitions.base import Params, report
from lotse.reports.model import Column, Kind, Table

DIMENSION_LABELS = {
    "office": gettext_lazy("office"),
    "team": gettext_lazy("team"),
    "caseworker": gettext_lazy("Integrationsfachkraft"),
    "district": gettext_lazy("district"),
    "segment": gettext_lazy("segment (routing rule)"),
}


def _count_columns() -> list[Column]:
    columns = [Column("clients", _("Clients"), Kind.INT)]
    for n in WINDOWS:
        columns += [
            Column(f"with_contact_{n}m", _("with contact within %(n)s mo.") % {"n": n}, Kind.INT),
            Column(f"share_{n}m", _("share %(n)s mo.") % {"n": n}, Kind.PERCENT),
        ]
    return [
        *columns,
        Column("compliant_own_rules", _("meeting their own rules"), Kind.INT),
        Column("share_compliant", _("share own rules"), Kind.PERCENT),
        Column("with_deviation", _("with justified deviation"), Kind.INT),
    ]


def build(params: Params):
    by = params.by if params.by in DIMENSIONS else "team"
    evaluation = evaluate_contact_density(params.as_of, by=(by,))
    counts = _count_columns()
    guide = evaluation.guide
    months = [d for d, _c in evaluation.series]
    shown = [(d, c) for d, c in evaluation.series if is_month_end(d)]  # a running month would drop
    chart = share_chart([(d.strftime("%m/%y"), {n: c.share(n) for n in WINDOWS}) for d, c in shown], guide)
    chart.note = _("Month ends; a running month is left out until it is over.")
    return report(
        "contact-density",
        _("Contact density"),
        params.as_of,
        [
            (_("Contact rule set"), evaluation.rule_set or "–"),
            (_("Breakdown"), str(DIMENSION_LABELS.get(by, by))),
            *[(_("Guide value %(n)s mo.") % {"n": n}, f"{de_number(v)} %") for n, v in sorted(guide.items())],
        ],
        tables=[
            Table(
                "jobcenter",
                _("Jobcenter"),
                [Column("label", _("Unit")), *counts],
                [["Jobcenter", *count_cells(evaluation.total)]],
            ),
            Table(
                "breakdown",
                _("Breakdown by %(dimension)s") % {"dimension": DIMENSION_LABELS.get(by, by)},
                [Column("key", _("Key")), Column("label", _("Group")), *counts],
                [[g.key, g.label, *count_cells(g.counts)] for g in evaluation.groups],
            ),
            Table(
                "series",
                _("Month ends"),
                [Column("month_end", _("Month end"), Kind.DATE), *counts],
                [[d, *count_cells(c)] for d, c in evaluation.series],
            ),
        ],
        charts=[chart] if months else [],
        landscape=True,
    )
