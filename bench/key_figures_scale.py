"""All key figures and the 24-month contact-density series at the size of a state or of all
of Germany, on generated columns (issue 22).

    uv run python bench/key_figures_scale.py --clients 1000000 4000000

A database of four million clients is impractical to build on this machine (the demo build
writes about 1,000 clients per second), so the columns are **generated** the way Lotse
holds them after reading (:mod:`lotse.targets.columns`, :mod:`lotse.evaluation.contact_density`):
persons with birth days, one or two benefit periods over eight years, households of one to
five persons, integrations and measure participations over three years, 24 contacts per
client over three years in seven channels. Reading them from the database is timed by
``bench/mbz.py`` and ``bench/contact_density.py``.

Timed, median of ``--repeat`` runs: :func:`lotse.targets.figures.key_figures` (the eLB stock,
K2 overall / single parents / long-term, continued employment, K3 with the activation rate,
the year-to-date counts of the target groups, K1 and housing costs, and the 12-month series)
and :func:`lotse.evaluation.contact_density.series_counts` (24 month ends × 1/3/6 months).
The reference, in the same run, is DuckDB over the same columns: the eLB stock and the
counted integrations of each month of the series, and the contact-density series as slot
bitmaps (``bench/contact_density_series.py``). The script says whether they agree and prints
the ratio and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from contact_density_series import CHANNELS, COUNTING, duckdb_slot_bitmaps, timed


def generate(clients: int, as_of: date, seed: int = 2016):
    """The key figures' columns and the contacts of ``clients`` generated persons."""
    from lotse.domain.day_numbers import OPEN_END, dnum
    from lotse.domain.effectiveness import Participations
    from lotse.domain.key_figures import Benefits, Integrations
    from lotse.domain.vocabulary import INTEGRATION_KINDS
    from lotse.measures.columns import FLAGS, MeasureColumns
    from lotse.targets.columns import Columns

    rng = np.random.default_rng(seed)
    last = dnum(as_of)
    pks = np.arange(1, clients + 1, dtype=np.int64)
    birth = last - rng.integers(15 * 365, 67 * 365, clients)
    second = np.flatnonzero(rng.random(clients) < 0.3)
    person = np.concatenate([np.arange(clients), second])
    start = last - rng.integers(30, 8 * 365, person.size)
    end = np.where(rng.random(person.size) < 0.8, OPEN_END, start + rng.integers(60, 1500, person.size))
    benefits = Benefits(person, start, end, clients, birth)
    # households of 1-5 consecutive persons: the first an adult, a second often a partner,
    # the rest children
    sizes = rng.choice(5, clients, p=[0.45, 0.2, 0.15, 0.12, 0.08]) + 1
    household = np.repeat(np.arange(sizes.size), sizes)[:clients]
    first = np.r_[True, household[1:] != household[:-1]]
    place = np.arange(clients) - np.flatnonzero(first)[np.cumsum(first) - 1]
    partner = (place == 1) & (rng.random(clients) < 0.5)
    role = np.where(place == 0, "adult", np.where(partner, "partner", "child"))
    members = {
        "household": household.astype(np.int64),
        "person": np.arange(clients, dtype=np.int64),
        "role": role,
        "married": partner,
        "moved_in": last - rng.integers(0, 10 * 365, clients),
        "moved_out": np.full(clients, OPEN_END, dtype=np.int64),
    }
    n = clients // 5
    i_start = last - rng.integers(0, 3 * 365, n)
    integrations = Integrations(
        rng.integers(0, clients, n),
        i_start,
        np.where(rng.random(n) < 0.6, OPEN_END, i_start + rng.integers(30, 700, n)),
        rng.choice(np.array(INTEGRATION_KINDS), n, p=[0.6, 0.15, 0.1, 0.15]),
    )
    p = clients // 3
    p_enter = last - rng.integers(0, 3 * 365, p)
    participations = Participations(
        rng.integers(0, clients, p),
        rng.integers(0, 500, p),
        p_enter,
        np.where(rng.random(p) < 0.2, OPEN_END, p_enter + rng.integers(14, 365, p)),
    )
    measures = MeasureColumns(
        integrations,
        {flag: rng.random(n) < 0.2 for flag in FLAGS},
        participations,
        {flag: rng.random(p) < 0.2 for flag in FLAGS},
        np.arange(500, dtype=np.int64),
    )
    district = np.full(clients, None, dtype=object)
    columns = Columns(pks, birth, benefits, members, district, measures)
    contacts = 24 * clients
    c_person = rng.integers(0, clients, contacts)
    c_day = last - rng.integers(0, 3 * 365, contacts)
    c_channel = rng.choice(CHANNELS.size, contacts, p=[0.5, 0.2, 0.05, 0.05, 0.1, 0.07, 0.03]).astype(np.int8)
    return columns, c_person, c_day, c_channel


