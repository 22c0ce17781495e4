"""The Hagen concept is "zunächst gültig bis zum 31.12.2017": the shipped set ends then, and
its continuation from 2018 (the same hierarchy) is added, so no later date is left without a
rule set. An installation that changed the shipped set (another end date, or a set of its own
from 2018) is left as it is."""

from datetime import date
from pathlib import Path

import yaml
from django.db import migrations

PRESETS = Path(__file__).resolve().parent.parent / "presets"


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("routing", "RuleSet")
    Rule = apps.get_model("routing", "Rule")
    # 0002 reads the preset file, which now carries the end date itself
    end = date(2017, 12, 31)
    hagen = RuleSet.objects.filter(name="Hagen 2016").filter(valid_to__isnull=True).first() or (
        RuleSet.objects.filter(name="Hagen 2016", valid_to=end).first()
    )
    if hagen is None or RuleSet.objects.filter(valid_from__gt=date(2017, 12, 31), is_draft=False).exists():
        return
    hagen.valid_to = end
    hagen.save(update_fields=["valid_to"])
    doc = yaml.safe_load((PRESETS / "hagen_2018.yaml").read_text(encoding="utf-8"))
    if RuleSet.objects.filter(name=doc["name"]).exists():
        return
    successor = RuleSet.objects.create(
        name=doc["name"], valid_from=doc["valid_from"], valid_to=None, description=doc["description"]
    )
    for rule in Rule.objects.filter(rule_set=hagen).order_by("position"):
        Rule.objects.create(
            rule_set=successor,
            position=rule.position,
            code=rule.code,
            label=rule.label,
            conditions=rule.conditions,
            team_kind=rule.team_kind,
            specialisation=rule.specialisation,
        )


class Migration(migrations.Migration):
    dependencies = [("routing", "0003_responsibility_moves_to_clients")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
