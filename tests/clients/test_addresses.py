"""Addresses with history (issue 19): one address at a time, in the import, on the record and
through the services; a move ends the old address the day before."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lotse.clients.models import Address
from lotse.core.roles import Role
from lotse.exchange.services import import_records
from tests.factories import rows


@pytest.mark.django_db
def test_the_import_refuses_two_addresses_at_the_same_time(small_data):
    before = Address.objects.count()
    result = import_records(
        files={
            "persons.csv": rows("persons.csv", ("P40", "Neu", "Nina", "1990-01-01", "f", "D1")),
            "addresses.csv": rows(
                "addresses.csv",
                ("P40", "Ringstraße", "1", "58099", "Musterstadt", "", "2020-01-01", ""),
                ("P40", "Hauptstraße", "2", "58099", "Musterstadt", "", "2023-01-01", ""),
                ("P1", "Neuer Weg", "9", "58095", "Musterstadt", "", "2020-01-01", ""),
                ("P4", "Am Markt", "7", "5809", "Musterstadt", "", "2026-01-01", ""),
            ),
        }
    )
    assert [str(e) for e in result.errors] == [
        "addresses.csv:2: valid_from: person 'P40' would have two addresses at the same time (see line 1)",
        "addresses.csv:3: valid_from: person 'P1' would have two addresses at the same time "
        "(see the database)",
        "addresses.csv:4: postal_code: '5809' is not a postal code of five digits",
    ]
    assert Address.objects.count() == before


@pytest.mark.django_db
def test_a_move_ends_the_old_address_and_shows_on_the_record(login):
    c = login(Role.CASEWORKER, "S1")
    url = reverse("clients:address", kwargs={"external_id": "P1"})
    move = {
        "street": "Gartenweg",
        "house_number": "4",
        "postal_code": "58097",
        "city": "Musterstadt",
        "valid_from": "2026-10-01",
        "facts_version": 1,
    }
    assert c.post(url, move).status_code == 302
    old, new = Address.objects.filter(person__external_id="P1").order_by("valid_from")
    assert old.valid_to == date(2026, 9, 30) and new.street == "Gartenweg" and new.valid_to is None
    record = c.get(reverse("clients:detail", kwargs={"external_id": "P1"}), {"as_of": "2026-11-21"})
    assert "Gartenweg 4, 58097 Musterstadt" in record.content.decode()


@pytest.mark.django_db
def test_an_overlapping_correction_is_refused_at_the_field_and_writes_nothing(login):
    c = login(Role.CASEWORKER, "S1")
    first, _second = Address.objects.filter(person__external_id="P3").order_by("valid_from")
    url = reverse("clients:address_correct", kwargs={"external_id": "P3", "pk": first.pk})
    data = {
        "street": first.street,
        "house_number": first.house_number,
        "postal_code": first.postal_code,
        "city": first.city,
        "valid_from": "2019-05-01",
        "valid_to": "2026-06-30",  # into the next address
        "facts_version": 1,
    }
    response = c.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [
        "Überschneidet sich mit der Anschrift ab 01.04.2026: eine Person hat immer nur eine Anschrift."
    ]
    assert 'value="Bahnhofstraße"' in response.content.decode()  # the input is kept
    first.refresh_from_db()
    assert first.valid_to == date(2026, 3, 31)


@pytest.mark.django_db
def test_addresses_through_the_api_and_in_the_art15_report(login, api_as, make_user, client):
    caller = api_as(Role.CASEWORKER, "S1", username="juergen-api")
    listed = caller.get("/clients/P3/addresses").json()
    assert [a["street"] for a in listed["items"]] == ["Bahnhofstraße", "Lindenstraße"]
    move = {
        "street": "Gartenweg",
        "house_number": "4",
        "postal_code": "58097",
        "city": "Musterstadt",
        "valid_from": "2026-11-01",
        "facts_version": listed["facts_version"],
    }
    assert caller.post("/clients/P3/addresses", move).status_code == 201
    assert caller.post("/clients/P3/addresses", {**move, "valid_from": "2026-11-15"}).status_code == 409
    overlap = caller.post("/clients/P3/addresses", {**move, "valid_from": "2026-10-01", "facts_version": 2})
    assert overlap.status_code == 422 and overlap.json()["errors"][0]["pointer"] == "/valid_from"
    dpo = make_user(Role.DATA_PROTECTION, "dsb")
    client.force_login(dpo)
    report = client.get(reverse("trust:access_report"), {"person": "P3"}).content.decode()
    assert "Gespeicherte Anschriften" in report and "Gartenweg 4, 58097 Musterstadt" in report
