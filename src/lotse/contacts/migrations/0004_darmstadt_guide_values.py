"""The Darmstadt guide values (45 / 80 / 95 %) become part of the shipped Darmstadt rule set
("Als Richtwert gilt hierbei ...", answer 3); they were a constant in the evaluation's code.
Rule sets that name their own guide values keep them."""

from django.db import migrations

DARMSTADT = {"1": 45, "3": 80, "6": 95}


def forwards(apps, schema_editor):
    ContactRuleSet = apps.get_model("contacts", "ContactRuleSet")
    for rule_set in ContactRuleSet.objects.filter(name="Darmstadt 2017"):
        if not rule_set.document.get("guide_values"):
            rule_set.document = {**rule_set.document, "guide_values": DARMSTADT}
            rule_set.save(update_fields=["document"])


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_deviation_per_year")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
