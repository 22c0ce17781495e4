"""Conditions on derived facts, shared by routing rules and contact rules.

A condition names a derived fact and the value it must have: ``true``/``false`` for a
yes/no fact, a list of allowed values for the others. One vocabulary, one validation,
one matcher, so a rule means the same in both rule books.
"""

from __future__ import annotations

from collections.abc import Mapping

from lotse.domain.facts import Facts

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


def condition_values(facts: Facts, district_id: str | None) -> dict[str, object]:
    """The values the conditions are checked against, from a person's facts on the date."""
    return {
        "single_parent": facts.is_single_parent,
        "expected_single_parent": facts.is_expected_single_parent,
        "u25": facts.is_u25,
        "self_employed": facts.is_self_employed,
        "severely_disabled": facts.is_severely_disabled,
        "rehabilitant": facts.is_rehabilitant,
        "reha": facts.is_reha,
        "case_management": facts.is_case_management,
        "long_term": facts.is_long_term,
        "single_household": facts.is_single_household,
        "status": facts.status,
        "market_distance": facts.market_distance,
        "profile": facts.profile,
        "district": district_id,
    }


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


def failing(conditions: Conditions, values: Mapping[str, object]) -> tuple[str, ...]:
    """Names of the conditions that do not hold (empty: all hold)."""
    failed = []
    for name, expected in conditions:
        actual = values.get(name)
        if not (actual in expected if isinstance(expected, tuple) else actual == expected):
            failed.append(name)
    return tuple(failed)
