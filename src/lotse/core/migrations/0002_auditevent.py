"""The audit trail moves from the trust app to core (every app writes it; core imports
no app). Only Django's model state moves: the table keeps its name and its triggers."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("trust", "0002_append_only_trigger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="time")),
                        ("actor", models.CharField(max_length=150, verbose_name="actor")),
                        ("action", models.CharField(choices=[("read", "read"), ("write", "write"), ("export", "export")], max_length=10, verbose_name="action")),
                        ("channel", models.CharField(choices=[("web", "web page"), ("api", "API"), ("cli", "command line")], max_length=10, verbose_name="channel")),
                        ("what", models.CharField(max_length=100, verbose_name="what")),
                        ("person_pk", models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="person")),
                        ("person_ref", models.CharField(blank=True, max_length=64, verbose_name="client number")),
                        ("purpose", models.CharField(blank=True, max_length=300, verbose_name="purpose")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="user")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit entries",
                        "db_table": "trust_auditevent",
                        "ordering": ["-at", "-pk"],
                        "indexes": [models.Index(fields=["person_pk", "at"], name="trust_audit_person__a6f707_idx")],
                    },
                ),
            ],
        ),
    ]
