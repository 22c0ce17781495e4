"""The key figures of § 48a SGB II (SPEC S9) as pure, set-based functions.

Inputs are columns (NumPy arrays of person indexes and day numbers, see
:mod:`lotse.domain.day_numbers`); the Django side loads them once
(:mod:`lotse.targets.columns`). Definitions, documented with worked examples in
``docs/key-figures.md``:

- **eLB stock** of a month: persons with a benefit period covering the month's last day.
- **K2 integration rate** of month m: counted integrations whose start lies in the twelve
  months ending with m, at most one per person and month, divided by the average eLB
  stock of those twelve months, in %. Counted kinds: employment subject to social
  insurance, apprenticeship, self-employment; publicly funded employment is recorded but
  never counted.
- **Long-term recipient (LZB)** on a day: in the eLB stock that day, 17 years or older, and
  covered by benefits on at least 638 of the 730 days ending that day (21 of 24 months).
- **K3**: the LZB stock against the same month a year earlier, (ratio − 1) × 100.
- **Continued employment**: of the integrations that started 12 to 23 months before the
  end of m (so a full year has passed), the share still employed twelve months after
  the start (no end date, or an end date after that day).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from lotse.domain.dates import add_months
from lotse.domain.day_numbers import (
    BIG,
    add_months_days,
    anniversaries,
    covered_pieces,
    days_within,
    dnum,
    month_numbers,
)
from lotse.domain.facts import LONG_TERM_MIN_AGE, LONG_TERM_MIN_DAYS, LONG_TERM_WINDOW_DAYS
from lotse.domain.percent import share_percent
from lotse.domain.vocabulary import COUNTED_INTEGRATION_KINDS

# days whose stock a Benefits keeps: a report reads some 25 month ends (1 MB each per million persons)
MEMO_SIZE = 40


@dataclass(frozen=True)
class Benefits:
    """Benefit periods as columns; ``persons`` is the number of person indexes, ``birth`` the
    birth day of each person (None only where no person can be under 17, e.g. generated
    benchmark columns)."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray  # OPEN_END when still receiving
    persons: int
    birth: np.ndarray | None = None
    # What several figures of one report ask again — the stock of a month end (read by K2,
    # its target groups and the series), the periods' union and the 17th birthdays (read by
    # every long-term stock) — is computed once per set of columns (which never change).
    _stocks: dict[int, np.ndarray] = field(default_factory=dict, init=False, repr=False, compare=False)

    def stock(self, day: date) -> np.ndarray:
        """Indexes of the persons in the eLB stock on ``day`` (sorted, unique)."""
        return np.flatnonzero(self.stock_mask(day))

    def stock_mask(self, day: date) -> np.ndarray:
        """Mask over persons of the eLB stock on ``day`` (a scatter: linear, no sort or hash);
        read-only, shared by every caller asking for the same day."""
        d = dnum(day)
        mask = self._stocks.get(d)
        if mask is None:
            mask = np.zeros(self.persons, dtype=bool)
            mask[self.person[(self.start <= d) & (self.end >= d)]] = True
            mask.flags.writeable = False
            if len(self._stocks) >= MEMO_SIZE:
                del self._stocks[next(iter(self._stocks))]  # the oldest
            self._stocks[d] = mask
        return mask

    @cached_property
    def _pieces(self) -> tuple[np.ndarray, ...]:
        return covered_pieces(self.person, self.start, self.end)

    @cached_property
    def _seventeen(self) -> np.ndarray:
        return anniversaries(self.birth, LONG_TERM_MIN_AGE)

    def entry(self, day: date) -> np.ndarray:
        """Per person the start of the benefit period running on ``day`` (the latest-starting
        one), or the day itself when none runs — the clock of a client never contacted, as
        :func:`lotse.contacts.selectors.entry_date` for one client."""
        d = dnum(day)
        running = (self.start <= d) & (self.end >= d)
        none = np.iinfo(np.int64).min
        latest = np.full(self.persons, none, dtype=np.int64)
        np.maximum.at(latest, self.person[running], self.start[running])
        return np.where(latest == none, d, latest)

    def long_term(self, day: date) -> np.ndarray:
        """Indexes of the long-term recipients on ``day``: in the stock, 17 or older, and with
        benefits on ≥ 638 of the 730 days up to the day."""
        last = dnum(day)
        first = last - LONG_TERM_WINDOW_DAYS + 1
        covered = days_within(self._pieces, first, last, self.persons)
        stock = self.stock(day)
        stock = stock[covered[stock] >= LONG_TERM_MIN_DAYS]
        if self.birth is not None:
            stock = stock[self._seventeen[stock] <= last]
        return stock


