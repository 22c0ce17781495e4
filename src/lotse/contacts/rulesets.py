"""Contact rule sets in the database: the one valid on a date, import, presets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from django.db import transaction

from lotse.contacts.models import ContactRuleSet
from lotse.core.models import valid_on
from lotse.domain.contact_rules import ContactRuleSet as RuleSetSpec
from lotse.domain.contact_rules import parse_contact_rule_set

PRESETS = Path(__file__).parent / "presets"
DEFAULT_PRESETS = ("mettmann_2014", "darmstadt_2017")


def load_preset(name: str) -> dict:
    return yaml.safe_load((PRESETS / f"{name}.yaml").read_text(encoding="utf-8"))


@transaction.atomic
def contact_rule_set_import(*, document: dict, replace: bool = False) -> ContactRuleSet:
    spec = parse_contact_rule_set(document)  # raises RuleError with the rule and field
    existing = ContactRuleSet.objects.filter(name=spec.name).first()
    if existing and not replace:
        raise ValueError(f"a contact rule set named '{spec.name}' exists; use --replace")
    if existing:
        existing.delete()
    doc = dict(document)
    for key in ("valid_from", "valid_to"):
        if doc.get(key) is not None:
            doc[key] = str(doc[key])
    return ContactRuleSet.objects.create(
        name=spec.name, valid_from=spec.valid_from, valid_to=spec.valid_to, document=doc
    )


def ensure_presets() -> None:
    if not ContactRuleSet.objects.exists():
        for name in DEFAULT_PRESETS:
            contact_rule_set_import(document=load_preset(name))


def contact_rule_set_on(as_of: date) -> RuleSetSpec | None:
    """The contact rule set valid on the date (an evaluation of an earlier month uses the
    set valid then); None when no set is valid."""
    ensure_presets()
    row = ContactRuleSet.objects.filter(valid_on(as_of)).order_by("-valid_from", "-pk").first()
    return parse_contact_rule_set(row.document) if row else None
