from django.db import migrations

SPECIALISATIONS = {
    "single_parents": "Alleinerziehende (AEZ)",
    "u25_single_parents": "U25-Alleinerziehende (U25-AEZ)",
    "rehab": "Reha/SB",
    "self_employed": "Selbstständige",
    "case_management": "Fallmanagement",
    "outreach": "Aufsuchende Beratung",
}


def create(apps, schema_editor):
    Specialisation = apps.get_model("organisation", "Specialisation")
    for code, label in SPECIALISATIONS.items():
        Specialisation.objects.get_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
