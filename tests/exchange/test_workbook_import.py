"""The exchange format as an XLSX workbook (issue 21): one sheet per file, the same checks as
the CSV folder, errors naming workbook, sheet, row and column, and nothing half-written."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from lotse.clients.models import Person
from lotse.exchange.exporter import workbook_of_folder
from lotse.exchange.services import exchange_import
from tests.conftest import SMALL


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "jobcenter.xlsx"
    workbook_of_folder(SMALL, path)
    return path


@pytest.mark.django_db
def test_the_small_data_imports_from_a_workbook_as_from_the_folder(workbook):
    book = load_workbook(workbook)
    assert "persons" in book.sheetnames
    persons = book["persons"]
    assert persons["D1"].value == "birth_date" and persons["D2"].value.date() == date(1990, 6, 15)
    result = exchange_import(folder=workbook)
    assert result.ok, [str(e) for e in result.errors]
    assert set(Person.objects.values_list("external_id", flat=True)) >= {"P1", "P2", "P3", "P4", "P5"}


@pytest.mark.django_db
def test_a_bad_cell_is_named_by_workbook_sheet_row_and_column_and_nothing_is_written(workbook):
    book = load_workbook(workbook)
    sheet = book["persons"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("birth_date") + 1, value="31.02.1990")
    book.create_sheet("notes")  # a sheet that is no exchange file
    book.save(workbook)
    result = exchange_import(folder=workbook)
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert any(m.startswith("jobcenter.xlsx:persons:3: birth_date: ") for m in messages), messages
    assert any(m.startswith("jobcenter.xlsx:notes:") and "unknown sheet" in m for m in messages), messages
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("person_id,family_name\n")
    result = exchange_import(folder=path)
    assert [str(e) for e in result.errors] == ["fake.xlsx:0: -: is not an XLSX workbook (BadZipFile)"]
