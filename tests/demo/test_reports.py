"""Every report in every format (issue 21): the files are opened as a reader would open them
(pypdf for the PDF, openpyxl for the XLSX, ``csv`` with ``;`` for the CSV) and their figures
must equal the report's JSON, which in turn equals the JSON of the report's page. The PDFs
are rendered to PNG into ``test-artifacts/reports/`` for a look."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lotse.core.roles import Role
from lotse.reports.model import Kind
from lotse.reports.numbers import csv_cell, shown
from lotse.reports.registry import REPORTS

AGGREGATES = sorted(n for n, d in REPORTS.items() if not d.names_clients)
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "reports"
AS_OF = "2026-11-21"
QUERY = {"as_of": AS_OF}

# The page's own JSON and how its figures appear in the report's tables: (page URL,
# [(table, row index, column key, path into the page JSON)]).
PAGE_FIGURES = {
    "agreement-quota": (
        "/steering/agreements/",
        [
            ("jobcenter", 0, "clients", ["jobcenter", "clients"]),
            ("jobcenter", 0, "share_valid", ["jobcenter", "share_valid"]),
            ("teams", 0, "with_valid_agreement", ["teams", 0, "with_valid_agreement"]),
        ],
    ),
    "measure-effectiveness": (
        "/steering/measures/",
        [
            ("total", 0, "exits", ["total", "exits"]),
            ("total", 0, "share_after_6_months", ["total", "share_after_6_months"]),
            ("measures", 1, "share_at_end", ["measures", 1, "share_at_end"]),
            ("needs", 0, "total", ["needs", 0, "total"]),
        ],
    ),
    "municipal-services": (
        "/steering/municipal/",
        [
            ("budgets", 0, "used", ["budgets", 0, "used"]),
            ("budgets", 1, "left", ["budgets", 1, "left"]),
            ("cities", 0, "clients", ["cities", 0, "clients"]),
        ],
    ),
    "outreach": (
        "/outreach/",
        [
            ("total", 0, "visited", ["total", "visited"]),
            ("total", 0, "reachability_rate", ["total", "reachability_rate"]),
            ("months", 3, "met", ["months", 3, "met"]),
            ("districts", 0, "candidates", ["districts", 0, "candidates"]),
        ],
    ),
    "contact-density": (
        "/evaluation/contact-density/",
        [
            ("jobcenter", 0, "clients", ["jobcenter", "clients"]),
            ("jobcenter", 0, "share_3m", ["jobcenter", "share_3m"]),
        ],
    ),
    "mbz": (
        "/steering/mbz/",
        [
            ("targets", 0, "actual", ["targets", 0, "actual"]),
            ("targets", 1, "plan_to_date", ["targets", 1, "plan_to_date"]),
        ],
    ),
}


def _dig(data, path):
    for step in path:
        data = data[step]
    return data


@pytest.fixture
def controlling(demo, client, make_user):
    client.force_login(make_user(Role.CONTROLLING, "reports"))
    return client


def fetch(client, name: str, fmt: str, **extra) -> bytes:
    query = {**QUERY, "format": fmt, **extra}
    if name == "mbz":
        query["month"] = "2026-10"
    response = client.get(f"/reports/{name}/", query)
    assert response.status_code == 200, (name, fmt, response.status_code)
    return response.content


def report_json(client, name: str) -> dict:
    return json.loads(fetch(client, name, "json"))


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b or (a in ("", None) and b in ("", None))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 0.005
    return str(a) == str(b)


@pytest.mark.parametrize("name", sorted(PAGE_FIGURES))
def test_report_json_equals_the_page_json(controlling, name):
    url, checks = PAGE_FIGURES[name]
    page_query = {**QUERY, "format": "json"} | ({"month": "2026-10"} if name == "mbz" else {})
    page = controlling.get(url, page_query).json()
    data = report_json(controlling, name)
    for table, row, key, path in checks:
        assert close(data["tables"][table]["rows"][row][key], _dig(page, path)), (name, table, key)


@pytest.mark.parametrize("name", AGGREGATES)
def test_xlsx_holds_the_json_figures_as_numbers_with_german_headers(controlling, name):
    data = report_json(controlling, name)
    book = load_workbook(io.BytesIO(fetch(controlling, name, "xlsx")))
    sheets = book.worksheets[1:]  # the first sheet is the title block
    assert book.worksheets[0]["A1"].value == data["title"]
    assert len(sheets) == len(data["tables"])
    for sheet, (key, table) in zip(sheets, data["tables"].items(), strict=True):
        header = [c.value for c in sheet[1]]
        assert all("_" not in h for h in header), (name, key, header)  # German headers, no code names
        assert sheet.freeze_panes == "A2"
        for row_cells, row in zip(sheet.iter_rows(min_row=2), table["rows"], strict=True):
            for cell, column in zip(row_cells, table["columns"], strict=True):
                expected = row[column["key"]]
                if column["kind"] == "date":
                    assert cell.value.date().isoformat() == expected
                else:
                    assert close(cell.value, expected), (name, key, column["key"], cell.value, expected)
                if column["kind"] in ("int", "decimal", "percent", "money", "fte") and expected is not None:
                    assert isinstance(cell.value, int | float), (name, column["key"])  # a number, not text


@pytest.mark.parametrize("name", AGGREGATES)
def test_csv_for_german_excel_holds_the_json_figures(controlling, name):
    data = report_json(controlling, name)
    body = fetch(controlling, name, "csv")
    assert body.startswith("\ufeff".encode())  # UTF-8 with BOM: Excel reads the umlauts
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    for table in data["tables"].values():
        start = next(i for i, line in enumerate(lines) if line == [table["title"]])
        for offset, row in enumerate(table["rows"], start=start + 2):
            for cell, column in zip(lines[offset], table["columns"], strict=True):
                value = row[column["key"]]
                if column["kind"] == "date":
                    value = date.fromisoformat(value)
                expected = csv_cell(value, Kind(column["kind"]))
                assert cell.lstrip("'") == expected, (name, table["title"], column["key"])
                if column["kind"] in ("decimal", "percent", "money", "fte") and value is not None:
                    assert "." not in cell  # decimal comma, no thousands separator


@pytest.mark.parametrize("name", AGGREGATES)
def test_exchange_csv_is_for_programs(controlling, name):
    data = report_json(controlling, name)
    first_key, first = next(iter(data["tables"].items()))
    rows = list(csv.DictReader(io.StringIO(fetch(controlling, name, "csv-exchange").decode())))
    assert list(rows[0]) == [c["key"] for c in first["columns"]] if rows else True
    for got, row in zip(rows, first["rows"], strict=True):
        for column in first["columns"]:
            value = row[column["key"]]
            assert got[column["key"]] == ("" if value is None else str(value)), (name, first_key, column)


def _pdf_pages(body: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(body)).pages]


@pytest.mark.parametrize("name", AGGREGATES)
def test_pdf_shows_the_json_figures_in_german_and_splits_no_row(controlling, name):
    data = report_json(controlling, name)
    body = fetch(controlling, name, "pdf")
    pages = _pdf_pages(body)
    text = "\n".join(pages)
    assert data["title"] in pages[0] and "Stichtag" in pages[0] and "21.11.2026" in pages[0]
    assert "Erstellt" in pages[0]
    for table in data["tables"].values():
        for row in table["rows"][:40]:
            cells = []
            for column in table["columns"]:
                value = row[column["key"]]
                if column["kind"] == "date" and value:
                    value = date.fromisoformat(value)
                cells.append(shown(value, Kind(column["kind"])))
            numbers = [
                c
                for c, col in zip(cells, table["columns"], strict=True)
                if col["kind"] != "text" and c != "–"
            ]
            # every figure of the row is printed as a German number ...
            for figure in numbers:
                assert figure in text, (name, table["title"], figure)
            # ... and a row never splits: its figures all stand on one page
            if numbers:
                assert any(all(f in page for f in numbers) for page in pages), (name, table["title"], cells)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(body)
    assert shutil.which("pdftoppm"), "poppler-utils is missing (scripts/test.sh installs it)"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)], check=True)
    assert list(ARTIFACTS.glob(f"{name}-*.png"))


def test_chart_axes_carry_german_numbers(controlling):
    """The MBZ charts: the long-term stock axis counts in thousands with a dot, the rate axis
    in per cent with a space; the plan line is labelled."""
    text = "\n".join(_pdf_pages(fetch(controlling, "mbz", "pdf")))
    assert "1.000" in text and "Plan bis dato:" in text
    assert "20 %" in text.replace("\u00a0", " ")
    assert "1000\n" not in text


def test_downloads_are_for_the_readers_of_the_page(demo, client, make_user):
    client.force_login(make_user(Role.CASEWORKER, "no-reports"))
    assert client.get("/reports/mbz/", {"format": "pdf"}).status_code == 404
    assert client.get("/reports/unknown/", {"format": "pdf"}).status_code == 404


def test_the_command_writes_the_same_file(demo, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "quota.xlsx"
    call_command("report", "agreement-quota", "--format", "xlsx", "--as-of", AS_OF, "--output", str(out))
    sheet = load_workbook(out).worksheets[2]
    assert sheet["A1"].value == "Team" and isinstance(sheet["B2"].value, int)


def test_pages_group_thousands_as_german_readers_expect(controlling):
    """1,500 clients read "1.500" on the pages too, not "1500"."""
    for url in ("/steering/agreements/", "/evaluation/contact-density/"):
        html = controlling.get(url, QUERY).content.decode()
        assert ">1.500<" in html, url
        assert ">1500<" not in html, url


def test_the_handovers_report_is_the_team_leads_and_audits_every_client(demo, client, make_user):
    from lotse.core.models import AuditEvent
    from lotse.organisation.models import Staff
    from lotse.routing.models import Handover

    lead_staff = Staff.objects.filter(role="team_lead").order_by("pk").first()
    user = make_user(Role.TEAM_LEAD, "lead-reports")
    Staff.objects.filter(pk=lead_staff.pk).update(user=user)
    client.force_login(user)
    data = json.loads(
        client.get("/reports/handovers/", {**QUERY, "from": "2025-01-01", "format": "json"}).content
    )
    rows = data["tables"]["handovers"]["rows"]
    expected = Handover.objects.filter(
        effective_date__gte=date(2025, 1, 1), effective_date__lte=date(2026, 11, 21)
    ).filter(to_team=lead_staff.team) | Handover.objects.filter(
        effective_date__gte=date(2025, 1, 1),
        effective_date__lte=date(2026, 11, 21),
        from_team=lead_staff.team,
    )
    assert len(rows) == expected.count() > 0
    exported = set(
        AuditEvent.objects.filter(what="report handovers", user=user).values_list("person_ref", flat=True)
    )
    assert {r["client_id"] for r in rows} <= exported
    book = load_workbook(io.BytesIO(client.get("/reports/handovers/", {**QUERY, "format": "xlsx"}).content))
    header = [c.value for c in book.worksheets[1][1]]
    assert header[:3] == ["Wirksam ab", "Kundennummer", "Kund:in"] and header[3:5] == ["Von", "An"]
    client.force_login(make_user(Role.CONTROLLING, "no-handovers"))
    assert client.get("/reports/handovers/", {"format": "pdf"}).status_code == 404


def test_the_art_15_report_lists_every_access_in_every_format(demo, client, make_user):
    from lotse.clients.models import Person
    from lotse.trust.selectors import accesses_to

    person = Person.objects.order_by("pk").first()
    client.force_login(make_user(Role.DATA_PROTECTION, "dpo-reports"))
    before = accesses_to(person).count()
    data = json.loads(
        client.get("/reports/access-report/", {"person": person.external_id, "format": "json"}).content
    )
    assert len(data["tables"]["accesses"]["rows"]) == before
    assert data["meta"]["Kundennummer"] == person.external_id
    pdf = client.get("/reports/access-report/", {"person": person.external_id, "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Disposition"].endswith(
        f'auskunft-{person.external_id}.pdf"'
    )
    assert client.get("/reports/access-report/", {"format": "json"}).status_code == 400  # no person given
