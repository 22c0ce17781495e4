"""Write the database to an exchange-format folder (docs/exchange-format.md).

Rows are ordered by their ids so two exports of the same data are identical byte
for byte; the round-trip test relies on that.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from lotse.clients.models import BenefitPeriod, HouseholdMember, Person, PersonAttribute
from lotse.contacts.models import Contact, Deviation
from lotse.core.audit import record
from lotse.core.models import AuditAction, AuditChannel
from lotse.exchange.schema import FILE_BY_NAME
from lotse.measures.models import Integration, Measure, Participation
from lotse.municipal.models import Referral, ServiceBudget
from lotse.organisation.models import District, DistrictFigures, Office, Qualification, Staff, Team
from lotse.targets.models import MonthlyFigure, Target


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def _write(folder: Path, name: str, rows: Iterable[Iterable[object]]) -> int:
    spec = FILE_BY_NAME[name]
    count = 0
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(spec.column_names)
        for row in rows:
            writer.writerow([cell(v) for v in row])
            count += 1
    return count


def _staff_rows() -> Iterator[list[object]]:
    qs = (
        Staff.objects.select_related("team")
        .prefetch_related("specialisations", "districts")
        .order_by("external_id")
    )
    for s in qs.iterator(chunk_size=2000):
        yield [
            s.external_id,
            s.family_name,
            s.given_name,
            s.team.external_id,
            s.fte,
            s.fixed_term,
            sorted(sp.code for sp in s.specialisations.all()),
            sorted(d.external_id for d in s.districts.all()),
            s.letters,
            s.valid_from,
            s.valid_to,
            s.role,
            s.funding,
        ]


def _export_steering(folder: Path) -> dict[str, int]:
    """The steering files (SPEC S7–S9); persons by their exchange id, services by code."""
    counts = {}
    counts["measures.csv"] = _write(
        folder,
        "measures.csv",
        Measure.objects.order_by("external_id").values_list(
            "external_id", "name", "kind", "provider", "target_group", "places"
        ),
    )
    counts["participations.csv"] = _write(
        folder,
        "participations.csv",
        Participation.objects.order_by("external_id")
        .values_list(
            "external_id", "person__external_id", "measure__external_id", "entered", "exited", "exit_reason"
        )
        .iterator(chunk_size=5000),
    )
    counts["integrations.csv"] = _write(
        folder,
        "integrations.csv",
        Integration.objects.order_by("external_id")
        .values_list("external_id", "person__external_id", "started", "kind", "ended", "employer")
        .iterator(chunk_size=5000),
    )
    counts["municipal_services.csv"] = _write(
        folder,
        "municipal_services.csv",
        ServiceBudget.objects.order_by("code", "year").values_list("code", "year", "name", "budget"),
    )
    counts["referrals.csv"] = _write(
        folder,
        "referrals.csv",
        Referral.objects.order_by("external_id")
        .values_list(
            "external_id", "person__external_id", "service__code", "referred_on", "amount", "ended_on"
        )
        .iterator(chunk_size=5000),
    )
    counts["targets.csv"] = _write(
        folder,
        "targets.csv",
        Target.objects.filter(agreement__is_preset=False)
        .order_by("agreement__name", "position")
        .values_list(
            "agreement__name",
            "agreement__year",
            "position",
            "label",
            "figure",
            "plan",
            "basis",
            "direction",
            "owner",
        ),
    )
    counts["monthly_figures.csv"] = _write(
        folder,
        "monthly_figures.csv",
        (
            (month.strftime("%Y-%m"), kind, value)
            for month, kind, value in MonthlyFigure.objects.order_by("month", "kind").values_list(
                "month", "kind", "value"
            )
        ),
    )
    return counts


def export(folder: Path) -> dict[str, int]:
    """Write every file of the format; returns the number of rows per file.

    The export is audited: one entry per exported person (SPEC S11).
    """
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    counts["districts.csv"] = _write(
        folder,
        "districts.csv",
        (
            [d.external_id, d.name, d.population, d.unemployment_rate, d.city.name if d.city else None]
            for d in District.objects.select_related("city").order_by("external_id")
        ),
    )
    counts["district_figures.csv"] = _write(
        folder,
        "district_figures.csv",
        (
            DistrictFigures.objects.order_by("district__external_id", "year").values_list(
                "district__external_id", "year", "population", "unemployment_rate"
            )
        ),
    )
    counts["offices.csv"] = _write(
        folder,
        "offices.csv",
        (
            Office.objects.order_by("external_id").values_list(
                "external_id", "name", "district__external_id", "is_local_office"
            )
        ),
    )
    counts["teams.csv"] = _write(
        folder,
        "teams.csv",
        (
            Team.objects.order_by("external_id").values_list(
                "external_id", "name", "kind", "office__external_id", "assignment_strategy"
            )
        ),
    )
    counts["staff.csv"] = _write(folder, "staff.csv", _staff_rows())
    counts["qualifications.csv"] = _write(
        folder,
        "qualifications.csv",
        (
            Qualification.objects.order_by("staff__external_id", "completed_on", "kind").values_list(
                "staff__external_id", "kind", "completed_on"
            )
        ),
    )
    counts["persons.csv"] = _write(
        folder,
        "persons.csv",
        (
            Person.objects.order_by("external_id")
            .values_list(
                "external_id", "family_name", "given_name", "birth_date", "sex", "district__external_id"
            )
            .iterator(chunk_size=5000)
        ),
    )
    counts["household_members.csv"] = _write(
        folder,
        "household_members.csv",
        (
            HouseholdMember.objects.order_by("household__external_id", "person__external_id", "moved_in")
            .values_list(
                "household__external_id", "person__external_id", "role", "married", "moved_in", "moved_out"
            )
            .iterator(chunk_size=5000)
        ),
    )
    counts["benefit_periods.csv"] = _write(
        folder,
        "benefit_periods.csv",
        (
            BenefitPeriod.objects.order_by("person__external_id", "valid_from")
            .values_list("person__external_id", "valid_from", "valid_to")
            .iterator(chunk_size=5000)
        ),
    )
    counts["attributes.csv"] = _write(
        folder,
        "attributes.csv",
        (
            PersonAttribute.objects.order_by("person__external_id", "attribute", "valid_from", "value")
            .values_list("person__external_id", "attribute", "value", "valid_from", "valid_to")
            .iterator(chunk_size=5000)
        ),
    )
    counts["contacts.csv"] = _write(
        folder,
        "contacts.csv",
        (
            # Contacts recorded in Lotse have no id from a source system: they are exported
            # as "lotse-<number>" (and keep that id when imported elsewhere), never dropped.
            Contact.objects.annotate(
                ref=Coalesce("external_id", Concat(Value("lotse-"), Cast("pk", CharField())))
            )
            .order_by("ref")
            .values_list("ref", "person__external_id", "staff__external_id", "date", "channel", "held")
            .iterator(chunk_size=5000)
        ),
    )
    counts["deviations.csv"] = _write(
        folder,
        "deviations.csv",
        (
            Deviation.objects.order_by("person__external_id", "valid_from").values_list(
                "person__external_id", "interval_months", "reason", "valid_from", "valid_to"
            )
        ),
    )
    counts.update(_export_steering(folder))
    # Every exported person's data left the application: one audited export row each.
    record(
        action=AuditAction.EXPORT,
        what="exchange_export",
        persons=Person.objects.values_list("pk", "external_id").iterator(chunk_size=5000),
        channel=AuditChannel.CLI,
    )
    return counts
