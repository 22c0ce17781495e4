"""Benchmark of `lotse route`: first run (everyone assigned), second run on the same date
(idempotent: nothing to write), a run one quarter later (life events), and the simulation.

    uv run python bench/routing.py --clients 25000 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench uv run python bench/routing.py

Each size is built into a fresh database (a temporary SQLite file, or the PostgreSQL
database named by DATABASE_URL, which is emptied first).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import date, timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[25_000])
    parser.add_argument("--as-of", default="2026-11-21")
    parser.add_argument("--no-simulation", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("LOTSE_DATA_DIR", tempfile.mkdtemp(prefix="lotse-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.conf.settings.development")
    # the computation is timed, not a kept result (lotse.core.kept; bench/pages.py shows both)
    os.environ.setdefault("LOTSE_KEEP_RESULTS", "false")
    import django

    django.setup()
    from django.db import connection

    print(f"database: {connection.vendor}", flush=True)
    rows = []
    for clients in args.clients:
        rows += run_size(clients, date.fromisoformat(args.as_of), not args.no_simulation)
    print(f"\n{'clients':>10}  {'what':<44}  {'seconds':>8}  result")
    for clients, what, seconds, result in rows:
        print(f"{clients:>10,}  {what:<44}  {seconds:>8.1f}  {result}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"peak memory of the process: {peak:.1f} GiB")


def run_size(clients: int, as_of: date, simulation: bool):
    from django.core.management import call_command
    from django.db import transaction

    from lotse.demo.build import generate, write_demo
    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of
    from lotse.routing.selectors import simulate

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    out = []
    t = time.perf_counter()
    data = generate(clients=clients, seed=2016, as_of=as_of, contacts=False)
    with transaction.atomic():
        write_demo(data, clients=clients, as_of=as_of)
    del data
    out.append((clients, "build demo (generate, check, write)", time.perf_counter() - t, ""))
    rules = rules_of(rule_set_on(as_of))

    def timed(what, **kwargs):
        t = time.perf_counter()
        run = route_clients(rules=rules, **kwargs)
        out.append(
            (
                clients,
                what,
                time.perf_counter() - t,
                f"{run.routed:,} clients, {len(run.changed):,} changed, "
                f"{run.handovers:,} handovers, {run.queued:,} queued",
            )
        )
        print(out[-1], flush=True)

    earlier = as_of - timedelta(days=91)
    timed("route, first run (all new)", as_of=earlier)
    timed("route, same date again", as_of=earlier)
    timed("route, a quarter later (life events)", as_of=as_of)
    timed("route --dry-run", as_of=as_of, dry_run=True)
    if simulation:
        t = time.perf_counter()
        figures = simulate(as_of, rules)
        out.append(
            (
                clients,
                "simulation (district vs alphabetical)",
                time.perf_counter() - t,
                "; ".join(
                    f"{f.strategy}: {f.changed_caseworker:,} change, "
                    f"{f.districts_per_caseworker} districts/caseworker"
                    for f in figures
                ),
            )
        )
    return out


if __name__ == "__main__":
    main()
