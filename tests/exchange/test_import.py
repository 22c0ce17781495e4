"""The import is all or nothing, and every bad row gets one precise message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lotse.clients.models import BenefitPeriod, HouseholdMember, Person, PersonAttribute
from lotse.contacts.models import Contact, Deviation
from lotse.exchange.exporter import export
from lotse.exchange.services import exchange_import
from lotse.organisation.models import District, DistrictFigures, Office, Qualification, Staff, Team
from tests.conftest import SMALL, empty_domain_tables

ALL_MODELS = (
    Contact,
    Deviation,
    District,
    DistrictFigures,
    Office,
    Team,
    Staff,
    Qualification,
    Person,
    HouseholdMember,
    BenefitPeriod,
    PersonAttribute,
)

# file -> (bad row appended at the end, expected "column: reason")
BAD_ROWS = {
    "districts.csv": ("D3,Westend,abc,5.0,Musterstadt", "population: 'abc' is not a whole number"),
    "district_figures.csv": (
        "D9,2026,100,3.0",
        "district_id: 'D9' is not in districts.csv nor in the database",
    ),
    "offices.csv": ("O3,Filiale,D1,yes", "is_local_office: 'yes' must be true or false"),
    "teams.csv": ("T4,Team X,u25,O9", "office_id: 'O9' is not in offices.csv nor in the database"),
    "staff.csv": (
        "S5,Neu,Nora,T1,1.5,false,,,,2024-01-01,,caseworker,permanent",
        "fte: 1.5 is outside 0.01–1",
    ),
    "qualifications.csv": (
        "S1,yoga,2021-01-01",
        "kind: 'yoga' is not a qualification of the catalogue (basic_sgb2, case_management_certificate, "
        "counselling_concept, data_protection_refresher, measure_supervision, peer_consultation)",
    ),
    "persons.csv": (
        "P6,Neu,Nina,2026-02-30,f,D1",
        "birth_date: '2026-02-30' is not a date of the form YYYY-MM-DD",
    ),
    "household_members.csv": (
        "H3,P5,adult,,2024-01-01,2023-01-01",
        "moved_out: 2023-01-01 is not after moved_in 2024-01-01",
    ),
    "benefit_periods.csv": ("P9,2024-01-01,", "person_id: 'P9' is not in persons.csv nor in the database"),
    "attributes.csv": (
        "P1,status,retired,2020-01-01,",
        "value: 'retired' is not allowed for status (unemployed, job_seeking, "
        "employed, in_measure, not_activated)",
    ),
    "contacts.csv": (
        "K9,P1,S1,2026-05-01,fax,true",
        "channel: 'fax' is not one of in_person, phone, video, home_visit, letter, email, group",
    ),
    "deviations.csv": (
        "P1,3,Pflege,2026-05-01,2026-04-01",
        "valid_to: 2026-04-01 is before valid_from 2026-05-01",
    ),
}


def copy_small(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(SMALL, folder)
    return folder


def append(path: Path, line: str) -> int:
    """Append a row; return its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


@pytest.mark.django_db
def test_small_folder_imports_completely(small_data):
    assert small_data.counts["persons.csv"] == 5
    assert small_data.counts["household_members.csv"] == 4
    assert small_data.counts["contacts.csv"] == 5 and small_data.counts["deviations.csv"] == 1
    s1 = Staff.objects.get(external_id="S1")
    assert sorted(s1.districts.values_list("external_id", flat=True)) == ["D1", "D2"]
    assert list(s1.specialisations.values_list("code", flat=True)) == ["single_parents"]
    assert District.objects.get(external_id="D1").city.name == "Musterstadt"
    assert Person.objects.get(external_id="P4").given_name == "Deniz"


@pytest.mark.django_db
def test_one_bad_row_in_each_file_writes_nothing_and_names_each_row(tmp_path):
    folder = copy_small(tmp_path)
    expected = []
    for name, (row, message) in BAD_ROWS.items():
        line = append(folder / name, row)
        expected.append(f"{name}:{line}: {message}")
    before = row_counts()

    result = exchange_import(folder=folder)

    assert sorted(str(e) for e in result.errors) == sorted(expected)
    assert row_counts() == before == dict.fromkeys(before, 0)


