"""Reading a routing rule-set document (the YAML of `lotse rules import`) into rules.

Pure: takes the already-parsed mapping, returns a :class:`RuleSetSpec` or raises
:class:`RuleError` with a message that names the rule and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lotse.domain.routing import RoutingRule, RuleError


@dataclass(frozen=True)
class RuleSetSpec:
    name: str
    valid_from: date
    valid_to: date | None
    description: str
    rules: tuple[RoutingRule, ...]


def _date(value: object, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{field}: '{value}' is not a date of the form YYYY-MM-DD") from None


def parse_rule_set(doc: object) -> RuleSetSpec:
    if not isinstance(doc, dict):
        raise RuleError("the document must be a mapping with kind, name, valid_from and rules")
    if doc.get("kind") != "routing":
        raise RuleError(f"kind: expected 'routing', found '{doc.get('kind')}'")
    for key in ("name", "valid_from", "rules"):
        if not doc.get(key):
            raise RuleError(f"{key}: missing")
    valid_from = _date(doc["valid_from"], "valid_from")
    valid_to = _date(doc.get("valid_to"), "valid_to")
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        raise RuleError(f"valid_to: {valid_to} is before valid_from {valid_from}")
    rules = []
    codes: set[str] = set()
    for i, item in enumerate(doc["rules"], start=1):
        if not isinstance(item, dict):
            raise RuleError(f"rules[{i}]: must be a mapping")
        code = str(item.get("code") or "")
        if not code:
            raise RuleError(f"rules[{i}]: code missing")
        if code in codes:
            raise RuleError(f"rules[{i}]: code '{code}' appears twice")
        codes.add(code)
        unknown = set(item) - {"code", "label", "when", "team_kind", "specialisation"}
        if unknown:
            raise RuleError(f"rule {code}: unknown field(s) {', '.join(sorted(unknown))}")
        if not item.get("team_kind"):
            raise RuleError(f"rule {code}: team_kind missing")
        when = item.get("when") or {}
        if not isinstance(when, dict):
            raise RuleError(f"rule {code}: when must be a mapping of conditions")
        rules.append(
            RoutingRule.build(
                code, str(item.get("label") or code), str(item["team_kind"]), item.get("specialisation"), when
            )
        )
    if rules[-1].conditions:
        raise RuleError(
            f"rule {rules[-1].code}: the last rule must have no conditions "
            f"(a catch-all), so that no client is dropped"
        )
    return RuleSetSpec(
        str(doc["name"]), valid_from, valid_to, str(doc.get("description") or ""), tuple(rules)
    )
