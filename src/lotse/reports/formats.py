"""One :class:`Report`, every format: JSON, CSV for German Excel, CSV in the exchange
format's conventions, XLSX and PDF.

- **CSV for German Excel** (the default download): semicolon, decimal comma, dates as
  DD.MM.YYYY, UTF-8 with a byte-order mark, each table under its title.
- **CSV, exchange format** (for a program): comma, decimal point, ISO dates, code names as
  headers, one table (``table=`` chooses it, default the first).
- **XLSX**: a title-block sheet, then one sheet per table: German headers, numbers stored as
  numbers with their format (thousands separators, decimals, %, €), dates as dates, a frozen
  header row and fitted column widths.
- **PDF**: A4 (portrait or landscape per report) with a title block (Jobcenter, reference
  date, rule set or target agreement, time of creation), the charts as vector graphics,
  tables whose header repeats on every page and whose rows never split, no link styling.
"""

from __future__ import annotations

import csv
import io
import json

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lotse.core.charts import line_chart_svg
from lotse.core.spreadsheets import csv_text, text_cells_stay_text
from lotse.reports.model import Kind, Report, Table, plain
from lotse.reports.numbers import csv_cell, shown

FORMATS = ("pdf", "xlsx", "csv", "csv-exchange", "json")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "csv-exchange": "text/csv; charset=utf-8",
    "json": "application/json",
}
SUFFIX = {"pdf": "pdf", "xlsx": "xlsx", "csv": "csv", "csv-exchange": "csv", "json": "json"}
XLSX_FORMATS = {
    Kind.INT: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.FTE: "#,##0.00",
    Kind.PERCENT: '0.0" %"',
    Kind.MONEY: '#,##0.00" €"',
    Kind.DATE: "DD.MM.YYYY",
}


def created_text(report: Report) -> str:
    return report.created_at.strftime("%d.%m.%Y %H:%M") if report.created_at else "–"


def title_block(report: Report) -> list[tuple[str, str]]:
    return [
        (_("Jobcenter"), report.jobcenter or "–"),
        (_("Reference date"), report.as_of.strftime("%d.%m.%Y")),
        *report.meta,
        (_("Created"), created_text(report)),
    ]


def to_json(report: Report) -> str:
    data = {
        "report": report.name,
        "title": report.title,
        "as_of": report.as_of.isoformat(),
        "meta": dict(report.meta),
        "tables": {
            t.key: {
                "title": t.title,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind.value} for c in t.columns],
                "rows": [{k: plain(v) for k, v in row.items()} for row in t.records()],
            }
            for t in report.tables
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def to_csv(report: Report) -> bytes:
    """For German Excel: ``;``, decimal comma, BOM; each table under its title."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([report.title])
    for label, value in title_block(report):
        writer.writerow([label, csv_text(value)])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([_unit_header(c.label, c.kind) for c in table.columns])
        for row in table.rows:
            writer.writerow([csv_text(csv_cell(v, c.kind)) for v, c in zip(row, table.columns, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_exchange_csv(report: Report, table_key: str | None = None) -> bytes:
    """For a program: ``,``, decimal point, ISO dates, code names; one table."""
    table = report.table(table_key) if table_key else report.tables[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else csv_text(plain(v)) for v in row])
    return out.getvalue().encode("utf-8")


def _unit_header(label: str, kind: Kind) -> str:
    return {Kind.PERCENT: f"{label} (%)", Kind.MONEY: f"{label} (€)"}.get(kind, label)


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Tabelle"
    name, i = base, 2
    while name in used:
        name = f"{base[:28]} {i}"
        i += 1
    used.add(name)
    return name


def _fit(ws) -> None:
    for column in ws.columns:
        longest = max((len(shown(c.value, Kind.TEXT)) for c in column if c.value is not None), default=8)
        ws.column_dimensions[column[0].column_letter].width = max(10, min(60, longest + 2))


def to_xlsx(report: Report) -> bytes:
    wb = Workbook()
    cover = wb.active
    cover.title = _sheet_title(_("Report"), used := set())
    cover.append([report.title])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in title_block(report):
        cover.append([label, value])
    _fit(cover)
    for table in report.tables:
        ws = wb.create_sheet(_sheet_title(table.title, used))
        ws.append([_unit_header(c.label, c.kind) for c in table.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            ws.append([float(v) if hasattr(v, "is_finite") else v for v in row])  # Decimal → number
        for index, column in enumerate(table.columns, start=1):
            number_format = XLSX_FORMATS.get(column.kind)
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                if column.kind == Kind.NUMBER and isinstance(cell.value, int | float):
                    cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.0"
                elif number_format:
                    cell.number_format = number_format
        text_cells_stay_text(ws)
        ws.freeze_panes = "A2"
        _fit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(report: Report) -> bytes:
    from lotse.core.pdf import render_pdf

    return render_pdf("reports/report_pdf.html", pdf_context(report))


def pdf_context(report: Report) -> dict:
    return {
        "report": report,
        "title_block": title_block(report),
        "charts": [
            {"chart": c, "svg": mark_safe(line_chart_svg(c, width=900 if report.landscape else 640))}
            for c in report.charts
        ],
        "tables": [_shown_table(t) for t in report.tables],
    }


def _shown_table(table: Table) -> dict:
    numeric = [c.kind not in (Kind.TEXT, Kind.DATE) for c in table.columns]
    return {
        "table": table,
        "header": list(zip([c.label for c in table.columns], numeric, strict=True)),
        "rows": [
            [(shown(v, c.kind), n) for v, c, n in zip(row, table.columns, numeric, strict=True)]
            for row in table.rows
        ],
    }


def render(report: Report, fmt: str, table: str | None = None) -> bytes:
    if fmt == "pdf":
        return to_pdf(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "csv-exchange":
        return to_exchange_csv(report, table)
    if fmt == "json":
        return to_json(report).encode("utf-8")
    raise ValueError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")


def filename(report: Report, fmt: str) -> str:
    stem = report.file_stem or f"{report.name}-{report.as_of.isoformat()}"
    return f"{stem}-austausch.csv" if fmt == "csv-exchange" else f"{stem}.{SUFFIX[fmt]}"


def render_html_table(table: Table) -> str:
    """The same table for a page (German numbers), e.g. inside a report page."""
    return render_to_string("reports/_table.html", {"t": _shown_table(table)})
