"""lotse rules import FILE | lotse rules export [--name NAME] — rule sets as YAML."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import CommandError

from lotse.agreements.models import AgreementRules
from lotse.agreements.rules import agreement_rules_document, agreement_rules_import
from lotse.contacts.models import ContactRuleSet
from lotse.contacts.rulesets import contact_rule_set_import, exported
from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.models import valid_on
from lotse.domain.routing import RuleError
from lotse.routing.models import RuleSet
from lotse.routing.rulesets import NoRuleSet, document_of, rule_set_import, rule_set_on


class Command(LotseCommand):
    help = "Import or export rule sets as YAML (kind: routing, contact_density or agreement_rules)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a rule-set YAML file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--replace", action="store_true", help="replace a rule set of the same name")
        exp = sub.add_parser("export", help="print a rule set as YAML")
        exp.add_argument("--name", default=None)
        exp.add_argument(
            "--kind", choices=["routing", "contact_density", "agreement_rules"], default="routing"
        )
        exp.add_argument(
            "--as-of", dest="as_of", default=None, help="export the set valid on this date (default: today)"
        )

    def handle(self, *args, action, **options):
        if action == "import":
            path: Path = options["file"]
            try:
                document = yaml.safe_load(path.read_text(encoding="utf-8"))
                if isinstance(document, dict) and document.get("kind") == "agreement_rules":
                    rules = agreement_rules_import(document=document, replace=options["replace"])
                    self.stdout.write(
                        f"Imported agreement rules '{rules.name}', valid from {rules.valid_from}."
                    )
                    return
                if isinstance(document, dict) and document.get("kind") == "contact_density":
                    contact_set = contact_rule_set_import(document=document, replace=options["replace"])
                    self.stdout.write(
                        f"Imported contact rule set '{contact_set.name}', valid from "
                        f"{contact_set.valid_from}."
                    )
                    return
                rule_set = rule_set_import(document=document, replace=options["replace"])
            except (OSError, yaml.YAMLError, RuleError, ValueError) as exc:
                raise CommandError(f"{path}: {exc}", returncode=2) from None
            self.stdout.write(
                f"Imported '{rule_set.name}' with {rule_set.rules.count()} rules, "
                f"valid from {rule_set.valid_from}."
            )
            return
        if options["kind"] == "agreement_rules":
            found = AgreementRules.objects.filter(valid_on(parse_as_of(options["as_of"]))).order_by(
                "-valid_from"
            )
            if options["name"]:
                found = AgreementRules.objects.filter(name=options["name"])
            if not found.exists():
                raise CommandError("no such agreement rules")
            document = agreement_rules_document(found.first())
            self.stdout.write(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
            return
        if options["kind"] == "contact_density":
            self.stdout.write(
                yaml.safe_dump(self._contact_document(options), allow_unicode=True, sort_keys=False)
            )
            return
        try:
            if options["name"]:
                rule_set = RuleSet.objects.get(name=options["name"])
            else:
                rule_set = rule_set_on(parse_as_of(options["as_of"]))
        except (RuleSet.DoesNotExist, NoRuleSet, ValueError) as exc:
            raise CommandError(str(exc) or "no such rule set") from None
        self.stdout.write(yaml.safe_dump(document_of(rule_set), allow_unicode=True, sort_keys=False))

    def _contact_document(self, options) -> dict:
        sets = ContactRuleSet.objects.order_by("-valid_from")
        if options["name"]:
            sets = sets.filter(name=options["name"])
        else:
            day = parse_as_of(options["as_of"])
            sets = sets.filter(valid_on(day))
        found = sets.first()
        if found is None:
            raise CommandError("no such contact rule set")
        return exported(found.document)
