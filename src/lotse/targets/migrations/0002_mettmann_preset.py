"""The Zielvereinbarung 2014 Mettmann as a shipped template."""

from django.db import migrations


def add_preset(apps, schema_editor):
    from lotse.targets.presets import install_preset, load_preset

    install_preset(apps.get_model("targets", "TargetAgreement"), apps.get_model("targets", "Target"), load_preset())


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(add_preset, migrations.RunPython.noop)]
