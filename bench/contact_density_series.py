"""Benchmark of the 24-month contact-density series at 1,000,000 clients and 24 M contacts,
against the straightforward DuckDB SQL over the same data (SPEC S4, issue 4).

    uv run python bench/contact_density_series.py [--clients 1000000] [--contacts 24000000]

The data are generated as columns (no database: the series code only ever sees columns,
channels as codes as Lotse holds them; loading them from the database is timed by
``bench/contact_density.py``): benefit periods over eight years, contacts over three years
in all seven channels. Lotse's way (:func:`lotse.evaluation.contact_density.series_counts`,
the code the evaluation runs for its series) cuts the days at the month ends and window
starts into slots, marks each counting contact's (slot, client) cell in one pass over the
contacts on all cores (:mod:`lotse.domain.contact_slots`: no sort), and answers each month
end and window by comparing two rows of running counts, counted with the clients active
that day.
The references are DuckDB queries over the same columns: the straightforward one joining
month ends, benefit periods and contacts, and one over per-client slot bitmaps
(:func:`duckdb_slot_bitmaps`). All must give the same numbers; the script says whether
they do, and the ratio of each to Lotse's way.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from datetime import date

import numpy as np

CHANNELS = np.array(["in_person", "phone", "video", "home_visit", "letter", "email", "group"])
COUNTING = frozenset({"in_person", "phone", "video", "home_visit"})


def generate(clients: int, contacts: int, as_of: date, seed: int = 2016):
    from lotse.domain.day_numbers import OPEN_END, dnum
    from lotse.domain.key_figures import Benefits

    rng = np.random.default_rng(seed)
    last = dnum(as_of)
    # one or two benefit periods per client; most still running
    second = rng.random(clients) < 0.3
    person = np.concatenate([np.arange(clients), np.flatnonzero(second)])
    start = last - rng.integers(30, 8 * 365, person.size)
    end = np.where(rng.random(person.size) < 0.8, OPEN_END, start + rng.integers(60, 1500, person.size))
    benefits = Benefits(person.astype(np.int64), start.astype(np.int64), end.astype(np.int64), clients)
    c_person = rng.integers(0, clients, contacts).astype(np.int64)
    c_day = (last - rng.integers(0, 3 * 365, contacts)).astype(np.int64)
    c_channel = rng.choice(CHANNELS.size, contacts, p=[0.5, 0.2, 0.05, 0.05, 0.1, 0.07, 0.03]).astype(np.int8)
    return benefits, c_person, c_day, c_channel


def duckdb_series(benefits, c_person, c_day, c_channel, ends: list[date]) -> list[tuple[int, int, int, int]]:
    """The straightforward SQL: per month end the active clients, their last counting contact."""
    import duckdb

    from lotse.domain.dates import add_months
    from lotse.domain.day_numbers import dnum

    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    con.register("benefits", {"person": benefits.person, "start": benefits.start, "stop": benefits.end})
    con.register("contacts", {"person": c_person, "day": c_day, "channel": c_channel})
    counting = ", ".join(str(i) for i, name in enumerate(CHANNELS) if name in COUNTING)
    con.register(
        "ends",
        {
            "m": np.array([dnum(e) for e in ends], dtype=np.int64),
            "t1": np.array([dnum(add_months(e, -1)) for e in ends], dtype=np.int64),
            "t3": np.array([dnum(add_months(e, -3)) for e in ends], dtype=np.int64),
            "t6": np.array([dnum(add_months(e, -6)) for e in ends], dtype=np.int64),
        },
    )
    return con.sql(
        f"""
        WITH active AS (
            SELECT DISTINCT e.m, e.t1, e.t3, e.t6, b.person
            FROM ends e JOIN benefits b ON b.start <= e.m AND b.stop >= e.m
        ), counting AS (
            SELECT person, day FROM contacts WHERE channel IN ({counting})
        ), latest AS (
            SELECT a.m, a.t1, a.t3, a.t6, a.person, max(c.day) AS last
            FROM active a LEFT JOIN counting c ON c.person = a.person AND c.day <= a.m
            GROUP BY ALL
        )
        SELECT m, count(*), count(*) FILTER (WHERE last > t1), count(*) FILTER (WHERE last > t3),
               count(*) FILTER (WHERE last > t6)
        FROM latest GROUP BY m ORDER BY m
        """
    ).fetchall()


def duckdb_slot_bitmaps(
    benefits, c_person, c_day, c_channel, ends: list[date]
) -> list[tuple[int, int, int, int]]:
    """The same series as one DuckDB query over slot bitmaps: the month ends and their window
    starts cut the days into at most 126 slots; each client's counting contacts become one
    128-bit bitmap (``bit_or`` of ``1 << slot``), and "a contact within n months of the month
    end" is a bit test of that bitmap against the month end's mask (the slots between the
    window start and the month end). One pass over the contacts instead of a join per month."""
    import duckdb

    from lotse.domain.dates import add_months
    from lotse.domain.day_numbers import dnum

    windows = {n: [dnum(add_months(e, -n)) for e in ends] for n in (1, 3, 6)}
    month_days = [dnum(e) for e in ends]
    bounds = sorted({*month_days, *(d for days in windows.values() for d in days)})
    if len(bounds) > 127:
        raise SystemExit(f"{len(bounds)} slot boundaries do not fit a 128-bit bitmap")
    # day → slot k: the days in (bounds[k-1], bounds[k]]; slot 0 holds (bounds[0]-∞, bounds[0]]
    first, last = bounds[0] - 1, bounds[-1]
    days = np.arange(min(first, int(c_day.min())), last + 1, dtype=np.int64)
    slots = np.searchsorted(np.array(bounds), days, side="left").astype(np.int64)
    in_range = days > first

    def mask(since: int, until: int) -> int:
        """The slots of the days in (since, until]."""
        return sum(1 << k for k, b in enumerate(bounds) if since < b <= until)

    rows = ", ".join(
        f"({m}, " + ", ".join(f"{mask(windows[n][i], m)}::HUGEINT" for n in (1, 3, 6)) + ")"
        for i, m in enumerate(month_days)
    )
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    con.register("benefits", {"person": benefits.person, "start": benefits.start, "stop": benefits.end})
    con.register("contacts", {"person": c_person, "day": c_day, "channel": c_channel})
    con.register("day_slot", {"day": days[in_range], "k": slots[in_range]})
    counting = ", ".join(str(i) for i, name in enumerate(CHANNELS) if name in COUNTING)
    return con.sql(
        f"""
        WITH ends(m, mask1, mask3, mask6) AS (VALUES {rows}),
        bits AS (
            SELECT c.person, bit_or(1::HUGEINT << d.k) AS bits
            FROM contacts c JOIN day_slot d ON d.day = c.day
            WHERE c.channel IN ({counting})
            GROUP BY c.person
        ), active AS (
            SELECT DISTINCT e.m, e.mask1, e.mask3, e.mask6, b.person
            FROM ends e JOIN benefits b ON b.start <= e.m AND b.stop >= e.m
        )
        SELECT a.m, count(*),
               count(*) FILTER (WHERE (coalesce(x.bits, 0) & a.mask1) <> 0),
               count(*) FILTER (WHERE (coalesce(x.bits, 0) & a.mask3) <> 0),
               count(*) FILTER (WHERE (coalesce(x.bits, 0) & a.mask6) <> 0)
        FROM active a LEFT JOIN bits x ON x.person = a.person
        GROUP BY a.m ORDER BY a.m
        """
    ).fetchall()


def timed(call, repeat: int) -> list[tuple[float, object]]:
    """``repeat`` runs of ``call``: (milliseconds, result) each."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        runs.append(((time.perf_counter() - started) * 1000, result))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--contacts", type=int, default=24_000_000)
    parser.add_argument("--as-of", default="2026-10-31")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.conf.settings.development")
    import django

    django.setup()
    from lotse.evaluation.contact_density import Arrays, month_ends, series_counts

    as_of = date.fromisoformat(args.as_of)
    t = time.perf_counter()
    benefits, c_person, c_day, c_channel = generate(args.clients, args.contacts, as_of)
    print(
        f"generated {args.clients:,} clients, {args.contacts:,} contacts in {time.perf_counter() - t:.1f} s"
    )
    ends = month_ends(as_of, 24)
    pks = np.arange(args.clients, dtype=np.int64)

    def ours():
        arrays = Arrays.from_columns(pks, benefits, c_person, c_day, c_channel, CHANNELS)
        return series_counts(arrays, ends, COUNTING)

    runs = timed(ours, args.repeat)
    total_ms = statistics.median(ms for ms, _ in runs)
    series = runs[-1][1]
    reference = timed(lambda: duckdb_series(benefits, c_person, c_day, c_channel, ends), args.repeat)
    duck_ms, rows = statistics.median(ms for ms, _ in reference), reference[-1][1]
    bitmaps = timed(lambda: duckdb_slot_bitmaps(benefits, c_person, c_day, c_channel, ends), args.repeat)
    bitmap_ms, bitmap_rows = statistics.median(ms for ms, _ in bitmaps), bitmaps[-1][1]
    ours_rows = [(c.clients, c.within[1], c.within[3], c.within[6]) for c in series]
    same = ours_rows == [tuple(r[1:]) for r in rows]
    same_bitmaps = ours_rows == [tuple(r[1:]) for r in bitmap_rows]
    last = series[-1]
    print(f"\n{'what':<58}  {'ms':>9}")
    print(f"{'Lotse: 24-month series (slot grid, no sort)':<58}  {total_ms:>9.1f}")
    print(f"{'DuckDB: the straightforward SQL (reference)':<58}  {duck_ms:>9.1f}")
    print(f"{'DuckDB: slot bitmaps, one pass over the contacts':<58}  {bitmap_ms:>9.1f}")
    print(f"{'ratio DuckDB straightforward / Lotse':<58}  {duck_ms / total_ms:>9.1f}×")
    print(f"{'ratio DuckDB slot bitmaps / Lotse':<58}  {bitmap_ms / total_ms:>9.1f}×")
    print(f"peak memory of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.1f} GiB")
    print(f"same numbers for all 24 month ends: straightforward SQL {same}, slot bitmaps {same_bitmaps}")
    print(
        f"last month end {ends[-1]}: {last.clients:,} clients, "
        + " / ".join(f"{last.share(n)} %" for n in (1, 3, 6))
        + " within 1 / 3 / 6 months"
    )


if __name__ == "__main__":
    main()
