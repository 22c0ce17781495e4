"""Compliance with the own contact rules, for all clients at once (SPEC S4).

The set-based twin of :func:`lotse.domain.contact_rules.evaluate`: every rule of the
rule set valid on the day applies to the clients whose segment conditions hold, and a
client is compliant when all applicable rules hold. ``max_interval``: the last contact in
the rule's channels (or the entry into benefits) plus N months — a justified deviation
valid on the day replaces N — is not before the day. ``min_per_year``: the contacts
since 1 January (or the entry) reach the number due so far when K contacts are spread
evenly over the year — a deviation's yearly count valid on the day replaces K.
Conditions are the facts of :mod:`lotse.domain.fact_columns` (through
:class:`lotse.clients.population.Population`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from lotse.contacts.models import Deviation
from lotse.core.columns import fetch_columns
from lotse.domain.conditions import holding
from lotse.domain.contact_rules import ContactRule, ContactRuleSet
from lotse.domain.day_numbers import BIG, add_months_days, day_numbers, dnum


@dataclass
class Compliance:
    compliant: np.ndarray  # per active client: all applicable rules hold
    deviation: np.ndarray  # per active client: a justified deviation is valid on the day


@dataclass
class DeviationsOn:
    """Per person the deviation valid on a day: its interval and its yearly count (0: none)."""

    months: np.ndarray
    per_year: np.ndarray

    @property
    def any(self) -> np.ndarray:
        return (self.months > 0) | (self.per_year > 0)

    def __getitem__(self, rows) -> DeviationsOn:
        return DeviationsOn(self.months[rows], self.per_year[rows])


class Deviations:
    """Justified deviations as arrays (person index, interval, yearly count, validity)."""

    def __init__(self, index) -> None:
        rows = fetch_columns(Deviation, "person_id", "interval_months", "per_year", "valid_from", "valid_to")
        self.person = index(rows[0].astype(np.int64)) if rows[0].size else np.zeros(0, np.int64)
        self.months = np.array([m or 0 for m in rows[1]], dtype=np.int64)
        self.per_year = np.array([c or 0 for c in rows[2]], dtype=np.int64)
        self.start = day_numbers(rows[3])
        self.end = day_numbers(rows[4], open_end=True)

    def on(self, day: date, persons: int) -> DeviationsOn:
        """Per person the deviation valid on the day (the earliest-starting one, as the client
        page shows it); zeros where none is valid."""
        d = dnum(day)
        rows = np.flatnonzero((self.start <= d) & (self.end >= d))
        months = np.zeros(persons, dtype=np.int64)
        per_year = np.zeros(persons, dtype=np.int64)
        if rows.size:
            rows = rows[np.lexsort((-self.start[rows], self.person[rows]))]
            last = np.r_[self.person[rows][1:] != self.person[rows][:-1], True]
            months[self.person[rows][last]] = self.months[rows][last]
            per_year[self.person[rows][last]] = self.per_year[rows][last]
        return DeviationsOn(months, per_year)


def _ceil_div(a: np.ndarray, b: int) -> np.ndarray:
    return -(-a // b)


def rule_holds(
    rule: ContactRule,
    keys: np.ndarray,
    clients: np.ndarray,
    day: date,
    entry: np.ndarray,
    deviation: DeviationsOn,
) -> np.ndarray:
    d = dnum(day)
    if rule.kind == "max_interval":
        assert rule.months is not None
        if keys.size:
            pos = np.searchsorted(keys, clients * BIG + d, side="right") - 1
            safe = np.maximum(pos, 0)
            found = (pos >= 0) & (keys[safe] // BIG == clients)
            base = np.where(found, keys[safe] % BIG, entry)
        else:
            base = entry
        months = np.where(deviation.months > 0, deviation.months, rule.months)
        due = np.empty(clients.size, dtype=np.int64)
        for n in np.unique(months):
            chosen = months == n
            due[chosen] = add_months_days(base[chosen], int(n))
        return d <= due
    assert rule.count is not None
    start = np.maximum(dnum(date(day.year, 1, 1)), entry)
    period = dnum(date(day.year, 12, 31)) - start + 1
    if keys.size:
        done = np.searchsorted(keys, clients * BIG + d, side="right") - np.searchsorted(
            keys, clients * BIG + start, side="left"
        )
    else:
        done = np.zeros(clients.size, dtype=np.int64)
    counts = np.where(deviation.per_year > 0, deviation.per_year, rule.count)
    required = np.zeros(clients.size, dtype=np.int64)
    for count in np.unique(counts):
        chosen = counts == count
        required[chosen] = sum(
            (start[chosen] + _ceil_div(k * period[chosen], int(count)) - 1 < d).astype(np.int64)
            for k in range(1, int(count) + 1)
        )
    return done >= required


def compliance(
    rule_set: ContactRuleSet,
    day: date,
    clients: np.ndarray,
    values: dict[str, np.ndarray],
    entry: np.ndarray,
    deviation: DeviationsOn,
    keys_for,
) -> Compliance:
    """``keys_for(channels)`` gives the sorted contact keys (client × BIG + day) in those channels."""
    ok = np.ones(clients.size, dtype=bool)
    for rule in rule_set.rules:
        mask = holding(rule.conditions, values, clients)
        if not mask.any():
            continue
        channels = (
            rule_set.counting_channels & set(rule.channels) if rule.channels else rule_set.counting_channels
        )
        holds = rule_holds(
            rule, keys_for(frozenset(channels)), clients[mask], day, entry[mask], deviation[mask]
        )
        ok[mask] &= holds
    return Compliance(ok, deviation.any)
