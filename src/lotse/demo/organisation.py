"""The demo Jobcenter's districts, offices, teams and staff, scaled to its caseload.

Caseworkers are specialised by district (Jusos motion): within each team the districts
are cut into portions by client weight and dealt to the caseworkers so that each
carries a similar load; alphabetical ranges are set as well so a Jobcenter can
compare both strategies.
"""

from __future__ import annotations

import math
import random
import string
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from lotse.demo.names import pools

DISTRICT_NAMES = (
    "Nordstadt",
    "Südstadt",
    "Weststadt",
    "Oststadt",
    "Altstadt",
    "Innenstadt",
    "Hafenviertel",
    "Bahnhofsviertel",
    "Am Stadtpark",
    "Lindenau",
    "Eichholz",
    "Birkenfeld",
    "Ahornhöhe",
    "Buchenberg",
    "Ulmental",
    "Kastanienhof",
    "Rosenau",
    "Tannenhöhe",
    "Wiesengrund",
    "Mühlenviertel",
    "Schlossberg",
    "Kirchheide",
    "Brunnenfeld",
    "Sonnenhang",
    "Feldmark",
    "Auenviertel",
    "Hügelsiedlung",
    "Talstadt",
    "Brückenkopf",
    "Neustadt",
    "Gartenstadt",
    "Heide",
    "Moorfeld",
    "Steinbruch",
    "Waldau",
    "Seeblick",
    "Kanalviertel",
    "Weberviertel",
    "Marktviertel",
    "Bergstadt",
)

# kind -> (team name, number of teams at 25,000 clients, caseworkers per team, role,
#          specialisations with how many per team)
TEAM_PLAN = (
    ("applicant_service", "Bewerber-Service", 10, 14, "caseworker", {"single_parents": 3}),
    ("u25", "U25", 3, 12, "caseworker", {"u25_single_parents": 2}),
    ("rehab", "Reha/SB", 1, 12, "caseworker", {"rehab": 12}),
    ("self_employed", "Selbstständige", 1, 8, "caseworker", {"self_employed": 8}),
    ("case_management", "Fallmanagement", 2, 12, "caseworker", {"case_management": 12}),
    ("outreach", "Aufsuchende Beratung", 1, 6, "outreach", {"outreach": 6}),
    ("reception", "Eingangszone", 2, 12, "other", {}),
    ("employer_service", "Arbeitgeberservice", 1, 14, "other", {}),
    ("benefits", "Leistungsgewährung", 3, 15, "other", {}),
)
QUALIFICATION_SHARES = (
    ("basic_sgb2", 0.95),
    ("counselling_concept", 0.7),
    ("peer_consultation", 0.35),
    ("measure_supervision", 0.15),
)


@dataclass
class DistrictPlan:
    district_id: str
    name: str
    population: int
    unemployment_rate: Decimal
    weight: float  # share of the clients who live there


PROJECTS = ("Joboffensive", "Einführung Allegro")


def plan_districts(rng: random.Random, clients: int, count: int = 40) -> list[DistrictPlan]:
    scale = clients / 25_000
    result = []
    for i in range(count):
        deprivation = rng.betavariate(1.3, 2.6)
        population = int(rng.uniform(2000, 9000) * scale) + 50
        rate = Decimal(str(round(2.5 + 17 * deprivation + rng.uniform(-0.8, 0.8), 1)))
        weight = population * (0.02 + 0.30 * deprivation)
        name = DISTRICT_NAMES[i % len(DISTRICT_NAMES)]
        if i >= len(DISTRICT_NAMES):
            name = f"{name} {i // len(DISTRICT_NAMES) + 1}"
        result.append(DistrictPlan(f"D{i + 1:02d}", name, population, max(rate, Decimal("1")), weight))
    return result


