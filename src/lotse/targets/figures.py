"""Key figures K1–K3 and the target-group figures of a reference month, from the data.

Everything is set-based (:mod:`lotse.domain.key_figures` over columns loaded once); a
``persons`` mask narrows every figure to a team's clients for the performance dialogue.
See ``docs/key-figures.md`` for the definitions and worked examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np

from lotse.domain.dates import add_months
from lotse.domain.day_numbers import dnum
from lotse.domain.key_figures import (
    Benefits,
    Integrations,
    Rate,
    change_percent,
    continued_employment,
    count_integrations,
    integration_rate,
    month_end,
    month_ends_back,
)
from lotse.domain.percent import share_percent
from lotse.targets.columns import Columns, load_columns
from lotse.targets.models import MonthlyFigure, MonthlyFigureKind


def first_of(day: date) -> date:
    return date(day.year, day.month, 1)


@dataclass
class YearToDate:
    """A count from 1 January to the end of the month, against the same period a year earlier."""

    now: int
    before: int

    @property
    def change(self) -> float | None:
        return change_percent(self.now, self.before)

    def as_json(self) -> dict:
        return {"year_to_date": self.now, "previous_year_to_date": self.before, "change_percent": self.change}


@dataclass
class MoneyFigure:
    month: Decimal | None
    month_year_before: Decimal | None
    year_to_date: Decimal | None
    previous_year_to_date: Decimal | None

    @property
    def change(self) -> float | None:
        return change_percent(
            float(self.month) if self.month is not None else None,
            float(self.month_year_before) if self.month_year_before is not None else None,
        )

    def as_json(self) -> dict:
        def num(v: Decimal | None) -> float | None:
            return float(v) if v is not None else None

        return {
            "month": num(self.month),
            "month_year_before": num(self.month_year_before),
            "change_percent": self.change,
            "year_to_date": num(self.year_to_date),
            "previous_year_to_date": num(self.previous_year_to_date),
        }


@dataclass
class KeyFigures:
    month: date
    stock: int
    k2: Rate
    k2_single_parents: Rate
    k2_long_term: Rate
    continued_employment: Rate
    long_term: int
    long_term_year_before: int
    long_term_activated: int
    integrations_u25: YearToDate
    integrations_single_parents: YearToDate
    measure_entries_single_parents: YearToDate
    k1: MoneyFigure
    housing: MoneyFigure
    series: list[dict] = field(default_factory=list)  # per month: k2, long_term, integrations

    @property
    def k3(self) -> float | None:
        return change_percent(self.long_term, self.long_term_year_before)

    @property
    def activation_rate(self) -> float | None:
        return share_percent(self.long_term_activated, self.long_term)

    def as_json(self) -> dict:
        return {
            "month": self.month.strftime("%Y-%m"),
            "elb_stock": self.stock,
            "k2_integration_rate": self.k2.as_json(),
            "k2_single_parents": self.k2_single_parents.as_json(),
            "k2_long_term": self.k2_long_term.as_json(),
            "continued_employment": self.continued_employment.as_json(),
            "k3": {
                "long_term_stock": self.long_term,
                "long_term_stock_year_before": self.long_term_year_before,
                "change_percent": self.k3,
                "activated": self.long_term_activated,
                "activation_rate": self.activation_rate,
            },
            "integrations_u25": self.integrations_u25.as_json(),
            "integrations_single_parents": self.integrations_single_parents.as_json(),
            "measure_entries_single_parents": self.measure_entries_single_parents.as_json(),
            "k1_subsistence": self.k1.as_json(),
            "housing_costs": self.housing.as_json(),
            "series": self.series,
        }


def _restricted(columns: Columns, persons: np.ndarray | None) -> tuple[Benefits, Integrations, np.ndarray]:
    """Benefits and integrations of the persons in the mask (all when None)."""
    b, i = columns.benefits, columns.measures.integrations
    if persons is None:
        return b, i, np.ones(i.person.size, dtype=bool)
    bm, im = persons[b.person], persons[i.person]
    return (
        Benefits(b.person[bm], b.start[bm], b.end[bm], b.persons, b.birth),
        Integrations(i.person[im], i.start[im], i.end[im], i.kind[im]),
        im,
    )


def _money(kind: str, month: date) -> MoneyFigure:
    values = dict(
        MonthlyFigure.objects.filter(
            kind=kind, month__gte=date(month.year - 1, 1, 1), month__lte=month
        ).values_list("month", "value")
    )
    year_before = add_months(month, -12)

    def ytd(last: date) -> Decimal | None:
        months = [date(last.year, m, 1) for m in range(1, last.month + 1)]
        found = [values[m] for m in months if m in values]
        return sum(found, Decimal(0)) if len(found) == len(months) else None

    return MoneyFigure(values.get(month), values.get(year_before), ytd(month), ytd(year_before))


def _year_to_date(starts: np.ndarray, month: date) -> YearToDate:
    """Events (day numbers) from 1 January to the month's end against a year earlier."""

    def count(first: date, last: date) -> int:
        return int(np.count_nonzero((starts >= dnum(first)) & (starts <= dnum(last))))

    end = month_end(month)
    return YearToDate(
        count(date(month.year, 1, 1), end),
        count(date(month.year - 1, 1, 1), month_end(add_months(month, -12))),
    )


