"""Where a request's time goes: the worklist, a client record and saving a contact, each
through Django's test client against the database of ``bench/load.py`` (run that first).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lotse_load uv run python bench/profile_requests.py

Steps: the worklist, a client record opened for the first time (each call another client of
the worklist's first page), one opened again (its parts kept), saving a contact.
Prints per step the median time, the number of queries and their time, and (``--profile``)
the functions with the most own time (cProfile), ``--queries`` each query with its time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import time
from datetime import date

import inprocess  # bench/inprocess.py: this folder is first on the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--user", default="last.ifk000")
    parser.add_argument(
        "--repeat", type=int, default=10, help="calls per step (first record: at most 48, 24 with --profile)"
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--queries", action="store_true", help="list each query of the last run with its time"
    )
    args = parser.parse_args()
    inprocess.setup("profile")
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")  # no test environment: it slows templates down
    client.force_login(User.objects.get(username=args.user))
    worklist = client.get("/contacts/worklist/?section=all").content.decode()
    shown = list(dict.fromkeys(re.findall(r'href="/clients/([A-Za-z0-9_-]+)/\?', worklist)))
    external_id = shown[0]
    others = iter(shown[1:])  # each opened once: nothing of theirs kept yet
    steps = {
        "worklist": lambda: client.get("/contacts/worklist/?section=all"),
        "first record": lambda: client.get(f"/clients/{next(others)}/"),
        "record": lambda: client.get(f"/clients/{external_id}/"),
        "save": lambda: client.post(
            f"/contacts/record/{external_id}/",
            {"date": date.today().isoformat(), "channel": "phone", "held": "on", "note": "profile"},
        ),
    }
    for name, call in steps.items():
        call()  # warm
        times, queries = [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                call()
                times.append(time.perf_counter() - started)
            queries.append(captured.captured_queries)
        db = statistics.median(sum(float(q["time"]) for q in qs) for qs in queries)
        print(
            f"{name:<9} {statistics.median(times) * 1000:7.1f} ms  {len(queries[0]):3d} queries"
            f"  {db * 1000:6.1f} ms in the database"
        )
        if args.queries:
            for q in (
                queries[-1]
                if os.environ.get("QUERY_ORDER")
                else sorted(queries[-1], key=lambda q: -float(q["time"]))
            ):
                print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.repeat):
                call()
            profile.disable()
            pstats.Stats(profile).sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(
                int(os.environ.get("PROFILE_LINES", "15"))
            )


if __name__ == "__main__":
    main()