def letter_ranges(n: int) -> list[str]:
    """Split A–Z into n contiguous ranges (single letters repeat when n > 26)."""
    letters = string.ascii_uppercase
    result = []
    for i in range(n):
        lo = letters[min(25, i * 26 // n)]
        hi = letters[min(25, max(i * 26 // n, (i + 1) * 26 // n - 1))]
        result.append(lo if lo == hi else f"{lo}-{hi}")
    return result


def deal_districts(districts: list[DistrictPlan], n: int) -> list[list[str]]:
    """Give each of n caseworkers a set of districts so the client weight is even."""
    total = sum(d.weight for d in districts)
    portions: list[tuple[float, str]] = []
    for d in districts:
        k = max(1, round(d.weight / total * n))
        portions += [(d.weight / k, d.district_id)] * k
    portions.sort(reverse=True)
    loads = [0.0] * n
    served: list[list[str]] = [[] for _ in range(n)]
    for weight, district_id in portions:
        i = min(range(n), key=lambda j: (district_id in served[j], loads[j]))
        loads[i] += weight
        if district_id not in served[i]:
            served[i].append(district_id)
    return [sorted(s) for s in served]


def plan_staff(
    rng: random.Random, clients: int, as_of: date, districts: list[DistrictPlan]
) -> tuple[list[dict], list[dict], list[dict]]:
    """Teams, staff rows and qualification rows in the exchange format's shape."""
    scale = clients / 25_000
    pool = pools()[0]
    teams: list[dict] = []
    staff: list[dict] = []
    qualifications: list[dict] = []
    for kind, label, n_teams, per_team, role, specs in TEAM_PLAN:
        n_teams = max(1, round(n_teams * scale)) if scale >= 1 else max(1, math.ceil(n_teams * scale))
        per_team = per_team if scale >= 0.2 else max(2, math.ceil(per_team * scale * 5))
        for t in range(n_teams):
            team_id = f"T{len(teams) + 1:03d}"
            name = label if n_teams == 1 else f"{label} {t + 1}"
            teams.append({"team_id": team_id, "name": name, "kind": kind, "office_id": "O01"})
            members: list[dict] = []

            def new(role: str, specialisations: list[str], team_id: str = team_id) -> dict:
                sex = rng.choice("fm")
                joined = as_of - timedelta(days=rng.randint(30, 6000))
                fixed = rng.random() < 0.07 and role != "team_lead"
                left = None
                if rng.random() < 0.04 and role != "team_lead":  # every team keeps its lead
                    left = as_of - timedelta(days=rng.randint(1, 300))
                    joined = min(joined, left - timedelta(days=200))
                elif fixed:
                    left = as_of + timedelta(days=rng.randint(30, 700))
                row = {
                    "staff_id": f"S{len(staff) + 1:04d}",
                    "family_name": rng.choice(pool.family),
                    "given_name": rng.choice(pool.female if sex == "f" else pool.male),
                    "team_id": team_id,
                    "fte": rng.choices(
                        [Decimal("1"), Decimal("0.8"), Decimal("0.75"), Decimal("0.5")],
                        weights=[65, 10, 12, 13],
                    )[0],
                    "fixed_term": fixed,
                    "specialisations": specialisations,
                    "districts": [],
                    "letters": "",
                    "valid_from": joined,
                    "valid_to": left,
                    "role": role,
                    "funding": rng.choice(["project", "egt"]) if fixed else "permanent",
                }
                # project staff counted against the target, as in Mettmann's 2014 agreement
                row["project"] = PROJECTS[len(staff) % 2] if row["funding"] == "project" else ""
                staff.append(row)
                return row

            new("team_lead", [])
            groups: dict[str, list[dict]] = {}
            for i in range(per_team):
                spec = next((s for s, k in _expand(specs) if i < k), None)
                row = new(role, [spec] if spec else [])
                members.append(row)
                groups.setdefault(spec or "", []).append(row)
            if role in ("caseworker", "outreach"):
                for group in groups.values():
                    for row, served, letters in zip(
                        group,
                        deal_districts(districts, len(group)),
                        letter_ranges(len(group)),
                        strict=True,
                    ):
                        row["districts"] = served
                        row["letters"] = letters
                for row in members:
                    for kind_q, share in QUALIFICATION_SHARES:
                        if rng.random() < share:
                            qualifications.append(
                                {
                                    "staff_id": row["staff_id"],
                                    "kind": kind_q,
                                    "completed_on": row["valid_from"] + timedelta(days=rng.randint(20, 600)),
                                }
                            )
    for q in qualifications:
        if q["completed_on"] > as_of:
            q["completed_on"] = as_of - timedelta(days=1)
    return teams, staff, qualifications


def _expand(specs: dict[str, int]) -> list[tuple[str, int]]:
    """Cumulative counts: the first k caseworkers of a team get the first specialisation…"""
    result, acc = [], 0
    for spec, k in specs.items():
        acc += k
        result.append((spec, acc))
    return result
