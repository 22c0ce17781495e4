"""Columns read typed by the database (lotse.core.columns.fetch_typed) and rows narrowed by
integer literals (lotse.core.db.column_in): what the ORM reads and writes, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import threading
from datetime import date

import numpy as np
import pytest

from lotse.clients.models import BenefitPeriod, HouseholdMember, Person
from lotse.core import columns
from lotse.core.columns import BOOL, DAY, DAY_OR_OPEN, INT, KEY_OR_NONE, TEXT, fetch_keys, fetch_typed
from lotse.domain.day_numbers import OPEN_END, dnum
from lotse.domain.vocabulary import MEMBER_ROLES


@pytest.mark.django_db
def test_typed_columns_equal_what_the_orm_reads(small_data):
    people = fetch_typed(
        Person, {"id": INT, "birth_date": DAY, "district_id": KEY_OR_NONE, "family_name": TEXT}
    )
    expected = {
        p.pk: (dnum(p.birth_date), p.district_id if p.district_id is not None else -1, p.family_name)
        for p in Person.objects.all()
    }
    assert {
        int(pk): (int(birth), int(district), name) for pk, birth, district, name in zip(*people, strict=True)
    } == expected
    assert people[0].dtype.kind == "i" and people[3].dtype == object

    periods = fetch_typed(BenefitPeriod, {"id": INT, "valid_from": DAY, "valid_to": DAY_OR_OPEN})
    assert {int(pk): (int(a), int(b)) for pk, a, b in zip(*periods, strict=True)} == {
        b.pk: (dnum(b.valid_from), dnum(b.valid_to) if b.valid_to else OPEN_END)
        for b in BenefitPeriod.objects.all()
    }
    assert OPEN_END in periods[2].tolist()  # the small data has running benefits
    assert columns.OPEN_END == OPEN_END

    members = fetch_typed(HouseholdMember, {"id": INT, "role": MEMBER_ROLES, "married": BOOL})
    assert {
        int(pk): (MEMBER_ROLES[role], bool(married)) for pk, role, married in zip(*members, strict=True)
    } == {m.pk: (m.role, m.married) for m in HouseholdMember.objects.all()}


@pytest.mark.django_db
def test_numbers_read_as_one_text_per_column_equal_the_rows_read_one_by_one(small_data, monkeypatch):
    """Columns of numbers come as one text per column (``columns._aggregated``): the same
    values in the same order as the plain row-by-row read, dates before 1970 and open ends
    included; an empty selection gives empty columns."""
    first = Person.objects.order_by("pk").first().pk
    Person.objects.filter(pk=first).update(birth_date=date(1950, 2, 28), family_name="Müller-Lüdenscheidt, Ä")
    reads = {
        Person: {"id": INT, "birth_date": DAY, "district_id": KEY_OR_NONE, "family_name": TEXT},
        BenefitPeriod: {"person_id": INT, "valid_from": DAY, "valid_to": DAY_OR_OPEN},
        HouseholdMember: {"id": INT, "role": MEMBER_ROLES, "married": BOOL, "moved_out": DAY_OR_OPEN},
    }
    aggregated, read = columns._aggregated, []
    monkeypatch.setattr(columns, "_aggregated", lambda *args: read.append(aggregated(*args)) or read[-1])
    as_text = {model: fetch_typed(model, spec) for model, spec in reads.items()}
    assert len(read) == 3 and None not in read  # no read fell back to rows
    monkeypatch.setattr(columns, "_aggregated", lambda *args: None)
    for model, spec in reads.items():
        by_row = fetch_typed(model, spec)
        assert [a.tolist() for a in as_text[model]] == [a.tolist() for a in by_row]
        assert [a.dtype for a in as_text[model]] == [a.dtype for a in by_row]
    assert min(as_text[Person][1]) == dnum(date(1950, 2, 28))
    assert "Müller-Lüdenscheidt, Ä" in as_text[Person][3].tolist()
    assert OPEN_END in as_text[BenefitPeriod][2].tolist()
    monkeypatch.undo()

    # a text holding the separator: read row by row, and still right
    Person.objects.filter(pk=first).update(family_name="a\x1fb")
    assert columns._aggregated(Person, {"family_name": TEXT}, ['"family_name"'], None, None, None) is None
    names = dict(zip(*fetch_typed(Person, {"id": INT, "family_name": TEXT}), strict=True))
    assert names[first] == "a\x1fb"
    empty = fetch_typed(BenefitPeriod, {"person_id": INT, "valid_from": DAY}, written_since=10**12)
    assert [a.tolist() for a in empty] == [[], []]


@pytest.mark.django_db
def test_among_reads_the_rows_whose_keys_a_query_gives(small_data, monkeypatch):
    """``among`` narrows to the keys of a query (its ordering dropped), aggregated and row by
    row alike."""
    born = date(1990, 1, 1)
    wanted = Person.objects.filter(birth_date__lt=born).values("pk")  # ordered by name
    expected = {p.pk: p.family_name for p in Person.objects.filter(birth_date__lt=born)}
    assert 0 < len(expected) < Person.objects.count()
    spec = {"id": INT, "family_name": TEXT}
    assert dict(zip(*fetch_typed(Person, spec, among=wanted), strict=True)) == expected
    monkeypatch.setattr(columns, "_aggregated", lambda *args: None)
    assert dict(zip(*fetch_typed(Person, spec, among=wanted), strict=True)) == expected
    nobody = fetch_typed(Person, spec, among=Person.objects.filter(pk__in=[]).values("pk"))
    assert [(a.tolist(), a.dtype) for a in nobody] == [([], np.int64), ([], object)]


@pytest.mark.django_db
def test_fetch_keys_reads_the_integers_of_a_query(small_data):
    query = BenefitPeriod.objects.filter(valid_to__isnull=True).values("person_id")
    expected = sorted(query.values_list("person_id", flat=True))
    assert expected and sorted(fetch_keys(query).tolist()) == expected
    assert fetch_keys(BenefitPeriod.objects.none().values("person_id")).tolist() == []
    with pytest.raises(ValueError, match="integers"):
        fetch_keys(Person.objects.values("family_name"))


@pytest.mark.django_db
def test_a_value_outside_the_vocabulary_reads_as_minus_one(small_data):
    codes = fetch_typed(HouseholdMember, {"role": ("adult", "partner")})[0]
    children = HouseholdMember.objects.filter(role="child").count()
    assert children and (codes == -1).sum() == children


def test_only_code_names_go_into_the_sql():
    with pytest.raises(ValueError, match="code names"):
        fetch_typed(HouseholdMember, {"role": ("adult", "x' OR '1'='1")})


@pytest.mark.django_db
def test_column_in_narrows_updates_and_deletes_by_integer_literals(small_data):
    from lotse.core.db import column_in

    pks = list(Person.objects.values_list("pk", flat=True)[:2])
    assert set(Person.objects.filter(column_in("id", pks)).values_list("pk", flat=True)) == set(pks)
    assert not Person.objects.filter(column_in("id", [])).exists()
    assert HouseholdMember.objects.filter(column_in("person_id", pks)).update(married=True) == (
        HouseholdMember.objects.filter(person_id__in=pks).count()
    )
    with pytest.raises(ValueError):
        column_in("id", ["1) OR (1=1"])


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 700])  # 700: PostgreSQL takes them by COPY
def test_bulk_inserted_rows_read_back_as_the_orm_writes_them(small_data, rows):
    """lotse.core.db.insert_rows: dates, empty ends, keys and JSON, by one statement per row
    or (many rows on PostgreSQL) by COPY, read back through the ORM."""
    from datetime import date

    from django.utils import timezone

    from lotse.clients.models import ResponsibilityPeriod
    from lotse.core.db import insert_rows
    from lotse.events.models import Event

    person = Person.objects.order_by("pk").first()
    written = insert_rows(
        ResponsibilityPeriod,
        ("person", "team", "staff", "rule_code", "valid_from", "valid_to"),
        ((person.pk, None, None, f"rule {i}", date(2026, 1, 1 + i % 28), None) for i in range(rows)),
    )
    now = timezone.now()
    payload = {"to": {"team_id": "T1", "staff_id": None}, "name": "Müller, Zoë", "n": 1.5}
    insert_rows(
        Event,
        ("kind", "occurred_at", "person_pk", "person_ref", "payload", "dedupe_key"),
        (
            ("responsibility.changed", now, person.pk, person.external_id, {**payload, "i": i}, None)
            for i in range(rows)
        ),
    )
    periods = ResponsibilityPeriod.objects.filter(person=person, rule_code__startswith="rule ").order_by("pk")
    assert written == rows == periods.count()
    assert [(p.rule_code, p.valid_from, p.valid_to, p.team_id) for p in periods] == [
        (f"rule {i}", date(2026, 1, 1 + i % 28), None, None) for i in range(rows)
    ]
    events = Event.objects.filter(person_pk=person.pk).order_by("pk")
    assert [e.payload for e in events] == [{**payload, "i": i} for i in range(rows)]
    assert {e.occurred_at for e in events} == {now}
    with pytest.raises(ValueError, match="2 values for 6 columns"):
        insert_rows(
            ResponsibilityPeriod, ("person", "team", "staff", "rule_code", "valid_from", "valid_to"), [(1, 2)]
        )


@pytest.mark.django_db
def test_a_report_reads_the_clients_columns_once(small_data, django_assert_num_queries):
    """lotse.clients.columns.one_read: inside the block the first read serves every later
    caller (the contact-density snapshot takes its persons and benefits from it); outside,
    each call reads again."""
    from lotse.clients.columns import load_client_columns, one_read, read_in_this_block
    from lotse.evaluation.contact_density import Arrays

    assert load_client_columns() is not load_client_columns()
    assert read_in_this_block() is None
    with one_read():
        first = load_client_columns()
        with one_read(), django_assert_num_queries(0):
            assert load_client_columns() is first
            assert read_in_this_block() is first
        arrays = Arrays()
        assert arrays.pks is first.pks and arrays.benefits is first.benefits
    assert read_in_this_block() is None
    alone = Arrays()
    assert (alone.pks == first.pks).all() and (alone.benefits.person == first.benefits.person).all()


@pytest.mark.django_db(transaction=True)
def test_a_read_beside_runs_on_a_second_connection_only_where_it_sees_the_same_rows(small_data):
    """``beside`` reads in a second thread where a second connection sees what the caller's
    sees (no open transaction, a database in a file or on a server); else at once."""
    from django.db import connection, transaction

    def read():
        return threading.current_thread().name, Person.objects.count()

    persons = Person.objects.count()
    name, count = columns.beside(read)()
    assert count == persons > 0
    separate = not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    assert name.startswith("lotse-read") == separate
    with transaction.atomic():
        Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).delete()
        name, count = columns.beside(read)()  # sees the uncommitted delete: the same connection
        assert (name, count) == (threading.current_thread().name, persons - 1)