@dataclass(frozen=True)
class Integrations:
    person: np.ndarray
    start: np.ndarray
    end: np.ndarray  # OPEN_END while employed
    kind: np.ndarray  # strings

    def counted(self) -> np.ndarray:
        """Mask of the kinds K2 counts (read-only; computed once per set of columns)."""
        return self._counted

    @cached_property
    def _counted(self) -> np.ndarray:
        mask = np.isin(self.kind, COUNTED_INTEGRATION_KINDS)
        mask.flags.writeable = False
        return mask


def month_end(day: date) -> date:
    return add_months(date(day.year, day.month, 1), 1) - timedelta(days=1)


def month_ends_back(last: date, months: int) -> list[date]:
    """The ends of ``months`` months, the last being the month of ``last`` (oldest first)."""
    first = date(last.year, last.month, 1)
    return [month_end(add_months(first, -i)) for i in range(months - 1, -1, -1)]


def count_integrations(
    integrations: Integrations, first: date, last: date, select: np.ndarray | None = None
) -> int:
    """Counted integrations starting in [first, last], at most one per person and month.

    ``select`` (a boolean mask over the integrations) narrows to a group, e.g. the
    integrations of single parents."""
    mask = integrations.counted() & (integrations.start >= dnum(first)) & (integrations.start <= dnum(last))
    if select is not None:
        mask &= select
    keys = integrations.person[mask] * BIG + month_numbers(integrations.start[mask])
    return int(np.unique(keys).size)


@dataclass(frozen=True)
class Rate:
    count: int
    average_stock: float
    percent: float | None

    def as_json(self) -> dict:
        return {"count": self.count, "average_stock": round(self.average_stock, 1), "percent": self.percent}


def rate(count: int, stocks: list[int]) -> Rate:
    average = sum(stocks) / len(stocks) if stocks else 0.0
    percent = share_percent(count, average)
    return Rate(count, average, percent)


def integration_rate(
    benefits: Benefits,
    integrations: Integrations,
    month: date,
    group: Callable[[date], np.ndarray] | None = None,
    select: np.ndarray | None = None,
) -> Rate:
    """K2 for the month of ``month``: twelve months of integrations over the average stock.

    ``group`` (a boolean mask over person indexes for a month end) and ``select`` (a mask
    over the integrations) give the rate of a target group, e.g. single parents."""
    ends = month_ends_back(month, 12)
    first = date(ends[0].year, ends[0].month, 1)
    stocks = []
    for end in ends:
        stock = benefits.stock_mask(end)
        stocks.append(int(np.count_nonzero(stock if group is None else group(end) & stock)))
    return rate(count_integrations(integrations, first, ends[-1], select), stocks)


def change_percent(now: float | None, before: float | None) -> float | None:
    """(ratio − 1) × 100, the form of K3 and K1: +2.0 means 2 % more than a year earlier."""
    if now is None or not before:
        return None
    return round((now / before - 1) * 100, 1)


def continued_employment(integrations: Integrations, month: date) -> Rate:
    """Share of the integrations a year old that still last twelve months after their start."""
    first_of_month = date(month.year, month.month, 1)
    cohort_first = dnum(add_months(first_of_month, -23))
    cohort_last = dnum(month_end(add_months(first_of_month, -12)))
    mask = integrations.counted() & (integrations.start >= cohort_first) & (integrations.start <= cohort_last)
    start, stop = integrations.start[mask], integrations.end[mask]
    lasting = int(np.count_nonzero(stop > add_months_days(start, 12)))
    total = int(start.size)
    return Rate(lasting, float(total), share_percent(lasting, total))
