"""The monthly 1/3/6 evaluation on the demo equals an independent computation from the
exported CSV files."""

from __future__ import annotations

import csv
import json
from datetime import date
from io import StringIO

from django.core.management import call_command

from lotse.domain.dates import add_months
from lotse.exchange.exporter import export
from tests.demo.conftest import AS_OF as DAY
from tests.demo.conftest import CLIENTS


def independent_shares(folder, day: date, channels: set[str]) -> tuple[int, dict[int, int]]:
    """A second way: plain Python over the exported CSV files."""
    active = set()
    with (folder / "benefit_periods.csv").open() as f:
        for row in csv.DictReader(f):
            start = date.fromisoformat(row["valid_from"])
            end = date.fromisoformat(row["valid_to"]) if row["valid_to"] else date.max
            if start <= day <= end:
                active.add(row["person_id"])
    last: dict[str, date] = {}
    with (folder / "contacts.csv").open() as f:
        for row in csv.DictReader(f):
            d = date.fromisoformat(row["date"])
            if row["held"] == "true" and row["channel"] in channels and d <= day:
                last[row["person_id"]] = max(d, last.get(row["person_id"], d))
    within = {n: sum(1 for p in active if p in last and last[p] > add_months(day, -n)) for n in (1, 3, 6)}
    return len(active), within


def test_demo_evaluation_equals_an_independent_computation_from_the_export(demo, tmp_path):
    out = StringIO()
    call_command("evaluate", "contact-density", "--as-of", DAY.isoformat(), "--format", "json", stdout=out)
    ours = json.loads(out.getvalue())
    export(tmp_path)
    clients, within = independent_shares(tmp_path, DAY, {"in_person", "phone", "video", "home_visit"})
    assert ours["jobcenter"]["clients"] == clients == CLIENTS
    assert [ours["jobcenter"][f"with_contact_{n}m"] for n in (1, 3, 6)] == [within[n] for n in (1, 3, 6)]
    assert ours["jobcenter"]["share_1m"] == round(100 * within[1] / clients, 1)
    assert len(ours["series"]) == 24
    teams = [g for g in ours["groups"] if g["dimension"] == "team"]
    assert sum(g["clients"] for g in teams) == clients
