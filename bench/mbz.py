"""Benchmark of steering: key figures K1–K3, the MBZ with all its targets (JSON, PDF, XLSX),
measure effectiveness and the municipal per-city table.

    uv run python bench/mbz.py --clients 25000
    uv run python bench/mbz.py --clients 1000000 --no-contacts   # hours on this machine

Builds the demo (with its three years of measures, integrations, referrals and monthly
figures) into a fresh database, routes it, then times each step (median of 3).
``--no-contacts`` leaves out the contact history (the contact-density target then reads 0 %).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from contact_density import timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[25_000])
    parser.add_argument("--as-of", default="2026-10-31")
    parser.add_argument("--no-contacts", action="store_true")
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
        rows += run_size(clients, date.fromisoformat(args.as_of), not args.no_contacts)
    print(f"\n{'clients':>10}  {'what':<44}  {'ms':>9}  result")
    for clients, what, ms, result in rows:
        print(f"{clients:>10,}  {what:<44}  {ms:>9.1f}  {result}")


def run_size(clients: int, as_of: date, contacts: bool):
    from django.core.management import call_command
    from django.db import transaction

    from lotse.demo.build import generate, write_demo
    from lotse.measures.report import effectiveness
    from lotse.municipal.report import budget_use, city_table
    from lotse.reports.definitions.base import Params
    from lotse.reports.definitions.mbz import build
    from lotse.reports.formats import to_pdf, to_xlsx
    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of
    from lotse.targets.columns import load_columns
    from lotse.targets.figures import key_figures
    from lotse.targets.mbz import mbz_report

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    data = generate(clients=clients, seed=2016, as_of=as_of, contacts=contacts)
    with transaction.atomic():
        write_demo(data, clients=clients, as_of=as_of)
    del data
    built = time.perf_counter()
    print(f"{clients:,} clients: demo generated and written in {built - started:.0f} s", flush=True)
    route_clients(as_of=as_of, rules=rules_of(rule_set_on(as_of)))
    print(f"{clients:,} clients: routed in {time.perf_counter() - built:.0f} s", flush=True)
    month = date(as_of.year, as_of.month, 1)
    out = [(clients, "demo: generate and write (set-up, once)", (built - started) * 1000, "")]
    ms, columns = timed(load_columns)
    out.append((clients, "load columns (benefits, integrations, …)", ms, f"{columns.pks.size:,} persons"))
    ms, kf = timed(lambda: key_figures(month, columns))
    out.append((clients, "key figures + 12-month series", ms, f"K2 {kf.k2.percent} %, K3 {kf.k3} %"))
    ms, report = timed(lambda: mbz_report(month))
    out.append((clients, "MBZ (all targets, incl. contact density)", ms, f"{len(report.rows)} targets"))
    document = build(Params(as_of=as_of, month=month))  # the report pipeline's MBZ (issue 21)
    ms, pdf = timed(lambda: to_pdf(document))
    out.append((clients, "MBZ as PDF", ms, f"{len(pdf) // 1024} KiB"))
    ms, xlsx = timed(lambda: to_xlsx(document))
    out.append((clients, "MBZ as XLSX", ms, f"{len(xlsx) // 1024} KiB"))
    ms, eff = timed(lambda: effectiveness(date(as_of.year - 1, 1, 1), as_of, columns.measures))
    out.append((clients, "measure effectiveness", ms, f"{eff.total.exits:,} exits"))
    ms, table = timed(lambda: (budget_use(as_of.year - 1, as_of), city_table(as_of.year - 1, as_of)))
    out.append((clients, "budget use + per-city table (last year)", ms, f"{len(table[1])} rows"))
    return out


if __name__ == "__main__":
    main()
