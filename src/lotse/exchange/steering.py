"""The steering files of the exchange format (SPEC S7–S9): the checks of their own.

Ids, references and date order are checked with the other files in
:mod:`lotse.exchange.checks`; here are the rules of their own: one budget per service
and year, a referral needs the budget of its year, one comment row per target position,
one monthly figure per month and kind — each also against the database, so a second
import cannot double a budget or a month.
"""

from __future__ import annotations

from lotse.exchange.reader import Dataset
from lotse.municipal.models import ServiceBudget
from lotse.targets.models import MonthlyFigure, TargetAgreement


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
