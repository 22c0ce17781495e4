"""Backup and restore on PostgreSQL: the commands of docs/operations.md, exercised.

``pg_dump -Fc`` of the live database, ``pg_restore`` into a new database, and every
table of the restored copy holds the same rows (compared by count and by an ordered
digest of each table's content).
"""

from __future__ import annotations

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from lotse.exchange.services import exchange_import
from tests.conftest import SMALL

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="the backup commands are PostgreSQL's (run by CI with DATABASE_URL set)",
)


def _conninfo(dbname: str) -> str:
    s = connection.settings_dict
    parts = {
        "dbname": dbname,
        "host": s["HOST"],
        "port": s["PORT"],
        "user": s["USER"],
        "password": s["PASSWORD"],
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def _digest(dbname: str) -> dict[str, tuple[int, str]]:
    with psycopg.connect(_conninfo(dbname)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        result = {}
        for table in tables:
            row = conn.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
            result[table] = (row[0], row[1])
        return result


@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_round_trip(tmp_path):
    assert exchange_import(folder=SMALL).ok
    s = connection.settings_dict
    env_args = [
        a
        for a in (
            f"--host={s['HOST']}" if s["HOST"] else "",
            f"--port={s['PORT']}" if s["PORT"] else "",
            f"--username={s['USER']}" if s["USER"] else "",
        )
        if a
    ]
    dump = tmp_path / "lotse.dump"
    subprocess.run(["pg_dump", "-Fc", *env_args, "-f", str(dump), s["NAME"]], check=True)
    copy = f"{s['NAME']}_restore"
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        admin.execute(f'CREATE DATABASE "{copy}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", *env_args, "-d", copy, str(dump)], check=True)
        original, restored = _digest(s["NAME"]), _digest(copy)
        assert original == restored
        assert original["clients_person"][0] == 5 and original["trust_auditevent"][0] == 5
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
