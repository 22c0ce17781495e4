"""The Kassel preset: the Jobcenter Stadt Kassel's outreach project counts a client as lost after six months
without a counting contact; three missed appointments in a row are the second trigger."""

from datetime import date

from django.db import migrations


def add_preset(apps, schema_editor):
    OutreachRule = apps.get_model("outreach", "OutreachRule")
    OutreachRule.objects.get_or_create(
        name="Kassel 2019", defaults={"gap_months": 6, "missed_in_row": 3, "valid_from": date(2019, 1, 1)}
    )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(add_preset, migrations.RunPython.noop)]
