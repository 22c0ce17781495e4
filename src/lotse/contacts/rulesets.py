"""Contact rule sets in the database: the one valid on a date, import, presets."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.contacts.models import ContactRuleSet
from lotse.core import data_version
from lotse.core.audit import record
from lotse.core.errors import Refused
from lotse.core.kept import kept_per_config_version
from lotse.core.models import AuditAction, valid_on
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
    created = ContactRuleSet.objects.create(
        name=spec.name, valid_from=spec.valid_from, valid_to=spec.valid_to, document=doc
    )
    data_version.advance()  # a configuration change: nothing kept under the old rules
    return created


@transaction.atomic
def contact_rule_set_new_version(*, base: ContactRuleSet, document: dict, user=None) -> ContactRuleSet:
    """Save an edited rule set as a new version from its valid-from date.

    Earlier months keep the rules valid then: the version it replaces ends the day before
    (evaluations of those months are unchanged), nothing is overwritten. Refused when the
    name is taken or the new version would not start after the one it replaces, or when a
    later version exists already (it would hide this one from its start).
    """
    spec = parse_contact_rule_set(document)  # RuleError names the rule and the field
    base = ContactRuleSet.objects.select_for_update().get(pk=base.pk)
    if ContactRuleSet.objects.filter(name=spec.name).exists():
        raise Refused(_("A contact rule set of this name exists already."), field="name")
    if spec.valid_from <= base.valid_from:
        raise Refused(
            _("A new version must start after the version it replaces (valid from %(day)s).")
            % {"day": base.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    later = ContactRuleSet.objects.filter(valid_from__gt=base.valid_from).exclude(pk=base.pk).first()
    if later is not None:
        raise Refused(
            _("'%(name)s' (valid from %(day)s) replaced this version already; edit that one.")
            % {"name": later.name, "day": later.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    if base.valid_to is None or base.valid_to >= spec.valid_from:
        base.valid_to = spec.valid_from - timedelta(days=1)
        base.document = {**base.document, "valid_to": base.valid_to.isoformat()}
        base.save(update_fields=["valid_to", "document"])
    created = ContactRuleSet.objects.create(
        name=spec.name, valid_from=spec.valid_from, valid_to=spec.valid_to, document=document
    )
    record(action=AuditAction.WRITE, what=f"contact rule set: {spec.name}", user=user)
    return created


def ensure_presets() -> None:
    """The shipped rule sets (Darmstadt 2017, Mettmann 2014) on an installation without any;
    run after ``migrate`` (:mod:`lotse.contacts.apps`), never on a read."""
    if not ContactRuleSet.objects.exists():
        for name in DEFAULT_PRESETS:
            contact_rule_set_import(document=load_preset(name))


def contact_rule_set_on(as_of: date, version: data_version.Version | None = None) -> RuleSetSpec | None:
    """The contact rule set valid on the date (an evaluation of an earlier month uses the
    set valid then); None when no set is valid. Kept per configuration version (rule sets
    are configuration): every worklist and client record asks for it."""

    def parsed() -> RuleSetSpec | None:
        row = ContactRuleSet.objects.filter(valid_on(as_of)).order_by("-valid_from", "-pk").first()
        return parse_contact_rule_set(row.document) if row else None

    return kept_per_config_version(("contact rule set", as_of), parsed, version)


def exported(document: dict) -> dict:
    """The stored document as the YAML format writes it: JSON keeps the guide values' months
    as strings, YAML reads and writes them as numbers (``{1: 45, 3: 80, 6: 95}``)."""
    guide = document.get("guide_values")
    return {**document, "guide_values": {int(k): v for k, v in guide.items()}} if guide else document
