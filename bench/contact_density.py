"""Benchmark of contact density: the full evaluation (all breakdowns + 24-month series)
and one caseworker's worklist.

    uv run python bench/contact_density.py --clients 25000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_bench uv run python bench/contact_density.py

Builds the demo (with its contact history) into a fresh database, routes it, then times
each step (median of 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[25_000])
    parser.add_argument("--as-of", default="2026-10-31")
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
        rows += run_size(clients, date.fromisoformat(args.as_of))
    print(f"\n{'clients':>10}  {'what':<52}  {'ms':>9}  result")
    for clients, what, ms, result in rows:
        print(f"{clients:>10,}  {what:<52}  {ms:>9.1f}  {result}")


def timed(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def run_size(clients: int, as_of: date):
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count

    from lotse.clients.models import Person
    from lotse.contacts.models import Contact
    from lotse.contacts.selectors import contact_status
    from lotse.demo.build import generate, write_demo
    from lotse.evaluation.contact_density import Arrays, evaluate_contact_density
    from lotse.organisation.models import Staff
    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    data = generate(clients=clients, seed=2016, as_of=as_of)
    with transaction.atomic():
        write_demo(data, clients=clients, as_of=as_of)
    del data
    route_clients(as_of=as_of, rules=rules_of(rule_set_on(as_of)))
    contacts = Contact.objects.count()
    out = []
    ms, arrays = timed(Arrays)
    out.append((clients, "load arrays (persons, periods, contacts)", ms, f"{contacts:,} contacts"))
    ms, ev = timed(lambda: evaluate_contact_density(as_of, arrays=arrays))
    share = ev.total.as_json()
    out.append(
        (
            clients,
            "evaluation: all breakdowns + 24-month series",
            ms,
            f"{share['share_1m']} / {share['share_3m']} / {share['share_6m']} %",
        )
    )
    ms, ev = timed(lambda: evaluate_contact_density(as_of))
    out.append((clients, "evaluation including loading the arrays", ms, ""))
    busiest = Staff.objects.annotate(n=Count("caseload")).order_by("-n", "pk").first()
    ms, items = timed(lambda: contact_status(Person.objects.filter(responsibility__staff=busiest), as_of))
    out.append(
        (
            clients,
            "worklist of one caseworker",
            ms,
            f"{len(items)} clients, {sum(i.status.overdue for i in items)} overdue",
        )
    )
    return out


if __name__ == "__main__":
    main()
