"""The MBZ as XLSX (numbers as numbers, one sheet for the targets, one for the key figures,
one for the trends) and as PDF (charts as vector graphics) and JSON."""

from __future__ import annotations

import json
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from lotse.core.pdf import render_pdf
from lotse.evaluation.exports import add_sheet
from lotse.organisation.models import Jobcenter
from lotse.targets.mbz import Mbz


def mbz_xlsx(mbz: Mbz) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    rows = [
        [
            r.target.position,
            r.target.label,
            r.target.get_figure_display(),
            r.target.get_owner_display(),
            r.target.get_direction_display(),
            r.plan,
            r.plan_to_date,
            r.actual,
            r.previous,
            {True: _("achieved"), False: _("not achieved")}.get(r.achieved, "–"),
            r.comment.text if r.comment else "",
            "; ".join(f"{a.what} ({a.owner}, {a.due:%d.%m.%Y}, {a.get_status_display()})" for a in r.actions),
            r.note,
        ]
        for r in mbz.rows
    ]
    add_sheet(
        wb,
        _("Targets"),
        [
            _("No."),
            _("Target"),
            _("Key figure"),
            _("Owner"),
            _("Direction"),
            _("Plan"),
            _("Plan to date"),
            _("Actual"),
            _("Previous year"),
            _("Status"),
            _("Comment"),
            _("Steering measures"),
            _("Note"),
        ],
        rows,
    )
    figures = mbz.figures.as_json()
    flat = []
    for key, value in figures.items():
        if isinstance(value, dict):
            flat += [[f"{key}.{k}", v] for k, v in value.items()]
        elif key != "series":
            flat.append([key, value])
    add_sheet(wb, _("Key figures"), [_("Figure"), _("Value")], flat)
    series = figures["series"]
    keys = [k for k in series[0] if k != "month"] if series else []
    add_sheet(wb, _("Trend"), [_("Month"), *keys], [[s["month"], *[s[k] for k in keys]] for s in series])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def mbz_pdf(mbz: Mbz) -> bytes:
    return render_pdf("targets/mbz_pdf.html", {"mbz": mbz, "jobcenter": Jobcenter.current().name})


def mbz_json(mbz: Mbz) -> str:
    return json.dumps(mbz.as_json(), ensure_ascii=False, indent=1)