def key_figures(
    month: date, columns: Columns | None = None, persons: np.ndarray | None = None, series: int = 12
) -> KeyFigures:
    """The figures of ``month`` (any day in it); ``persons`` narrows to a mask of persons."""
    month = first_of(month)
    end = month_end(month)
    columns = columns or load_columns()
    benefits, integrations, in_scope = _restricted(columns, persons)
    flags = columns.measures.integration_flags
    counted = integrations.counted()

    def group_ytd(flag: str) -> YearToDate:
        select = counted & flags[flag][in_scope]
        return YearToDate(
            count_integrations(integrations, date(month.year, 1, 1), end, select),
            count_integrations(
                integrations, date(month.year - 1, 1, 1), month_end(add_months(month, -12)), select
            ),
        )

    parts = columns.measures.participations
    part_scope = np.ones(parts.person.size, dtype=bool) if persons is None else persons[parts.person]
    sp_entries = parts.entered[part_scope & columns.measures.participation_flags["single_parent"]]

    long_term = benefits.long_term(end)
    active = (parts.entered <= dnum(end)) & (parts.exited >= dnum(end)) & part_scope
    in_measure = np.zeros(columns.pks.size, dtype=bool)
    in_measure[parts.person[active]] = True

    def long_term_mask(day: date) -> np.ndarray:
        mask = np.zeros(columns.pks.size, dtype=bool)
        mask[benefits.long_term(day)] = True
        return mask

    figures = KeyFigures(
        month=month,
        stock=int(benefits.stock(end).size),
        k2=integration_rate(benefits, integrations, end),
        k2_single_parents=integration_rate(
            benefits, integrations, end, group=columns.single_parents, select=flags["single_parent"][in_scope]
        ),
        k2_long_term=integration_rate(
            benefits, integrations, end, group=long_term_mask, select=flags["long_term"][in_scope]
        ),
        continued_employment=continued_employment(integrations, end),
        long_term=int(long_term.size),
        long_term_year_before=int(benefits.long_term(month_end(add_months(month, -12))).size),
        long_term_activated=int(np.count_nonzero(in_measure[long_term])),
        integrations_u25=group_ytd("u25"),
        integrations_single_parents=group_ytd("single_parent"),
        measure_entries_single_parents=_year_to_date(sp_entries, month),
        k1=_money(MonthlyFigureKind.K1_SUBSISTENCE, month),
        housing=_money(MonthlyFigureKind.HOUSING_COSTS, month),
    )
    for day in month_ends_back(end, series):
        first = first_of(day)
        figures.series.append(
            {
                "month": first.strftime("%Y-%m"),
                "k2": integration_rate(benefits, integrations, day).percent,
                "long_term": int(benefits.long_term(day).size),
                "integrations": count_integrations(integrations, first, day),
                "integrations_u25": count_integrations(integrations, first, day, flags["u25"][in_scope]),
                "integrations_single_parents": count_integrations(
                    integrations, first, day, flags["single_parent"][in_scope]
                ),
                "stock": int(benefits.stock(day).size),
            }
        )
    return figures
