"""Factories for small scenarios: rows of the exchange format written in a line each, and a
caseload of clients with everything a client record, a worklist and the reports list.

Rows go through the real import (:func:`lotse.exchange.services.import_records`, the checks
and the writer), so a factory cannot produce data the application would refuse.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lotse.exchange.schema import FILE_BY_NAME
from lotse.exchange.services import import_records

DAY = date(2026, 11, 21)


def rows(file: str, *values: tuple) -> list[dict[str, str]]:
    """Rows of an exchange file from tuples in the order of the file's columns (the format's
    documentation); missing trailing cells and None are empty cells."""
    columns = FILE_BY_NAME[file].column_names
    result = []
    for row in values:
        assert len(row) <= len(columns), (file, row)
        cells = [("" if v is None else str(v)) for v in row] + [""] * (len(columns) - len(row))
        result.append(dict(zip(columns, cells, strict=True)))
    return result


def imported(files: dict[str, list[dict[str, str]]]):
    """Import rows (all or nothing, as ``lotse import``); fails the test on any refusal."""
    result = import_records(files=files)
    assert result.ok, [str(e) for e in result.errors]
    return result


def caseload(n: int, *, prefix: str, district: str = "D1", day: date = DAY) -> list[str]:
    """``n`` active clients of ``district``, each the adult of a household with a child, with
    facts, two contacts, a measure, an integration and a justified deviation; returns their
    client numbers. Route afterwards to give them a caseworker."""
    ids = [f"{prefix}{i:04d}" for i in range(n)]
    kids = [f"{pid}K" for pid in ids]
    start = day - timedelta(days=800)
    measure = f"{prefix}M"
    imported(
        {
            "persons.csv": rows(
                "persons.csv",
                *[(pid, f"Fall{pid}", "Kim", "1985-03-04", "x", district) for pid in ids],
                *[(kid, f"Fall{kid}", "Ben", "2016-05-06", "m", district) for kid in kids],
            ),
            "household_members.csv": rows(
                "household_members.csv",
                *[(f"H{pid}", pid, "adult", None, "2015-01-01") for pid in ids],
                *[
                    (f"H{pid}", kid, "child", "false", "2016-05-06")
                    for pid, kid in zip(ids, kids, strict=True)
                ],
            ),
            "benefit_periods.csv": rows("benefit_periods.csv", *[(pid, start) for pid in ids]),
            "attributes.csv": rows(
                "attributes.csv",
                *[(pid, "status", "unemployed", start) for pid in ids],
                *[(pid, "profile", "activation", start) for pid in ids],
            ),
            "contacts.csv": rows(
                "contacts.csv",
                *[(f"{pid}C1", pid, None, day - timedelta(days=40), "in_person", "true") for pid in ids],
                *[(f"{pid}C2", pid, None, day - timedelta(days=10), "phone", "true") for pid in ids],
            ),
            "deviations.csv": rows(
                "deviations.csv", *[(pid, 2, "Begründung für die Abweichung", start) for pid in ids]
            ),
            "measures.csv": rows("measures.csv", (measure, "Coaching", "coaching", "Träger", "all", 10)),
            "participations.csv": rows(
                "participations.csv", *[(f"{pid}P", pid, measure, day - timedelta(days=100)) for pid in ids]
            ),
            "integrations.csv": rows(
                "integrations.csv",
                *[(f"{pid}I", pid, day - timedelta(days=30), "employment", None, "Firma") for pid in ids],
            ),
        }
    )
    return ids


def steering_for(ids: list[str], *, day: date = DAY) -> None:
    """An agreement, an open need, feedback and a municipal referral for each client."""
    from lotse.agreements.models import Agreement
    from lotse.clients.models import Person
    from lotse.measures.models import Feedback, Need
    from lotse.municipal.models import Referral, ServiceBudget

    budget, _ = ServiceBudget.objects.get_or_create(
        code="debt", year=day.year, defaults={"name": "Schuldnerberatung", "budget": Decimal(100_000)}
    )
    people = list(Person.objects.filter(external_id__in=ids))
    Agreement.objects.bulk_create(
        Agreement(
            external_id=f"{p.external_id}A",
            person=p,
            kind="cooperation_plan",
            concluded_on=day - timedelta(days=20),
            review_due=day + timedelta(days=150),
        )
        for p in people
    )
    Need.objects.bulk_create(Need(person=p, kind="childcare", recorded_on=day) for p in people)
    Feedback.objects.bulk_create(
        Feedback(person=p, source="provider", source_name="Träger", received_on=day, text="ok")
        for p in people
    )
    Referral.objects.bulk_create(
        Referral(
            external_id=f"{p.external_id}R", person=p, service=budget, referred_on=day, amount=Decimal(50)
        )
        for p in people
    )


def history_for(person_id: str, n: int, *, prefix: str, day: date = DAY) -> None:
    """``n`` more contacts, measures, integrations, agreements, needs, feedback and referrals on
    one client's record (a record that grows must not need more queries)."""
    from lotse.agreements.models import Agreement
    from lotse.clients.models import Person
    from lotse.measures.models import Feedback, Need
    from lotse.municipal.models import Referral, ServiceBudget

    measure = f"{prefix}HM"
    ref = f"{prefix}{person_id}"
    imported(
        {
            "contacts.csv": rows(
                "contacts.csv",
                *[
                    (f"{ref}C{i}", person_id, "S1", day - timedelta(days=i + 1), "phone", "true")
                    for i in range(n)
                ],
            ),
            "measures.csv": rows(
                "measures.csv", (measure, "Bewerbungstraining", "vocational_training", "Träger", "all")
            ),
            "participations.csv": rows(
                "participations.csv",
                *[
                    (f"{ref}P{i}", person_id, measure, day - timedelta(days=300 - 9 * i), None, None)
                    if i == n - 1
                    else (
                        f"{ref}P{i}",
                        person_id,
                        measure,
                        day - timedelta(days=300 - 9 * i),
                        day - timedelta(days=295 - 9 * i),
                        "completed",
                    )
                    for i in range(n)
                ],
            ),
            "integrations.csv": rows(
                "integrations.csv",
                *[(f"{ref}I{i}", person_id, day - timedelta(days=200 - i), "employment") for i in range(n)],
            ),
        }
    )
    person = Person.objects.get(external_id=person_id)
    budget, _ = ServiceBudget.objects.get_or_create(
        code="debt", year=day.year, defaults={"name": "Schuldnerberatung", "budget": Decimal(100_000)}
    )
    Agreement.objects.bulk_create(
        Agreement(
            external_id=f"{ref}A{i}",
            person=person,
            kind="cooperation_plan",
            concluded_on=day - timedelta(days=20 + i),
            review_due=day + timedelta(days=100),
        )
        for i in range(n)
    )
    Need.objects.bulk_create(
        Need(person=person, kind="childcare", recorded_on=day, resolved_on=day) for _ in range(n)
    )
    Feedback.objects.bulk_create(
        Feedback(person=person, source="employer", source_name="Firma", received_on=day, text="gut")
        for _ in range(n)
    )
    Referral.objects.bulk_create(
        Referral(external_id=f"{ref}R{i}", person=person, service=budget, referred_on=day, amount=Decimal(10))
        for i in range(n)
    )