@pytest.mark.django_db
def test_import_command_exits_non_zero_and_prints_every_error(tmp_path, capsys):
    folder = copy_small(tmp_path)
    for name, (row, _message) in BAD_ROWS.items():
        append(folder / name, row)
    with pytest.raises(CommandError) as failure:
        call_command("import", str(folder))
    assert failure.value.returncode == 2
    printed = capsys.readouterr().err.strip().splitlines()
    assert len(printed) == len(BAD_ROWS) == 12
    assert Person.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "persons.csv",
            "person_id,family_name,given_name,birth_date,sex,district_id,nickname\n",
            "persons.csv:1: nickname: unknown column",
        ),
        (
            "persons.csv",
            "person_id,family_name,birth_date,sex,district_id\n",
            "persons.csv:1: given_name: required column is missing",
        ),
        (
            "deviations.csv",
            "person_id,interval_months,reason,valid_from\n",
            "deviations.csv:1: valid_to: required column is missing",
        ),
        ("person.csv", "x\n", "person.csv:0: -: unknown file (see docs/exchange-format.md)"),
    ],
    ids=["unknown column", "missing column", "missing column (deviations)", "typo in file name"],
)
def test_file_level_errors(tmp_path, name, content, message):
    folder = copy_small(tmp_path)
    (folder / name).write_text(content, encoding="utf-8")
    result = exchange_import(folder=folder)
    assert [str(e) for e in result.errors] == [message]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_person_in_two_households_at_once_is_refused(tmp_path):
    folder = copy_small(tmp_path)
    line = append(folder / "household_members.csv", "H9,P2,child,false,2020-01-01,")
    result = exchange_import(folder=folder)
    assert [str(e) for e in result.errors] == [
        f"household_members.csv:{line}: moved_in: person 'P2' would live in households 'H1' and "
        f"'H9' at the same time (see line 3)"
    ]


@pytest.mark.django_db
def test_duplicate_ids_in_file_and_database(tmp_path, small_data):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "persons.csv").write_text(
        "person_id,family_name,given_name,birth_date,sex,district_id\n"
        "P1,Doppelt,Dora,1980-01-01,f,D1\n"
        "P7,Neu,Nils,1980-01-01,m,D1\n"
        "P7,Neu,Nils,1980-01-01,m,D1\n",
        encoding="utf-8",
    )
    result = exchange_import(folder=folder)
    assert sorted(str(e) for e in result.errors) == [
        "persons.csv:2: person_id: 'P1' exists already in the database",
        "persons.csv:4: person_id: 'P7' appears again (first on line 3)",
    ]


@pytest.mark.django_db
def test_references_may_point_into_the_database(tmp_path, small_data):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "benefit_periods.csv").write_text(
        "person_id,valid_from,valid_to\nP5,2026-02-01,\n", encoding="utf-8"
    )
    assert exchange_import(folder=folder).ok
    assert BenefitPeriod.objects.filter(person__external_id="P5").count() == 2


@pytest.mark.django_db
def test_bom_and_blank_lines_are_accepted(tmp_path):
    folder = tmp_path / "bom"
    folder.mkdir()
    (folder / "districts.csv").write_bytes(
        "\ufeffdistrict_id,name,population,unemployment_rate\nD1,Nordstadt,,\n\n".encode()
    )
    assert exchange_import(folder=folder).ok
    assert District.objects.get().population is None


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_reproduces_the_data(tmp_path, small_data):
    first = tmp_path / "first"
    export(first)
    empty_domain_tables()
    assert exchange_import(folder=first).ok
    second = tmp_path / "second"
    export(second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_text() == (second / name).read_text(), name
    assert "H1,P2,child,false,2015-01-01," in (first / "household_members.csv").read_text()


@pytest.mark.django_db
def test_contacts_recorded_in_lotse_are_exported_with_a_lotse_id(small_data, tmp_path):
    from datetime import date

    from lotse.clients.models import Person
    from lotse.contacts.services import contact_record
    from lotse.exchange.exporter import export

    recorded = contact_record(
        person=Person.objects.get(external_id="P1"),
        staff=None,
        day=date(2026, 11, 2),
        channel="phone",
        held=True,
    )
    export(tmp_path)
    rows = (tmp_path / "contacts.csv").read_text().splitlines()
    assert f"lotse-{recorded.pk},P1,,2026-11-02,phone,true," in rows
