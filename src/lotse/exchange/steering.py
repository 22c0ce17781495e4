"""The steering files of the exchange format (SPEC S7–S9): checks and writes.

Ids, references and date order are checked with the other files in
:mod:`lotse.exchange.checks`; here are the rules of their own: one budget per service
and year, a referral needs the budget of its year, one comment row per target position,
one monthly figure per month and kind — each also against the database, so a second
import cannot double a budget or a month.
"""

from __future__ import annotations

from collections.abc import Callable

from lotse.exchange.keys import bulk_insert, pks_by_external_id
from lotse.exchange.reader import Dataset
from lotse.measures.models import Integration, Measure, Participation
from lotse.measures.snapshots import target_groups
from lotse.municipal.models import Referral, ServiceBudget
from lotse.targets.models import MonthlyFigure, Target, TargetAgreement


def check_steering(data: Dataset) -> None:
    budgets_in_db = set(ServiceBudget.objects.values_list("code", "year"))
    data.refuse_repeats(
        "municipal_services.csv",
        lambda r: (str(r["service_code"]), int(r["year"])),
        "year",
        lambda k: f"the budget of '{k[0]}' for {k[1]}",
        existing=budgets_in_db,
    )
    budgets = budgets_in_db | {
        (str(r["service_code"]), int(r["year"])) for r in data.of("municipal_services.csv")
    }
    for row in data.of("referrals.csv"):
        year = row["referred_on"].year  # type: ignore[union-attr]
        if (str(row["service_code"]), year) not in budgets:
            data.error(
                "referrals.csv",
                row.line,
                "service_code",
                f"'{row['service_code']}' has no budget for {year} "
                "in municipal_services.csv nor in the database",
            )

    agreements_in_db = set(TargetAgreement.objects.values_list("name", flat=True))
    years: dict[str, tuple[int, int]] = {}
    for row in data.of("targets.csv"):
        name = str(row["agreement"])
        if name in agreements_in_db:
            data.error("targets.csv", row.line, "agreement", f"'{name}' exists already in the database")
        first = years.setdefault(name, (int(row["year"]), row.line))
        if first[0] != row["year"]:
            data.error(
                "targets.csv", row.line, "year", f"{row['year']} differs from {first[0]} on line {first[1]}"
            )
    data.refuse_repeats(
        "targets.csv",
        lambda r: (str(r["agreement"]), int(r["position"])),
        "position",
        lambda k: f"position {k[1]} of '{k[0]}'",
    )
    data.refuse_repeats(
        "monthly_figures.csv",
        lambda r: (r["month"], str(r["figure"])),
        "month",
        lambda k: f"{k[1]} for {k[0]:%Y-%m}",
        existing=set(MonthlyFigure.objects.values_list("month", "kind")),
    )


def write_steering(data: Dataset, person_ids: dict[str, int], done: Callable[[str, int], None]) -> None:
    rows = data.of("measures.csv")
    bulk_insert(
        Measure,
        [
            Measure(
                external_id=r["measure_id"],
                name=r["name"],
                kind=r["kind"],
                provider=r["provider"],
                target_group=r["target_group"],
                places=r["places"],
            )
            for r in rows
        ],
    )
    done("measures.csv", len(rows))

    rows = data.of("participations.csv")
    measure_ids = pks_by_external_id(Measure, (str(r["measure_id"]) for r in rows))
    groups = target_groups([(person_ids[r["person_id"]], r["entered"]) for r in rows])  # type: ignore[misc]
    bulk_insert(
        Participation,
        [
            Participation(
                external_id=r["participation_id"],
                person_id=person_ids[r["person_id"]],
                measure_id=measure_ids[r["measure_id"]],
                entered=r["entered"],
                exited=r["exited"],
                exit_reason=r["exit_reason"] or "",
                **g,
            )
            for r, g in zip(rows, groups, strict=True)
        ],
    )
    done("participations.csv", len(rows))

    rows = data.of("integrations.csv")
    groups = target_groups([(person_ids[r["person_id"]], r["started"]) for r in rows])  # type: ignore[misc]
    bulk_insert(
        Integration,
        [
            Integration(
                external_id=r["integration_id"],
                person_id=person_ids[r["person_id"]],
                started=r["started"],
                kind=r["kind"],
                ended=r["ended"],
                employer=r["employer"] or "",
                **g,
            )
            for r, g in zip(rows, groups, strict=True)
        ],
    )
    done("integrations.csv", len(rows))

    rows = data.of("municipal_services.csv")
    bulk_insert(
        ServiceBudget,
        [
            ServiceBudget(code=r["service_code"], year=r["year"], name=r["name"], budget=r["budget"])
            for r in rows
        ],
    )
    done("municipal_services.csv", len(rows))

    rows = data.of("referrals.csv")
    budget_ids = {(c, y): pk for pk, c, y in ServiceBudget.objects.values_list("pk", "code", "year")}
    bulk_insert(
        Referral,
        [
            Referral(
                external_id=r["referral_id"],
                person_id=person_ids[r["person_id"]],
                service_id=budget_ids[(r["service_code"], r["referred_on"].year)],  # type: ignore[union-attr]
                referred_on=r["referred_on"],
                amount=r["amount"],
                ended_on=r["ended_on"],
            )
            for r in rows
        ],
    )
    done("referrals.csv", len(rows))

    rows = data.of("targets.csv")
    agreements: dict[str, TargetAgreement] = {}
    for r in rows:
        name = str(r["agreement"])
        if name not in agreements:
            agreements[name] = TargetAgreement.objects.create(name=name, year=r["year"])
    bulk_insert(
        Target,
        [
            Target(
                agreement=agreements[str(r["agreement"])],
                position=r["position"],
                label=r["label"],
                figure=r["figure"],
                plan=r["plan"],
                basis=r["basis"],
                direction=r["direction"],
                owner=r["owner"],
            )
            for r in rows
        ],
    )
    done("targets.csv", len(rows))

    rows = data.of("monthly_figures.csv")
    bulk_insert(
        MonthlyFigure, [MonthlyFigure(month=r["month"], kind=r["figure"], value=r["value"]) for r in rows]
    )
    done("monthly_figures.csv", len(rows))


STEERING_PERSON_FILES = ("participations.csv", "integrations.csv", "referrals.csv")
