"""The arithmetic of a target agreement's plan values (Zielvereinbarung 2014 Mettmann; SPEC S9).

A plan is a value ("K2 at least 20.6", "agreement quota at least 80 %") or a change against
the previous year ("+5 % integrations of U25"). For a month of the year it means:

- a rate or a share: the value itself, every month;
- a yearly count or sum: the value pro rata, ``plan × month / 12`` (K1's forecast, counts
  agreed as a number);
- a change: the same months of the previous year × (1 + change / 100).

An actual achieves the plan when it is at least (``at_least``) or at most (``at_most``) the
plan to date; a ``monitor`` figure (K1) is observed, never judged.
"""

from __future__ import annotations

AT_LEAST, AT_MOST, MONITOR = "at_least", "at_most", "monitor"
VALUE, CHANGE = "value", "change_vs_previous_year_pct"


def pro_rata(plan: float, month: int, digits: int = 1) -> float:
    """A yearly plan for the months January to ``month`` (1–12)."""
    return round(plan * month / 12, digits)


def after_change(previous: float, change_percent: float) -> float:
    """Last year's figure changed by the agreed percentage (rounded to one decimal)."""
    return round(previous * (1 + change_percent / 100), 1)


def count_plan_to_date(basis: str, plan: float, month: int, previous: float) -> float:
    """What a yearly count's plan means from January to ``month``."""
    return after_change(previous, plan) if basis == CHANGE else pro_rata(plan, month)


def achieved(direction: str, actual: float | None, goal: float | None) -> bool | None:
    """Whether the actual meets the plan to date; None for monitoring or a missing value."""
    if actual is None or goal is None or direction == MONITOR:
        return None
    return actual >= goal if direction == AT_LEAST else actual <= goal
