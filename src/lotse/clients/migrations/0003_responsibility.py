"""The current responsibility moves from the routing app to the clients app: it is read by
nearly every app (need-to-know, worklists, evaluations) and belongs below them. Only
Django's model state moves here; 0004 renames the table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_household_version"),
        ("organisation", "0004_jobcenter_retention_years"),
        ("routing", "0002_hagen_2016_preset"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Responsibility",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("rule_code", models.CharField(max_length=64, verbose_name="rule")),
                        ("since", models.DateField(verbose_name="since")),
                        ("person", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="responsibility", to="clients.person")),
                        ("staff", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="caseload", to="organisation.staff")),
                        ("team", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="responsibilities", to="organisation.team")),
                    ],
                    options={
                        "verbose_name": "responsibility",
                        "verbose_name_plural": "responsibilities",
                        "db_table": "routing_responsibility",
                        "indexes": [
                            models.Index(fields=["staff"], name="routing_res_staff_i_b4e436_idx"),
                            models.Index(fields=["team", "staff"], name="routing_res_team_id_0b1f74_idx"),
                        ],
                    },
                ),
            ],
        ),
    ]
