"""Ship the preset "Hagen 2016" (Fachkonzept Alleinerziehende, Jobcenter Hagen) (completed) as the default rule set."""

from pathlib import Path

import yaml
from django.db import migrations

PRESET = Path(__file__).resolve().parent.parent / "presets" / "hagen_2016.yaml"


def load(apps, schema_editor):
    RuleSet = apps.get_model("routing", "RuleSet")
    Rule = apps.get_model("routing", "Rule")
    doc = yaml.safe_load(PRESET.read_text(encoding="utf-8"))
    if RuleSet.objects.filter(name=doc["name"]).exists():
        return
    rule_set = RuleSet.objects.create(name=doc["name"], valid_from=doc["valid_from"],
                                      valid_to=doc["valid_to"], description=doc["description"])
    for position, item in enumerate(doc["rules"], start=1):
        Rule.objects.create(rule_set=rule_set, position=position, code=item["code"],
                            label=item["label"], conditions=item.get("when") or {},
                            team_kind=item["team_kind"],
                            specialisation=item.get("specialisation") or "")


class Migration(migrations.Migration):
    dependencies = [("routing", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
