"""Write a checked dataset to the database in one transaction.

Only called when :func:`lotse.exchange.checks.check` found nothing: the writes
are plain bulk inserts, and the surrounding transaction guarantees that a failure
halfway (a full disk, a lost connection) leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from lotse.clients.models import BenefitPeriod, Household, HouseholdMember, Person, PersonAttribute
from lotse.contacts.models import Contact, Deviation
from lotse.core.db import analyze
from lotse.exchange.keys import bulk_insert, pks_by_external_id
from lotse.exchange.reader import Dataset
from lotse.exchange.steering import STEERING_PERSON_FILES, write_steering
from lotse.measures.models import Integration, Measure, Participation
from lotse.municipal.models import Referral
from lotse.organisation.models import (
    City,
    District,
    DistrictFigures,
    Office,
    Qualification,
    Staff,
    Team,
)
from lotse.organisation.reference import ensure_specialisations

Progress = Callable[[str, int], None]


@transaction.atomic
def write(data: Dataset, progress: Progress | None = None) -> dict[str, int]:
    """Insert every row; returns the number of rows written per file."""
    counts: dict[str, int] = {}

    def done(name: str, n: int) -> None:
        counts[name] = n
        if progress:
            progress(name, n)

    rows = data.of("districts.csv")
    cities = {str(r["city"]) for r in rows if r["city"]}
    for name in cities:
        City.objects.get_or_create(name=name)
    city_ids = dict(City.objects.values_list("name", "pk"))
    bulk_insert(
        District,
        [
            District(
                external_id=r["district_id"],
                name=r["name"],
                population=r["population"],
                unemployment_rate=r["unemployment_rate"],
                city_id=city_ids.get(r["city"]) if r["city"] else None,
            )
            for r in rows
        ],
    )
    done("districts.csv", len(rows))
    district_ids = pks_by_external_id(District)

    rows = data.of("district_figures.csv")
    bulk_insert(
        DistrictFigures,
        [
            DistrictFigures(
                district_id=district_ids[r["district_id"]],
                year=r["year"],
                population=r["population"],
                unemployment_rate=r["unemployment_rate"],
            )
            for r in rows
        ],
    )
    done("district_figures.csv", len(rows))

    rows = data.of("offices.csv")
    bulk_insert(
        Office,
        [
            Office(
                external_id=r["office_id"],
                name=r["name"],
                is_local_office=r["is_local_office"],
                district_id=district_ids.get(r["district_id"]) if r["district_id"] else None,
            )
            for r in rows
        ],
    )
    done("offices.csv", len(rows))
    office_ids = pks_by_external_id(Office)

    rows = data.of("teams.csv")
    bulk_insert(
        Team,
        [
            Team(
                external_id=r["team_id"],
                name=r["name"],
                kind=r["kind"],
                office_id=office_ids[r["office_id"]] if r["office_id"] else None,
                assignment_strategy=r["strategy"] or "district",
            )
            for r in rows
        ],
    )
    done("teams.csv", len(rows))
    team_ids = pks_by_external_id(Team)

    rows = data.of("staff.csv")
    bulk_insert(
        Staff,
        [
            Staff(
                external_id=r["staff_id"],
                family_name=r["family_name"],
                given_name=r["given_name"],
                team_id=team_ids[r["team_id"]],
                fte=r["fte"],
                fixed_term=r["fixed_term"],
                letters=r["letters"],
                valid_from=r["valid_from"],
                valid_to=r["valid_to"],
                role=r["role"] or "caseworker",
                funding=r["funding"] or "permanent",
            )
            for r in rows
        ],
    )
    staff_ids = pks_by_external_id(Staff, (str(r["staff_id"]) for r in rows))
    spec_ids = ensure_specialisations()
    staff_specs = Staff.specialisations.through
    staff_districts = Staff.districts.through
    bulk_insert(
        staff_specs,
        [
            staff_specs(staff_id=staff_ids[r["staff_id"]], specialisation_id=spec_ids[code])
            for r in rows
            for code in r["specialisations"]  # type: ignore[union-attr]
        ],
    )
    bulk_insert(
        staff_districts,
        [
            staff_districts(staff_id=staff_ids[r["staff_id"]], district_id=district_ids[d])
            for r in rows
            for d in r["districts"]  # type: ignore[union-attr]
        ],
    )
    done("staff.csv", len(rows))

    rows = data.of("qualifications.csv")
    all_staff = pks_by_external_id(Staff, (str(r["staff_id"]) for r in rows))
    bulk_insert(
        Qualification,
        [
            Qualification(staff_id=all_staff[r["staff_id"]], kind=r["kind"], completed_on=r["completed_on"])
            for r in rows
        ],
    )
    done("qualifications.csv", len(rows))

    rows = data.of("persons.csv")
    bulk_insert(
        Person,
        [
            Person(
                external_id=r["person_id"],
                family_name=r["family_name"],
                given_name=r["given_name"],
                birth_date=r["birth_date"],
                sex=r["sex"],
                district_id=district_ids.get(r["district_id"]) if r["district_id"] else None,
            )
            for r in rows
        ],
    )
    done("persons.csv", len(rows))
    referenced = {
        str(r["person_id"])
        for name in (
            "household_members.csv",
            "benefit_periods.csv",
            "attributes.csv",
            "contacts.csv",
            "deviations.csv",
            *STEERING_PERSON_FILES,
        )
        for r in data.of(name)
    }
    person_ids = pks_by_external_id(Person, referenced)

    rows = data.of("household_members.csv")
    household_keys = sorted({str(r["household_id"]) for r in rows})
    existing = pks_by_external_id(Household, household_keys)
    bulk_insert(Household, [Household(external_id=k) for k in household_keys if k not in existing])
    household_ids = pks_by_external_id(Household, household_keys)
    bulk_insert(
        HouseholdMember,
        [
            HouseholdMember(
                household_id=household_ids[r["household_id"]],
                person_id=person_ids[r["person_id"]],
                role=r["role"],
                married=bool(r["married"]),
                moved_in=r["moved_in"],
                moved_out=r["moved_out"],
            )
            for r in rows
        ],
    )
    done("household_members.csv", len(rows))

    rows = data.of("benefit_periods.csv")
    bulk_insert(
        BenefitPeriod,
        [
            BenefitPeriod(
                person_id=person_ids[r["person_id"]], valid_from=r["valid_from"], valid_to=r["valid_to"]
            )
            for r in rows
        ],
    )
    done("benefit_periods.csv", len(rows))

    rows = data.of("attributes.csv")
    bulk_insert(
        PersonAttribute,
        [
            PersonAttribute(
                person_id=person_ids[r["person_id"]],
                attribute=r["attribute"],
                value=r["value"],
                valid_from=r["valid_from"],
                valid_to=r["valid_to"],
            )
            for r in rows
        ],
    )
    done("attributes.csv", len(rows))

    rows = data.of("contacts.csv")
    contact_staff = pks_by_external_id(Staff, (str(r["staff_id"]) for r in rows if r["staff_id"]))
    bulk_insert(
        Contact,
        [
            Contact(
                external_id=r["contact_id"],
                person_id=person_ids[r["person_id"]],
                staff_id=contact_staff[r["staff_id"]] if r["staff_id"] else None,
                date=r["date"],
                channel=r["channel"],
                held=r["held"],
            )
            for r in rows
        ],
    )
    done("contacts.csv", len(rows))

    rows = data.of("deviations.csv")
    bulk_insert(
        Deviation,
        [
            Deviation(
                person_id=person_ids[r["person_id"]],
                interval_months=r["interval_months"],
                reason=r["reason"],
                valid_from=r["valid_from"],
                valid_to=r["valid_to"],
            )
            for r in rows
        ],
    )
    done("deviations.csv", len(rows))
    write_steering(data, person_ids, done)
    analyze(
        Measure,
        Participation,
        Integration,
        Referral,
        Contact,
        Deviation,
        District,
        DistrictFigures,
        Office,
        Team,
        Staff,
        Qualification,
        Person,
        Household,
        HouseholdMember,
        BenefitPeriod,
        PersonAttribute,
    )
    return counts
