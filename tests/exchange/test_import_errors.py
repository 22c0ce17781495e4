"""Import errors an operator can act on: one precise ``file:line: column: reason`` per fault,
no follow-on errors in other files, a limit per file, and nothing written (issue 17, item 10)."""

from __future__ import annotations

import shutil

import pytest

from lotse.clients.models import Person
from lotse.exchange.reader import ERRORS_PER_FILE
from lotse.exchange.services import exchange_import
from tests.conftest import SMALL


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "import"
    shutil.copytree(SMALL, target)
    return target


def lines_of(folder, name: str) -> list[str]:
    return (folder / name).read_text(encoding="utf-8").splitlines(keepends=True)


def errors_of(folder) -> list[str]:
    result = exchange_import(folder=folder)
    assert not result.ok
    assert Person.objects.count() == 0  # all or nothing
    return [str(e) for e in result.errors]


@pytest.mark.django_db
def test_a_nul_character_names_its_line_and_column(folder):
    lines = lines_of(folder, "persons.csv")
    lines[2] = lines[2].replace("Lena", "Le\x00na")
    (folder / "persons.csv").write_text("".join(lines), encoding="utf-8")
    assert errors_of(folder) == [
        "persons.csv:3: given_name: contains a NUL character (is the file binary or UTF-16?)"
    ]


@pytest.mark.django_db
def test_a_value_longer_than_its_column_is_refused_when_read(folder):
    lines = lines_of(folder, "persons.csv")
    lines[1] = lines[1].replace("Müller", "M" * 201)
    (folder / "persons.csv").write_text("".join(lines), encoding="utf-8")
    assert errors_of(folder) == ["persons.csv:2: family_name: is 201 characters long; at most 200 fit"]


@pytest.mark.django_db
def test_an_unclosed_quote_is_one_error_from_the_line_where_it_opens(folder):
    lines = lines_of(folder, "persons.csv")
    lines[2] = lines[2].replace("Lena", '"Lena')
    (folder / "persons.csv").write_text("".join(lines), encoding="utf-8")
    assert errors_of(folder) == ["persons.csv:3: -: unclosed quote starting at line 3"]


@pytest.mark.django_db
def test_a_windows_1252_file_names_the_line_of_the_bad_byte_and_says_what_to_do(folder):
    text = (folder / "persons.csv").read_text(encoding="utf-8").replace("Yılmaz", "Yilmaz")
    (folder / "persons.csv").write_bytes(text.encode("cp1252"))
    (error,) = errors_of(folder)
    assert error.startswith("persons.csv:2: -: is not UTF-8: byte 0xFC at position 5 of the line")
    assert "'P1,Müller,Anna" in error and "save the file as UTF-8" in error


@pytest.mark.django_db
def test_a_semicolon_separated_file_gets_the_hint(folder):
    text = (folder / "teams.csv").read_text(encoding="utf-8")
    (folder / "teams.csv").write_text(text.replace(",", ";"), encoding="utf-8")
    assert errors_of(folder) == [
        "teams.csv:1: -: the file is separated by semicolons; expected commas "
        "(Excel: save as 'CSV UTF-8 (comma delimited)')"
    ]


@pytest.mark.django_db
def test_a_truncated_file_says_it_is_cut_off(folder):
    text = (folder / "contacts.csv").read_text(encoding="utf-8").rstrip("\n")
    (folder / "contacts.csv").write_text(text[: text.rindex(",")], encoding="utf-8")
    assert errors_of(folder) == [
        "contacts.csv:6: -: has 5 cells, the header has 6; "
        "the last line is incomplete: the file appears to be cut off"
    ]


@pytest.mark.django_db
def test_the_error_list_stops_after_the_limit_per_file_with_the_count_of_the_rest(folder):
    header = "person_id,family_name,given_name,birth_date,sex,district_id\n"
    rows = "".join(f"X{n},Name,Vorname,1990-02-30,f,D1\n" for n in range(ERRORS_PER_FILE + 150))
    (folder / "persons.csv").write_text(header + rows, encoding="utf-8")
    errors = errors_of(folder)
    persons = [e for e in errors if e.startswith("persons.csv")]
    assert len(persons) == ERRORS_PER_FILE + 1
    assert persons[0].startswith("persons.csv:2: birth_date:")
    assert persons[-1] == f"persons.csv: 150 more errors not shown (first {ERRORS_PER_FILE} above)"
