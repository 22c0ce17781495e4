"""The contact-density evaluation as XLSX (numbers as numbers) and as PDF (with the chart)."""

from __future__ import annotations

import csv
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lotse.core.spreadsheets import csv_text, text_cells_stay_text
from lotse.evaluation.contact_density import WINDOWS, Counts, Evaluation

PERCENT = '0.0" %"'


def count_cells(counts: Counts) -> list:
    """A group's figures in column order: clients, per window with contact and share, own
    rules met and their share, justified deviations (the CSV, XLSX and report layout)."""
    data = counts.as_json()
    cells: list = [counts.clients]
    for n in WINDOWS:
        cells += [data[f"with_contact_{n}m"], data[f"share_{n}m"]]
    return [*cells, counts.compliant, counts.share_compliant, counts.deviations]


def _header(extra: list[str]) -> list[str]:
    header = [*extra, _("Clients")]
    for n in WINDOWS:
        header += [_("with contact within %(n)s mo.") % {"n": n}, _("share %(n)s mo. (%%)") % {"n": n}]
    return [*header, _("meeting their own rules"), _("share own rules (%%)"), _("with justified deviation")]


CSV_HEADER = [
    "dimension",
    "key",
    "label",
    "clients",
    *[f"{name}_{n}m" for n in WINDOWS for name in ("with_contact", "share")],
    "compliant_own_rules",
    "share_compliant",
    "with_deviation",
]


def evaluation_csv(evaluation: Evaluation, out) -> None:
    """The evaluation as CSV (machine-readable codes, one line for the Jobcenter, each group
    and each month of the series); the page's download and ``lotse evaluate`` both use it."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    rows = [("jobcenter", "", "", evaluation.total)]
    rows += [(g.dimension, g.key, g.label, g.counts) for g in evaluation.groups]
    rows += [("month", d.isoformat(), "", c) for d, c in evaluation.series]
    for dimension, key, label, counts in rows:
        writer.writerow([csv_text(dimension), csv_text(key), csv_text(label), *count_cells(counts)])


def _share_columns(leading: int) -> list[int]:
    """1-based columns of the shares after ``leading`` label columns and the client count."""
    return [leading + 1 + 2 * (i + 1) for i in range(len(WINDOWS))]


def add_sheet(
    wb: Workbook, title: str, header: list[str], rows: list[list], leading: int | None = None
) -> None:
    """A sheet with a bold, frozen header; ``leading`` label columns before share columns
    formatted as percentages (the contact-density layout)."""
    ws = wb.create_sheet(title[:31])  # Excel allows 31 characters
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    shares = _share_columns(leading) if leading is not None else []
    if shares:
        shares.append(shares[-1] + 2)  # the share meeting their own rules
    for col in shares:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.number_format = PERCENT
    text_cells_stay_text(ws)
    ws.freeze_panes = "A2"
    for column in ws.columns:
        ws.column_dimensions[column[0].column_letter].width = max(12, min(40, len(str(column[0].value)) + 2))


def evaluation_xlsx(evaluation: Evaluation) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    overview = [[_("Reference date"), evaluation.as_of], [_("Rule set"), evaluation.rule_set or "–"]]
    overview += [
        [_("Guide value %(n)s mo. (%%)") % {"n": n}, evaluation.guide[n]]
        for n in WINDOWS
        if n in evaluation.guide
    ]
    add_sheet(wb, _("Jobcenter"), [_("Key"), _("Value")], overview)
    wb[_("Jobcenter")].append([])
    wb[_("Jobcenter")].append(_header([""]))
    wb[_("Jobcenter")].append(["Jobcenter", *count_cells(evaluation.total)])
    add_sheet(
        wb,
        _("Breakdown"),
        _header([_("Dimension"), _("Key"), _("Group")]),
        [[g.dimension, g.key, g.label, *count_cells(g.counts)] for g in evaluation.groups],
        leading=3,
    )
    add_sheet(
        wb,
        _("Series"),
        _header([_("Month end")]),
        [[d, *count_cells(c)] for d, c in evaluation.series],
        leading=1,
    )
    for ws in wb.worksheets:
        text_cells_stay_text(ws)
        for row in ws.iter_rows():
            for cell in row:
                if cell.is_date:
                    cell.number_format = "DD.MM.YYYY"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
