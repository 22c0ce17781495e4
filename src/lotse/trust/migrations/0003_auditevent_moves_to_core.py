"""The audit trail's model state now lives in core (core migration 0002); the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("trust", "0002_append_only_trigger"), ("core", "0002_auditevent")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
    ]
