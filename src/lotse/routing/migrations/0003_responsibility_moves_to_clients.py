"""The current responsibility's model state now lives in the clients app (clients 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("routing", "0002_hagen_2016_preset"), ("clients", "0003_responsibility")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="Responsibility")],
        ),
    ]
