"""Routing rule sets in the database: which one is valid on a date, import and export."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core import data_version
from lotse.core.audit import record
from lotse.core.errors import Refused
from lotse.core.kept import kept_per_config_version
from lotse.core.models import AuditAction, valid_on
from lotse.domain.routing import RoutingRule
from lotse.domain.rule_documents import RuleSetSpec, parse_rule_set
from lotse.routing.models import Rule, RuleSet

PRESETS = Path(__file__).parent / "presets"


class NoRuleSet(LookupError):
    pass


def rule_set_on(as_of: date) -> RuleSet:
    """The non-draft rule set valid on the date (the latest-starting one on overlap)."""
    found = RuleSet.objects.filter(valid_on(as_of), is_draft=False).order_by("-valid_from", "-pk").first()
    if found is None:
        raise NoRuleSet(f"no routing rule set is valid on {as_of}; import one with 'lotse rules import FILE'")
    return found


def rules_of(rule_set: RuleSet) -> tuple[RoutingRule, ...]:
    return tuple(
        RoutingRule.build(r.code, r.label, r.team_kind, r.specialisation or None, r.conditions)
        for r in rule_set.rules.order_by("position")
    )


def hierarchy_on(as_of: date) -> tuple[str, tuple[RoutingRule, ...]] | None:
    """The name and rules of the rule set valid on the date (None: none is), kept per
    configuration version: every client record explains its routing with them."""

    def load() -> tuple[str, tuple[RoutingRule, ...]] | None:
        try:
            rule_set = rule_set_on(as_of)
        except NoRuleSet:
            return None
        return rule_set.name, rules_of(rule_set)

    return kept_per_config_version(("routing hierarchy", as_of), load)


def rule_labels(as_of: date) -> dict[str, str]:
    """Rule code -> label as a person reads it: the rule set valid on the date first, then
    rules of other sets (a client routed under an older set keeps its code), and the manual
    override. Two queries."""
    labels = {"override": str(_("manual override"))}
    for code, text in Rule.objects.order_by("rule_set__valid_from").values_list("code", "label"):
        labels[code] = text
    try:
        current = rule_set_on(as_of)
    except NoRuleSet:
        return labels
    labels.update(current.rules.values_list("code", "label"))
    return labels


def document_of(rule_set: RuleSet) -> dict:
    """The YAML-ready document of a rule set (what `lotse rules export` prints)."""
    return {
        "kind": "routing",
        "name": rule_set.name,
        "valid_from": rule_set.valid_from.isoformat(),
        "valid_to": rule_set.valid_to.isoformat() if rule_set.valid_to else None,
        "draft": rule_set.is_draft,
        "description": rule_set.description,
        "rules": [
            {
                "code": r.code,
                "label": r.label,
                "when": r.conditions,
                "team_kind": r.team_kind,
                **({"specialisation": r.specialisation} if r.specialisation else {}),
            }
            for r in rule_set.rules.order_by("position")
        ],
    }


@transaction.atomic
def rule_set_import(*, document: dict, replace: bool = False) -> RuleSet:
    """Store a rule-set document; an existing set of the same name is replaced only on request."""
    draft = bool(document.pop("draft", False)) if isinstance(document, dict) else False
    spec: RuleSetSpec = parse_rule_set(document)
    existing = RuleSet.objects.filter(name=spec.name).first()
    if existing and not replace:
        raise ValueError(f"a rule set named '{spec.name}' exists; use --replace to overwrite it")
    if existing:
        existing.delete()
    rule_set = RuleSet.objects.create(
        name=spec.name,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
        description=spec.description,
        is_draft=draft,
    )
    Rule.objects.bulk_create(
        Rule(
            rule_set=rule_set,
            position=i,
            code=r.code,
            label=r.label,
            team_kind=r.team_kind,
            specialisation=r.specialisation or "",
            conditions={k: list(v) if isinstance(v, tuple) else v for k, v in r.conditions},
        )
        for i, r in enumerate(spec.rules, start=1)
    )
    data_version.advance()  # a configuration change: nothing kept under the old rules
    return rule_set


@transaction.atomic
def routing_rule_set_new_version(*, base: RuleSet, document: dict, user=None) -> RuleSet:
    """Save an edited hierarchy as a new version from its valid-from date.

    Earlier days keep the hierarchy valid then (handovers already recorded keep their
    reason): the version it replaces ends the day before, nothing is overwritten. Refused
    when the name is taken, when the new version would not start after the one it
    replaces, or when a later version exists already (it would hide this one from its
    start). The clients are re-routed by the next routing run on or after the date.
    """
    spec = parse_rule_set(dict(document))  # RuleError names the rule and the field
    base = RuleSet.objects.select_for_update().get(pk=base.pk)
    if RuleSet.objects.filter(name=spec.name).exists():
        raise Refused(_("A routing rule set of this name exists already."), field="name")
    if spec.valid_from <= base.valid_from:
        raise Refused(
            _("A new version must start after the version it replaces (valid from %(day)s).")
            % {"day": base.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    later = RuleSet.objects.filter(valid_from__gt=base.valid_from, is_draft=False).exclude(pk=base.pk).first()
    if later is not None and not base.is_draft:
        raise Refused(
            _("'%(name)s' (valid from %(day)s) replaced this version already; edit that one.")
            % {"name": later.name, "day": later.valid_from.strftime("%d.%m.%Y")},
            field="valid_from",
        )
    if not base.is_draft and (base.valid_to is None or base.valid_to >= spec.valid_from):
        base.valid_to = spec.valid_from - timedelta(days=1)
        base.save(update_fields=["valid_to"])
    created = rule_set_import(document=dict(document))
    record(action=AuditAction.WRITE, what=f"routing rule set: {spec.name}", user=user)
    return created


# The shipped sets: the Hagen concept for its validity (30.05.2016–31.12.2017) and its
# continuation from 2018, so that every date from 2016 on has a rule set.
DEFAULT_PRESETS = ("hagen_2016", "hagen_2018")


def load_preset(name: str = "hagen_2016") -> dict:
    return yaml.safe_load((PRESETS / f"{name}.yaml").read_text(encoding="utf-8"))


def ensure_default_rule_set() -> None:
    """An installation without any rule set (fresh, or flushed) gets the shipped preset; run
    after ``migrate`` (:mod:`lotse.routing.apps`), never on a read.

    A Jobcenter that deleted it on purpose has other sets, so nothing is re-created then.
    """
    if not RuleSet.objects.exists():
        for name in DEFAULT_PRESETS:
            rule_set_import(document=load_preset(name))
