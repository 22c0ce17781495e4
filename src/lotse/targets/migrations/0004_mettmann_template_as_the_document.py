"""The shipped Mettmann template as the document has it: the contact-density target is the
agreement's own rule (2 contacts a year, 6 for single households) and not Darmstadt's
"within 6 months ≥ 95 %"; the agreement quota and the contact density are municipal targets
(section V), and so are the housing costs, now a target figure. Only the shipped template
(is_preset) is replaced; agreements copied from it stay as they are."""

from django.db import migrations


def forwards(apps, schema_editor):
    from lotse.targets.presets import install_preset, load_preset

    TargetAgreement = apps.get_model("targets", "TargetAgreement")
    Target = apps.get_model("targets", "Target")
    TargetAgreement.objects.filter(is_preset=True, year=2014).delete()
    install_preset(TargetAgreement, Target, load_preset())


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_figures_own_rules_and_housing")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
