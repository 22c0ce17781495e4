"""Partners, cooperations and working groups in the exchange format (issue 24): exported,
imported into an empty database and exported again byte for byte; a bad row is named and
nothing is written."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from lotse.clients.models import Person
from lotse.exchange.exporter import export
from lotse.exchange.services import exchange_import
from lotse.measures.services import feedback_record
from lotse.network import services
from lotse.network.models import Cooperation, Partner, WorkingGroup
from lotse.organisation.models import District, Staff
from tests.conftest import SMALL, empty_domain_tables

FILES = ("partners.csv", "cooperations.csv", "working_groups.csv", "feedback.csv")


def test_export_then_import_reproduces_partners_cooperations_and_groups(small_data, tmp_path):
    s1, s4 = Staff.objects.get(external_id="S1"), Staff.objects.get(external_id="S4")
    kita = Partner.objects.create(
        external_id="N1", name="Kita St. Marien", kind="childcare", carrier="church", responsible=s1,
        street="Kirchplatz 3", postal_code="64283", city="Darmstadt", phone="06151 12345",
    )  # fmt: skip
    kita.districts.set(District.objects.all())
    Cooperation.objects.create(
        external_id="K1", partner=kita, kind="agreement", subject="Randzeitenbetreuung", status="in_force",
        concluded_on=date(2025, 3, 1), valid_from=date(2025, 4, 1), review_due=date(2027, 3, 31), owner=s4,
    )  # fmt: skip
    services.group_create(
        name="Arbeitskreis Alleinerziehende", cadence="biweekly", first_meeting=date(2026, 1, 7), chair=s4,
        members=[s1, s4], room="2.14",
    )  # fmt: skip
    feedback_record(
        person=Person.objects.get(external_id="P1"), source="network_partner", source_name="", partner=kita,
        received_on=date(2026, 11, 2), text="Platz ab Januar frei.",
    )  # fmt: skip
    first = tmp_path / "first"
    export(first)
    empty_domain_tables()
    assert not Partner.objects.exists()
    result = exchange_import(folder=first)
    assert result.ok, result.errors
    group = WorkingGroup.objects.get()
    assert (
        sorted(group.members.values_list("external_id", flat=True)) == ["S1", "S4"]
        and group.chair.external_id == "S4"
    )
    assert Partner.objects.get().districts.count() == 2
    second = tmp_path / "second"
    export(second)
    for name in FILES:
        assert (first / name).read_text() == (second / name).read_text(), name
    assert ",N1" in (first / "feedback.csv").read_text()


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "import"
    shutil.copytree(SMALL, target)
    return target


PARTNERS = "partner_id,name,kind,carrier,districts,responsible_staff_id,street,postal_code,city,phone,email\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("partners.csv", PARTNERS + "N1,Kita,kindergarten,,D1,,,,,,\n", "partners.csv:2: kind:"),
        ("partners.csv", PARTNERS + "N1,Kita,childcare,,D9,,,,,,\n", "partners.csv:2: districts:"),
        (
            "cooperations.csv",
            "cooperation_id,partner_id,kind,subject,status,concluded_on,valid_from,valid_to,review_due,owner_staff_id\n"
            "K1,N7,agreement,Betreuung,in_force,,2025-01-01,,,\n",
            "cooperations.csv:2: partner_id:",
        ),
        (
            "working_groups.csv",
            "group_id,name,cadence,first_meeting,room,chair_staff_id,members\nG1,AK,weekly,2026-01-07,,,S1\n",
            "working_groups.csv:2: cadence:",
        ),
        (
            "working_groups.csv",
            "group_id,name,cadence,first_meeting,room,chair_staff_id,members\nG1,AK,monthly,2026-01-07,,,S1;S99\n",
            "working_groups.csv:2: members:",
        ),
    ],
)
def test_a_bad_network_row_is_named_and_nothing_is_written(folder, name, text, error):
    (folder / name).write_text(text, encoding="utf-8")
    result = exchange_import(folder=folder)
    assert not result.ok and Person.objects.count() == 0 and not Partner.objects.exists()
    messages = [str(e) for e in result.errors]
    assert any(m.startswith(error) for m in messages), messages
