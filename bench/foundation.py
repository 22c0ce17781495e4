"""Benchmark of the foundation: demo build, import, and the client pages at scale.

    uv run python bench/foundation.py --clients 25000 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench uv run python bench/foundation.py

Each size is built into a fresh database (a temporary SQLite file, or the PostgreSQL
database named by DATABASE_URL, which is emptied first) and timed. Page timings are
the median of 5 requests through Django's test client, with the number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SIZES = (25_000, 100_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--as-of", default="2026-11-21")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lotse-bench-")
    os.environ.setdefault("LOTSE_DATA_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.conf.settings.development")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client log in and count queries

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    rows = []
    for clients in args.clients:
        rows += run_size(clients, args.as_of, Path(tmp))
    width = max(len(r[1]) for r in rows)
    print(f"\n{'clients':>9}  {'what':<{width}}  {'ms':>9}  {'queries':>7}")
    for clients, what, ms, queries in rows:
        print(f"{clients:>9,}  {what:<{width}}  {ms:>9.1f}  {queries if queries is not None else '':>7}")


def run_size(clients: int, as_of: str, tmp: Path) -> list[tuple[int, str, float, int | None]]:
    from datetime import date

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lotse.clients.scope import persons_owned_by
    from lotse.clients.summary import caseload_summary
    from lotse.demo.build import create_demo_users, generate, write_demo
    from lotse.exchange.exporter import export
    from lotse.exchange.services import exchange_import
    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of

    day = date.fromisoformat(as_of)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    out: list[tuple[int, str, float, int | None]] = []

    t = time.perf_counter()
    data = generate(clients=clients, seed=2016, as_of=day)
    out.append((clients, "demo: generate rows", (time.perf_counter() - t) * 1000, None))
    t = time.perf_counter()
    with transaction.atomic():
        write_demo(data, clients=clients, as_of=day)
    out.append((clients, "demo: check and write", (time.perf_counter() - t) * 1000, None))
    del data
    create_demo_users(day)
    t = time.perf_counter()
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    out.append((clients, "routing (first run)", (time.perf_counter() - t) * 1000, None))

    t = time.perf_counter()
    caseload_summary(day)
    out.append((clients, "caseload summary (facts of all clients)", (time.perf_counter() - t) * 1000, None))

    folder = tmp / f"export-{clients}"
    t = time.perf_counter()
    export(folder)
    out.append((clients, "lotse export", (time.perf_counter() - t) * 1000, None))

    # Pages as the demo caseworker sees them: need-to-know scoping (own caseload and team)
    # is part of every client query, so it is part of the figure.
    client = Client()
    user = User.objects.get(username="demo.caseworker")
    client.force_login(user)
    person = persons_owned_by(user).order_by("pk").first()
    pages = {
        "page: client list, first page": "/clients/",
        "page: client list, page 500": "/clients/?page=500",
        "page: search by name prefix": "/clients/?q=Schm",
        "page: search by id": f"/clients/?q={person.external_id}",
        "page: district + active on date": "/clients/?district=1&active_on=2026-06-30",
        "page: client record": f"/clients/{person.external_id}/?as_of={as_of}",
        "page: district ranking": f"/organisation/districts/?as_of={as_of}",
        "page: district profile": f"/organisation/districts/D10/?as_of={as_of}",
        "page: staffing": f"/organisation/staffing/?as_of={as_of}",
    }
    team_lead = Client()
    team_lead.force_login(User.objects.get(username="demo.team_lead"))
    for what, url, who in [
        *((w, u, client) for w, u in pages.items()),
        ("page: client list of a team lead", "/clients/", team_lead),
    ]:
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = who.get(url, HTTP_HOST="localhost")
                times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        out.append((clients, what, statistics.median(times), len(ctx)))

    call_command("flush", interactive=False, verbosity=0)
    t = time.perf_counter()
    result = exchange_import(folder=folder)
    assert result.ok, result.errors[:3]
    out.append((clients, "lotse import (into empty database)", (time.perf_counter() - t) * 1000, None))
    return out


if __name__ == "__main__":
    main()
