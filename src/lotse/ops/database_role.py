"""The application's own, less-privileged PostgreSQL role (docs/operations.md).

The web server and the scheduled jobs connect as a role that may read and write the tables
but may not change or remove the audit trail: ``SELECT`` and ``INSERT`` on it, no
``UPDATE``, ``DELETE`` or ``TRUNCATE`` (the trigger of trust 0002 refuses updates even for the
owner). The owner role runs ``lotse migrate`` and the retention run, which removes the audit
entries of deleted persons. With ``LOTSE_DB_APP_ROLE`` set, every ``migrate`` grants the
role exactly that on every table, so a new table is covered at once.
"""

from __future__ import annotations

from django.db import connections

AUDIT_TABLE = "trust_auditevent"


class RoleMissing(RuntimeError):
    pass


def grant_app_role(role: str, using: str = "default") -> None:
    """Give ``role`` the application's privileges on the database of ``using`` (PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise RoleMissing(
                f"The database role {role!r} (LOTSE_DB_APP_ROLE) does not exist. Create it as the "
                f"database administrator: CREATE ROLE {role} LOGIN PASSWORD '…';"
            )
        name, schema = quote(role), quote(connection.settings_dict.get("OPTIONS", {}).get("schema", "public"))
        cursor.execute(f"GRANT CONNECT ON DATABASE {quote(connection.settings_dict['NAME'])} TO {name}")
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {name}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}")
        cursor.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {name}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(AUDIT_TABLE)} FROM {name}")
        cursor.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON django_migrations FROM {name}")
