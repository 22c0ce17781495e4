"""The Kassel preset as the Jobcenter Stadt Kassel describes it ("Ein Jahr erfolgreiche
Aufsuchende Beratung", 31.03.2023): since April 2022, six months without contact while the
other ways of contact have broken off too; no missed-appointments trigger (that was never
Kassel's). A preset the Jobcenter changed is left as it is."""

from datetime import date

from django.db import migrations


def forwards(apps, schema_editor):
    OutreachRule = apps.get_model("outreach", "OutreachRule")
    OutreachRule.objects.filter(name="Kassel 2019", gap_months=6, missed_in_row=3).update(
        name="Kassel 2022", valid_from=date(2022, 4, 1), missed_in_row=0, other_ways=True
    )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_rule_other_ways")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
