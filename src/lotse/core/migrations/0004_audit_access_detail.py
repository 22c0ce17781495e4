"""Audit entries get a detail (what changed in a user's access) and the action "access".

On SQLite adding a column rebuilds the table, which drops its triggers: the append-only
trigger of trust 0002 is created again (PostgreSQL keeps it)."""

from django.db import migrations, models

CREATE_SQLITE = """
CREATE TRIGGER IF NOT EXISTS trust_auditevent_no_update BEFORE UPDATE ON trust_auditevent
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only (trust_auditevent cannot be updated)');
END;
"""


def trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE_SQLITE)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_denied"),
        ("trust", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="detail",
            field=models.CharField(blank=True, max_length=500, verbose_name="detail"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("read", "read"),
                    ("write", "write"),
                    ("export", "export"),
                    ("denied", "denied"),
                    ("access", "access rights"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.RunPython(trigger_again, migrations.RunPython.noop),
    ]
