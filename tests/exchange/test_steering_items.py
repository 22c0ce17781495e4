"""Agreements, needs, feedback and addresses in the exchange format (issue 19): exported,
imported into an empty database, exported again byte for byte; a bad row is named and
nothing is written."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from lotse.agreements.models import Agreement
from lotse.agreements.services import agreement_conclude
from lotse.clients.models import Address, Person
from lotse.exchange.exporter import export
from lotse.exchange.services import exchange_import
from lotse.measures.models import Feedback, Need
from lotse.measures.services import feedback_record, need_record
from lotse.organisation.models import Staff
from tests.conftest import SMALL, empty_domain_tables


def _snapshot() -> dict[str, list[tuple]]:
    return {
        "addresses": sorted(
            Address.objects.values_list(
                "person__external_id",
                "street",
                "house_number",
                "postal_code",
                "city",
                "care_of",
                "valid_from",
            )
        ),
        "agreements": sorted(
            Agreement.objects.values_list(
                "external_id",
                "person__external_id",
                "kind",
                "concluded_on",
                "review_due",
                "potential_analysis_on",
                "at_first_contact",
                "note",
            )
        ),
        "needs": sorted(
            Need.objects.values_list(
                "person__external_id",
                "kind",
                "recorded_on",
                "resolved_on",
                "note",
                "staff__external_id",
                "u25",
            ),
            key=str,
        ),
        "feedback": sorted(
            Feedback.objects.values_list(
                "person__external_id", "source", "source_name", "received_on", "text", "staff__external_id"
            )
        ),
    }


@pytest.mark.django_db
def test_export_then_import_reproduces_addresses_agreements_needs_and_feedback(small_data, tmp_path):
    p1, p3 = Person.objects.get(external_id="P1"), Person.objects.get(external_id="P3")
    s1 = Staff.objects.get(external_id="S1")
    agreement_conclude(
        person=p1,
        kind="cooperation_plan",
        concluded_on=date(2026, 10, 1),
        potential_analysis_on=date(2026, 9, 15),
        note='Bewerbungen, 5 je Monat; "Kita" klären',
    )
    need_record(person=p1, kind="childcare", recorded_on=date(2026, 10, 1), note="Kita ab 8 Uhr", staff=s1)
    need_record(person=p3, kind="debt", recorded_on=date(2026, 6, 1))
    feedback_record(
        person=p1,
        source="employer",
        source_name="Bäckerei Schmidt, Inh. Ö. Yılmaz",
        received_on=date(2026, 11, 10),
        text="Zuverlässig.\nGerne weiter, ab 1.1. in Vollzeit.",
        staff=s1,
    )
    before = _snapshot()
    assert all(before.values()), before
    first = tmp_path / "first"
    export(first)
    assert (first / "agreements.csv").read_text().splitlines()[0] == (
        "agreement_id,person_id,kind,concluded_on,review_due,potential_analysis_on,at_first_contact,note"
    )
    empty_domain_tables()
    assert not Need.objects.exists() and not Address.objects.exists()
    result = exchange_import(folder=first)
    assert result.ok, result.errors
    assert _snapshot() == before
    second = tmp_path / "second"
    export(second)
    for name in ("addresses.csv", "agreements.csv", "needs.csv", "feedback.csv"):
        assert (first / name).read_text() == (second / name).read_text(), name


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "import"
    shutil.copytree(SMALL, target)
    return target


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        (
            "agreements.csv",
            "agreement_id,person_id,kind,concluded_on,review_due,potential_analysis_on,at_first_contact,note\n"
            "A1,P1,egv,2026-10-01,2026-09-01,,,\n",
            "agreements.csv:2: review_due: 2026-09-01 is before concluded_on",
        ),
        (
            "agreements.csv",
            "agreement_id,person_id,kind,concluded_on,review_due,potential_analysis_on,at_first_contact,note\n"
            "A1,P1,contract,2026-10-01,2027-04-01,,,\n",
            "agreements.csv:2: kind:",
        ),
        (
            "needs.csv",
            "person_id,kind,recorded_on,resolved_on,note,staff_id\nP99,debt,2026-10-01,,,\n",
            "needs.csv:2: person_id:",
        ),
        (
            "feedback.csv",
            "person_id,source,source_name,received_on,text,staff_id\nP1,employer,Bäckerei,2026-10-01,,\n",
            "feedback.csv:2: text:",
        ),
        (
            "addresses.csv",
            "person_id,street,house_number,postal_code,city,care_of,valid_from,valid_to\n"
            "P1,Lindenstraße,12,6428,Darmstadt,,2020-01-01,\n",
            "addresses.csv:2: postal_code:",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(folder, name, text, error):
    (folder / name).write_text(text, encoding="utf-8")
    result = exchange_import(folder=folder)
    assert not result.ok and Person.objects.count() == 0
    messages = [str(e) for e in result.errors]
    assert any(m.startswith(error) for m in messages), messages
