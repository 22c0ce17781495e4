"""The monthly 1/3/6 evaluation: hand-checked on the small data set, and on the demo
equal to an independent computation from the exported CSV files."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lotse.evaluation.contact_density import evaluate_contact_density, month_ends
from tests.routing.test_engine import route

DAY = date(2026, 11, 21)


@pytest.mark.django_db
def test_small_data_hand_checked(small_data):
    route(DAY)
    ev = evaluate_contact_density(DAY, series_months=3)
    # Active on 21.11.2026: P1 (last held contact 10.03., the 20.10. was missed),
    # P3 (video 01.10.), P4 (a letter only: does not count in Darmstadt 2017).
    assert ev.rule_set == "Darmstadt 2017"
    assert ev.total.clients == 3
    assert ev.total.within == {1: 0, 3: 1, 6: 1}  # only P3, 51 days ago
    # own rules (Darmstadt 2017, every rule that applies must hold): P3 only; P4's justified
    # deviation (6 months, from 01.01.2026) is counted separately and does not help a letter
    assert (ev.total.compliant, ev.total.deviations) == (1, 1)
    data = ev.as_json()["jobcenter"]
    assert (data["share_1m"], data["share_3m"], data["share_6m"]) == (0.0, 33.3, 33.3)
    by_district = {g.key: g.counts.clients for g in ev.groups if g.dimension == "district"}
    assert by_district == {"D1": 2, "D2": 1}
    # segments are named by the routing rule that decided them, in words, not by its code
    by_segment = {g.key: g.label for g in ev.groups if g.dimension == "segment"}
    assert by_segment["applicant_service"] == "Alle anderen → Bewerber-Service (Ü25)"
    assert [d.isoformat() for d, _ in ev.series] == ["2026-09-30", "2026-10-31", "2026-11-21"]
    march = evaluate_contact_density(date(2026, 3, 31), by=(), series_months=1)
    assert march.total.within == {1: 1, 3: 1, 6: 1}  # P1 on 10.03. (phone counts)


def test_month_ends():
    assert month_ends(date(2026, 11, 21), 3) == [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 21)]
    assert month_ends(date(2026, 3, 31), 2) == [date(2026, 2, 28), date(2026, 3, 31)]


@pytest.mark.django_db
def test_evaluation_page_for_controlling_with_chart_and_downloads(client, make_user, small_data):
    from lotse.core.roles import Role

    route(DAY)
    client.force_login(make_user(Role.CONTROLLING))
    html = client.get(
        "/evaluation/contact-density/", {"as_of": DAY.isoformat(), "by": "district"}
    ).content.decode()
    assert "33.3 %" in html or "33,3 %" in html
    assert "unter dem Richtwert" in html and "<svg" in html and "Nordstadt" in html
    data = client.get("/evaluation/contact-density/", {"as_of": DAY.isoformat(), "format": "json"}).json()
    assert data["jobcenter"]["share_3m"] == 33.3
    assert client.get("/evaluation/contact-density/", {"format": "csv"})["Content-Type"].startswith(
        "text/csv"
    )
    client.force_login(make_user(Role.CASEWORKER, "cw"))
    assert client.get("/evaluation/contact-density/").status_code == 404


def test_chart_coordinates_are_not_localised_but_its_labels_are():
    """German formatting would print "34,0" into a coordinate, which SVG cannot read (the
    chart broke once); the axis and guide labels are German ("80 %"), every line has its
    own colour and dash pattern as attributes, so it survives print and greyscale."""
    import re

    from django.utils import translation

    from lotse.core.charts import STYLES, line_chart_svg
    from lotse.evaluation.charts import share_chart

    with translation.override("de"):
        chart = share_chart(
            [("10/26", {1: 41.6, 3: 75.3, 6: 89.2}), ("11/26", {1: 42.0, 3: 76.0, 6: 90.0})],
            {1: 45.0, 3: 80.0, 6: 95.0},
        )
        svg = line_chart_svg(chart)
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|cx|cy)="([^"]*)"', svg)
    assert len(coordinates) >= 12
    assert all("," not in c for c in coordinates), coordinates
    assert "80\u00a0%" in svg and "3 Mon.: 80 %" in svg
    for colour, dash, _shape in STYLES[:3]:
        assert f'stroke="{colour}"' in svg and (not dash or f'stroke-dasharray="{dash}"' in svg)


def test_axis_numbers_are_german_for_large_counts():
    from lotse.core.charts import Chart, Series, line_chart_svg

    svg = line_chart_svg(
        Chart("Kosten", ["01/26", "02/26"], [Series("K1", [15_076_845, 14_000_000])], unit="€")
    )
    assert "15.000.000\u00a0€" in svg and "20.000.000\u00a0€" in svg and "15076845" not in svg


@pytest.mark.django_db
def test_xlsx_holds_numbers_and_pdf_the_german_text(client, make_user, small_data, tmp_path):
    from io import BytesIO

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from lotse.core.roles import Role

    route(DAY)
    client.force_login(make_user(Role.CONTROLLING))
    url = "/evaluation/contact-density/"
    xlsx = client.get(url, {"as_of": DAY.isoformat(), "by": "district", "format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="kontaktdichte-2026-11-21.xlsx"'
    wb = load_workbook(BytesIO(xlsx.content))
    jobcenter = [row for row in wb["Jobcenter"].iter_rows(values_only=True) if row and row[0] == "Jobcenter"]
    # numbers as numbers; then own rules: only P3 (video on 01.10.) meets Darmstadt 2017's
    # six months, and P4's justified deviation is counted separately
    assert jobcenter[0][1:] == (3, 0, 0.0, 1, 33.3, 1, 33.3, 1, 33.3, 1)
    breakdown = {row[1]: row[3] for row in wb["Aufschlüsselung"].iter_rows(min_row=2, values_only=True)}
    assert breakdown == {"D1": 2, "D2": 1}
    assert wb["Aufschlüsselung"]["F2"].number_format == '0.0" %"'

    pdf = client.get(url, {"as_of": DAY.isoformat(), "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "Kontaktdichte" in text and "unter dem Richtwert" in text and "33,3 %" in text

    out = StringIO()
    target = tmp_path / "kd.xlsx"
    call_command(
        "evaluate",
        "contact-density",
        "--as-of",
        DAY.isoformat(),
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=out,
    )
    assert load_workbook(target)["Reihe"].max_row == 25  # header + 24 month ends
    call_command(
        "evaluate",
        "contact-density",
        "--as-of",
        DAY.isoformat(),
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "kd.pdf"),
        stdout=out,
    )
    assert "Kontaktdichte" in PdfReader(tmp_path / "kd.pdf").pages[0].extract_text()


@pytest.mark.django_db
def test_the_guide_values_are_those_of_the_rule_set_valid_then(small_data):
    """Darmstadt's 45 / 80 / 95 % are part of its rule set; a new version with other guide
    values changes the reports from its valid-from date, earlier dates keep theirs."""
    import yaml
    from django.core.management import call_command

    from lotse.contacts.rulesets import contact_rule_set_import, load_preset

    before = evaluate_contact_density(date(2026, 10, 31), by=(), series_months=1)
    assert before.guide == {1: 45.0, 3: 80.0, 6: 95.0}
    assert before.as_json()["guide_values"] == {"share_1m": 45.0, "share_3m": 80.0, "share_6m": 95.0}
    own = load_preset("darmstadt_2017") | {"name": "Eigene Richtwerte", "valid_from": "2026-11-01"}
    contact_rule_set_import(document=own | {"guide_values": {6: 90}})
    assert evaluate_contact_density(date(2026, 11, 21), by=(), series_months=1).guide == {6: 90.0}
    assert evaluate_contact_density(date(2026, 10, 31), by=(), series_months=1).guide[6] == 95.0
    out = StringIO()
    call_command("rules", "export", "--kind", "contact_density", "--as-of", "2026-11-21", stdout=out)
    assert yaml.safe_load(out.getvalue())["guide_values"] == {6: 90}
