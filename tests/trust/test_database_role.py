"""The application's less-privileged PostgreSQL role: it works the whole application and may
not change or remove the audit trail (issue 17, item 13). PostgreSQL only (CI runs it)."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from lotse.ops.database_role import grant_app_role

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="database roles are PostgreSQL's (CI runs this with DATABASE_URL)",
)
ROLE = "lotse_app_test"


def _ensure_role() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD 'lotse-app-test'")


def _as_app_role() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname=s["NAME"],
        user=ROLE,
        password="lotse-app-test",
        autocommit=True,
    )


@pytest.fixture
def app_role(transactional_db):
    _ensure_role()
    grant_app_role(ROLE)
    return ROLE


def test_the_app_role_writes_the_audit_trail_but_cannot_change_or_remove_it(app_role, small_data):
    with _as_app_role() as conn:
        conn.execute(
            "INSERT INTO trust_auditevent (at, actor, action, channel, what, person_ref, purpose, detail)"
            " VALUES (now(), 'probe', 'read', 'web', 'probe', 'P1', '', '')"
        )
        assert conn.execute("SELECT count(*) FROM trust_auditevent WHERE actor = 'probe'").fetchone()[0] == 1
        conn.execute("UPDATE clients_person SET given_name = given_name WHERE external_id = 'P1'")
        for statement in (
            "UPDATE trust_auditevent SET purpose = 'rewritten'",
            "DELETE FROM trust_auditevent",
            "TRUNCATE trust_auditevent",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM trust_auditevent WHERE actor = 'probe'").fetchone()[0] == 1


def test_the_application_runs_under_the_app_role(app_role, routed, make_user):
    """Every page of every role, served with the database connection of the app role."""
    from django.urls import get_resolver

    from tests.pages import allowed, concrete, logged_in_clients, walk

    clients = logged_in_clients(make_user)
    owner = connection.settings_dict["USER"], connection.settings_dict.get("PASSWORD")
    connection.close()
    connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = ROLE, "lotse-app-test"
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == ROLE
        served = 0
        for template, name in sorted(set(walk(get_resolver().url_patterns))):
            path = concrete(template, name)
            for label in allowed(name):
                if label in clients and not path.startswith("/admin/"):
                    response = clients[label].get(path, {"as_of": "2026-11-21"})
                    assert response.status_code == 200, (label, path, response.status_code)
                    served += 1
        assert served > 60
        response = clients["caseworker"].post(
            "/contacts/record/P1/",
            {"date": "2026-11-20", "channel": "phone", "held": "on", "topic": "Rückruf"},
        )
        assert response.status_code == 302
    finally:
        connection.close()
        connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = owner
