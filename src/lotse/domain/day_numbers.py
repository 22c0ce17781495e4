"""Dates as day numbers in NumPy arrays: the unit of every set-based figure.

An analytics function loads its columns once, turns dates into integers (days since
1970-01-01) and answers each reference date with vectorised comparisons, instead of a
Python loop over clients. Open ends (``None``) become :data:`OPEN_END`.
"""

from __future__ import annotations

from datetime import date

import numpy as np

OPEN_END = int(np.datetime64("9999-12-31", "D").astype(np.int64))
BIG = 10_000_000  # greater than any day number: key = person index × BIG + day


def dnum(day: date) -> int:
    """A date as its day number (days since 1970-01-01)."""
    return int(np.datetime64(day, "D").astype(np.int64))


def day_numbers(values: np.ndarray | list, open_end: bool = False) -> np.ndarray:
    """Dates (``None`` = open end when ``open_end``) to day numbers, converted in NumPy."""
    values = np.asarray(values, dtype=object)
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    if open_end:
        values = np.where(values == None, np.datetime64("9999-12-31"), values)  # noqa: E711
    return values.astype("datetime64[D]").astype(np.int64)


def month_numbers(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers (the key "one per person and month")."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def add_months_days(days: np.ndarray, months: int | np.ndarray) -> np.ndarray:
    """Day numbers moved by whole months (one number for all, or one per day); a day that
    does not exist in the target month becomes that month's last day (31 August + 6 months
    = 28/29 February), as :func:`lotse.domain.contact_rules.add_months` does for one date."""
    as_days = days.astype("datetime64[D]")
    month = as_days.astype("datetime64[M]")
    offset = as_days - month.astype("datetime64[D]")
    target = month + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    last = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    return np.minimum(target.astype("datetime64[D]") + offset, last).astype(np.int64)


def _day_of_month(days: np.ndarray) -> np.ndarray:
    as_days = days.astype("datetime64[D]")
    return (as_days - as_days.astype("datetime64[M]")).astype(np.int64)


def anniversaries(births: np.ndarray, years: int | np.ndarray) -> np.ndarray:
    """Day numbers on which each person completes ``years`` years of life, as
    :func:`lotse.domain.dates.anniversary`: born on 29 February, at the start of 1 March
    in a non-leap year (§ 188 Abs. 3 BGB)."""
    moved = add_months_days(births, 12 * years)
    day_of, moved_day = _day_of_month(births), _day_of_month(moved)
    return moved + (day_of > moved_day)  # only 29 Feb → 28 Feb moves on to 1 March


def union_days(
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    first: int | np.ndarray,
    last: int | np.ndarray,
    persons: int,
) -> np.ndarray:
    """Days in [first, last] covered by each person's periods, overlaps counted once.
    ``first`` and ``last`` are one window for all or one per person. Returns an array of
    length ``persons``."""
    return days_within(covered_pieces(person, start, end), first, last, persons)


def covered_pieces(person: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each person's periods as disjoint pieces ``(person, from, to)`` with the same union:
    the days a period adds to those before it. Computed once, they answer every window
    without sorting again (:func:`days_within`); an empty piece has ``from > to``.

    Periods are sorted by (person, start); each then only adds the days after the latest
    end of the periods before it (a running maximum that cannot leak from one person to
    the next, because the key carries the person)."""
    if person.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    order = np.lexsort((start, person))
    p, s, e = person[order], start[order], end[order]
    keyed_end = p * BIG + e
    covered_until = np.maximum.accumulate(keyed_end)
    before = np.concatenate(([-1], covered_until[:-1]))
    same_person = (before // BIG) == p
    return p, np.where(same_person, np.maximum(s, before - p * BIG + 1), s), e


def days_within(
    pieces: tuple[np.ndarray, ...], first: int | np.ndarray, last: int | np.ndarray, persons: int
) -> np.ndarray:
    """Days in [first, last] covered by each person's disjoint pieces (:func:`covered_pieces`)."""
    p, since, until = pieces
    if p.size == 0:
        return np.zeros(persons, dtype=np.int64)
    if not np.isscalar(first):
        first, last = np.asarray(first)[p], np.asarray(last)[p]
    days = np.minimum(until, last) - np.maximum(since, first) + 1
    np.clip(days, 0, None, out=days)
    return np.bincount(p, weights=days, minlength=persons).astype(np.int64)
