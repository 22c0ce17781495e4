"""A trigger refuses any UPDATE of an audit entry, whoever sends it (PostgreSQL and SQLite)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION lotse_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only (trust_auditevent cannot be updated)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trust_auditevent_no_update BEFORE UPDATE ON trust_auditevent
    FOR EACH ROW EXECUTE FUNCTION lotse_audit_append_only();
"""
CREATE_SQLITE = """
CREATE TRIGGER trust_auditevent_no_update BEFORE UPDATE ON trust_auditevent
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only (trust_auditevent cannot be updated)');
END;
"""
DROP = """
DROP TRIGGER IF EXISTS trust_auditevent_no_update ON trust_auditevent;
DROP FUNCTION IF EXISTS lotse_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE_SQLITE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS trust_auditevent_no_update")


class Migration(migrations.Migration):
    dependencies = [("trust", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