def duckdb_months(columns, ends: list[date]) -> list[tuple[int, int]]:
    """Per month end of the series: the eLB stock and the counted integrations of the month
    (at most one per person and month), as plain DuckDB SQL."""
    import duckdb

    from lotse.domain.day_numbers import dnum
    from lotse.domain.vocabulary import COUNTED_INTEGRATION_KINDS

    b, i = columns.benefits, columns.measures.integrations
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    con.register("benefits", {"person": b.person, "start": b.start, "stop": b.end})
    counted = np.isin(i.kind, COUNTED_INTEGRATION_KINDS)
    con.register("integrations", {"person": i.person[counted], "start": i.start[counted]})
    con.register(
        "ends",
        {
            "m": np.array([dnum(e) for e in ends], dtype=np.int64),
            "f": np.array([dnum(e.replace(day=1)) for e in ends], dtype=np.int64),  # the month's first
        },
    )
    return con.sql(
        """
        SELECT e.m,
               (SELECT count(DISTINCT person) FROM benefits WHERE start <= e.m AND stop >= e.m),
               (SELECT count(*) FROM (SELECT DISTINCT person FROM integrations
                                      WHERE start BETWEEN e.f AND e.m))
        FROM ends e ORDER BY e.m
        """
    ).fetchall()


def run_size(clients: int, as_of: date, repeat: int) -> list[tuple[str, float, str]]:
    from lotse.domain.key_figures import month_end
    from lotse.evaluation.contact_density import Arrays, month_ends, series_counts
    from lotse.targets.figures import key_figures

    started = time.perf_counter()
    columns, c_person, c_day, c_channel = generate(clients, as_of)
    print(
        f"{clients:,} clients generated in {time.perf_counter() - started:.1f} s "
        f"(columns, not a database: a database of this size is impractical to build here)",
        flush=True,
    )
    ends = month_ends(as_of, 24)

    def fresh():
        """The same columns without what an earlier run remembered (stocks, birthdays)."""
        m = columns.measures
        return replace(
            columns,
            benefits=replace(columns.benefits),
            measures=replace(m, integrations=replace(m.integrations)),
        )

    def ours():
        cold = fresh()
        figures = key_figures(as_of, cold)
        arrays = Arrays.from_columns(cold.pks, cold.benefits, c_person, c_day, c_channel, CHANNELS)
        return figures, series_counts(arrays, ends, COUNTING)

    runs = timed(ours, repeat)
    figures, series = runs[-1][1]
    ours_ms = statistics.median(ms for ms, _ in runs)
    key_ms = statistics.median(ms for ms, _ in timed(lambda: key_figures(as_of, fresh()), repeat))
    month_starts = [date.fromisoformat(f"{s['month']}-01") for s in figures.series]
    month_runs = timed(lambda: duckdb_months(columns, [month_end(m) for m in month_starts]), 1)
    months = month_runs[0][1]
    bitmaps = timed(lambda: duckdb_slot_bitmaps(columns.benefits, c_person, c_day, c_channel, ends), 1)
    reference_ms = month_runs[0][0] + bitmaps[0][0]
    same_months = [(s["stock"], s["integrations"]) for s in figures.series] == [tuple(r[1:]) for r in months]
    same_series = [(c.clients, c.within[1], c.within[3], c.within[6]) for c in series] == [
        tuple(r[1:]) for r in bitmaps[0][1]
    ]
    return [
        (
            "key figures K1-K3, target groups, 12-month series",
            key_ms,
            f"stock {figures.stock:,}, K2 {figures.k2.percent} %",
        ),
        ("all key figures + 24-month contact-density series", ours_ms, f"{ours_ms / 1000:.1f} s"),
        (
            "DuckDB reference (stock, integrations, slot bitmaps)",
            reference_ms,
            f"{reference_ms / ours_ms:.1f}x Lotse's time; "
            f"same numbers: months {same_months}, series {same_series}",
        ),
        (
            "peak memory of the process",
            0.0,
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GiB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, nargs="+", default=[1_000_000, 4_000_000])
    parser.add_argument("--as-of", default="2026-10-31")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # K1 and the housing costs are read from their (empty) table: a migrated scratch database
    os.environ.setdefault("LOTSE_DATA_DIR", tempfile.mkdtemp(prefix="lotse-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.conf.settings.development")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows = []
    for clients in args.clients:
        rows += [(clients, *row) for row in run_size(clients, date.fromisoformat(args.as_of), args.repeat)]
    print(f"\n{'clients':>10}  {'what':<52}  {'ms':>9}  result")
    for clients, what, ms, result in rows:
        print(f"{clients:>10,}  {what:<52}  {ms:>9.1f}  {result}")


if __name__ == "__main__":
    main()
