"""Conditions on derived facts, shared by routing rules and contact rules.

A condition names a derived fact and the value it must have: ``true``/``false`` for a
yes/no fact, a list of allowed values for the others. One vocabulary, one validation,
one matcher, so a rule means the same in both rule books.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

# condition name -> kind of value it takes ("bool" or "list": one of the listed values)
CONDITIONS: dict[str, str] = {
    "single_parent": "bool",
    "expected_single_parent": "bool",
    "u25": "bool",
    "self_employed": "bool",
    "severely_disabled": "bool",
    "rehabilitant": "bool",
    "reha": "bool",  # severely disabled, equal status or rehabilitant
    "case_management": "bool",
    "long_term": "bool",
    "single_household": "bool",
    "status": "list",
    "market_distance": "list",
    "profile": "list",
    "district": "list",
}

Conditions = tuple[tuple[str, object], ...]


class RuleError(ValueError):
    """A rule that cannot be used; the message says which rule and what is wrong."""


FACT_OF_CONDITION: dict[str, str] = {
    "single_parent": "is_single_parent",
    "expected_single_parent": "is_expected_single_parent",
    "u25": "is_u25",
    "self_employed": "is_self_employed",
    "severely_disabled": "is_severely_disabled",
    "rehabilitant": "is_rehabilitant",
    "reha": "is_reha",
    "case_management": "is_case_management",
    "long_term": "is_long_term",
    "single_household": "is_single_household",
    "status": "status",
    "market_distance": "market_distance",
    "profile": "profile",
}
"""Which derived fact each condition reads (``district`` is the client's district)."""


def condition_values(facts: Any, district: Any) -> dict[str, Any]:
    """The values the conditions are checked against: from one person's
    :class:`lotse.domain.facts.Facts` (one value each), or from everyone's
    :class:`lotse.domain.fact_columns.FactColumns` (one array each)."""
    values = {name: getattr(facts, field) for name, field in FACT_OF_CONDITION.items()}
    values["district"] = district
    return values


def freeze_conditions(code: str, conditions: Mapping[str, object]) -> Conditions:
    """Validate a rule's conditions and make them hashable (lists become tuples)."""
    frozen = []
    for name, expected in conditions.items():
        kind = CONDITIONS.get(name)
        if kind is None:
            raise RuleError(f"rule {code}: unknown condition '{name}' (known: {', '.join(CONDITIONS)})")
        if kind == "bool" and not isinstance(expected, bool):
            raise RuleError(f"rule {code}: condition '{name}' takes true or false")
        if kind == "list" and not (
            isinstance(expected, list | tuple) and all(isinstance(v, str) for v in expected)
        ):
            raise RuleError(f"rule {code}: condition '{name}' takes a list of values")
        frozen.append((name, tuple(expected) if isinstance(expected, list | tuple) else expected))
    return tuple(frozen)


def holding(
    conditions: Conditions, values: Mapping[str, np.ndarray], rows: np.ndarray | None = None
) -> np.ndarray:
    """Mask over persons (or over ``rows`` of them) of those for whom all conditions hold:
    :func:`failing` for a whole column at once."""
    size = len(next(iter(values.values()))) if rows is None else rows.size
    mask = np.ones(size, dtype=bool)
    for name, expected in conditions:
        column = values[name] if rows is None else values[name][rows]
        if isinstance(expected, tuple):
            mask &= np.isin(column.astype(object), list(expected))
        else:
            mask &= column.astype(bool) == expected
    return mask


def failing(conditions: Conditions, values: Mapping[str, object]) -> tuple[str, ...]:
    """Names of the conditions that do not hold (empty: all hold)."""
    failed = []
    for name, expected in conditions:
        actual = values.get(name)
        if not (actual in expected if isinstance(expected, tuple) else actual == expected):
            failed.append(name)
    return tuple(failed)
