"""Build the demo Jobcenter: generate, check with the importer's rules, write.

The generated rows take the same path as ``lotse import``: the importer's checks
run over them before anything is written, so the demo can never hold data an
import would refuse.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Sum

from lotse.core.roles import Role, ensure_role_groups
from lotse.demo.addresses import generate_addresses
from lotse.demo.households import HouseholdFactory
from lotse.demo.network import generate_partners
from lotse.demo.organisation import plan_districts, plan_staff
from lotse.demo.steering import generate_steering
from lotse.exchange import checks, writer
from lotse.exchange.reader import Dataset, Row
from lotse.organisation.models import Jobcenter, Staff, StaffingTargetComponent
from lotse.organisation.selectors import staff_on

DEMO_PASSWORD = "Lotse-Demo-2026!"
CITY = "Musterstadt"
FORMER_SHARE = 0.15  # households that left benefits during the three years

Progress = Callable[[str, int], None]


class DemoDataInvalid(RuntimeError):
    """The generator produced rows the importer refuses: a bug in the generator."""


# The demo Jobcenter serves a county: the core town and four smaller towns, so the
# municipal carrier's per-city tables (Mettmann 2014, V: "stadtscharf") have something to show.
TOWNS = ("Neuberg", "Altheim", "Wiesenbach", "Rotenfels")
CORE_SHARE = 0.6


def city_of(index: int, districts: int) -> str:
    core = round(districts * CORE_SHARE)
    return CITY if index < core else TOWNS[(index - core) % len(TOWNS)]


def _rows(dicts: list[dict]) -> list[Row]:
    return [Row(i + 2, d) for i, d in enumerate(dicts)]


def generate(
    *,
    clients: int,
    seed: int,
    as_of: date,
    progress: Callable[[int], None] | None = None,
    contacts: bool = True,
    steering: bool = True,
) -> Dataset:
    """The demo as exchange-format rows; ``contacts=False`` leaves out the contact history
    (the routing benchmark at a million clients does not need 20 million contacts)."""
    rng = random.Random(seed)
    districts = plan_districts(rng, clients)
    factory = HouseholdFactory(rng, as_of, [d.district_id for d in districts], [d.weight for d in districts])
    factory.with_contacts = contacts
    reported = 0
    while factory.out.active_clients < clients:
        # A household brings up to 3 clients; near the end only one-person households,
        # so the demo has exactly the number of clients asked for.
        factory.household(single=clients - factory.out.active_clients < 4)
        if rng.random() < FORMER_SHARE:
            factory.household(former=True)
        if progress and factory.out.active_clients - reported >= 1000:
            progress(factory.out.active_clients - reported)
            reported = factory.out.active_clients
    if progress:
        progress(factory.out.active_clients - reported)
    teams, staff, qualifications = plan_staff(rng, clients, as_of, districts)
    out = factory.out

    figures = []
    for d in districts:
        for years_back in (2, 1, 0):
            drift = 1 - 0.01 * years_back * rng.uniform(-1, 2)
            figures.append(
                {
                    "district_id": d.district_id,
                    "year": as_of.year - years_back,
                    "population": int(d.population * drift),
                    "unemployment_rate": max(
                        Decimal("0.5"),
                        d.unemployment_rate + Decimal(str(round(rng.uniform(-0.6, 0.9) * years_back, 1))),
                    ),
                }
            )
    local = sorted(districts, key=lambda d: d.weight / d.population, reverse=True)[:3]
    offices = [
        {
            "office_id": "O01",
            "name": f"Jobcenter {CITY} – Hauptstelle",
            "district_id": districts[5].district_id,
            "is_local_office": False,
        }
    ]
    offices += [
        {
            "office_id": f"O{i + 2:02d}",
            "name": f"Anlaufstelle {d.name}",
            "district_id": d.district_id,
            "is_local_office": True,
        }
        for i, d in enumerate(local)
    ]

    data = Dataset()
    data.rows = {
        "districts.csv": _rows(
            [
                {
                    "district_id": d.district_id,
                    "name": d.name,
                    "population": d.population,
                    "unemployment_rate": d.unemployment_rate,
                    "city": city_of(i, len(districts)),
                }
                for i, d in enumerate(districts)
            ]
        ),
        "district_figures.csv": _rows(figures),
        "offices.csv": _rows(offices),
        "teams.csv": _rows(teams),
        "staff.csv": _rows(staff),
        "qualifications.csv": _rows(qualifications),
        "persons.csv": _rows([asdict(p) for p in out.persons]),
        "household_members.csv": _rows(out.members),
        "benefit_periods.csv": _rows(out.benefits),
        "attributes.csv": _rows(out.attributes),
        "contacts.csv": _rows(out.contacts),
        "addresses.csv": _rows(
            generate_addresses(
                seed,
                [(d.district_id, city_of(i, len(districts))) for i, d in enumerate(districts)],
                out.persons,
                out.members,
                as_of,
            )
        ),
    }
    network = generate_partners(
        seed,
        [(d.district_id, d.name, city_of(i, len(districts))) for i, d in enumerate(districts)],
        staff,
        as_of,
    )
    for name, rows in network.items():
        data.rows[name] = _rows(rows)
    if steering:
        for name, rows in generate_steering(rng, out, as_of, clients).items():
            data.rows[name] = _rows(rows)
    return data


@transaction.atomic
def write_demo(
    data: Dataset, *, clients: int, as_of: date, progress: Progress | None = None
) -> dict[str, int]:
    checks.check(data)
    if data.errors:
        shown = "\n".join(str(e) for e in data.errors[:20])
        raise DemoDataInvalid(f"{len(data.errors)} generated rows were refused:\n{shown}")
    counts = writer.write(data, progress)
    scale = Decimal(clients) / Decimal(25_000)
    jobcenter = Jobcenter.current()
    jobcenter.name = f"Jobcenter {CITY} (Demo)"
    # the target staffing counts everyone but the EGT-funded positions, which come on top
    actual = staff_on(as_of).exclude(funding="egt").aggregate(total=Sum("fte", default=Decimal(0)))["total"]
    jobcenter.target_fte = (actual * Decimal("1.04")).quantize(Decimal("0.01"))
    jobcenter.save()
    jobcenter.components.all().delete()
    StaffingTargetComponent.objects.bulk_create(
        [
            StaffingTargetComponent(
                jobcenter=jobcenter, label="Bildung und Teilhabe", fte=(11 * scale).quantize(Decimal("0.01"))
            ),
            StaffingTargetComponent(
                jobcenter=jobcenter, label="50plus", fte=(Decimal("4.25") * scale).quantize(Decimal("0.01"))
            ),
        ]
    )
    return counts


DEMO_USERS = {
    Role.CASEWORKER: ("caseworker", "single_parents"),
    Role.TEAM_LEAD: ("team_lead", "applicant_service"),
    Role.OUTREACH: ("outreach", "outreach"),
    Role.CONTROLLING: (None, None),
    Role.MANAGEMENT: (None, None),
    Role.ADMINISTRATOR: (None, None),
    Role.DATA_PROTECTION: (None, None),
}


def create_demo_users(as_of: date) -> list[tuple[str, str, str]]:
    """One log-in per role (username, role label, linked staff member)."""
    ensure_role_groups()
    result = []
    current = staff_on(as_of)
    for role, (staff_role, hint) in DEMO_USERS.items():
        username = f"demo.{role.value}"
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.ADMINISTRATOR
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        linked = ""
        existing = Staff.objects.filter(user=user).select_related("team").first()
        if existing:  # a second run keeps the earlier link
            linked = f"{existing} ({existing.team})"
        elif staff_role:
            candidates = current.filter(role=staff_role, user__isnull=True)
            if role == Role.CASEWORKER:
                candidates = candidates.filter(specialisations__code=hint)
            else:
                candidates = candidates.filter(team__kind=hint)
            staff = candidates.order_by("external_id").first()
            if staff:
                staff.user = user
                staff.save(update_fields=["user"])
                linked = f"{staff} ({staff.team})"
        result.append((username, str(role.label), linked))
    return result


def routing_dates(as_of: date) -> list[date]:
    """The demo is routed quarterly over its last year, then on the reference date, so the
    team leads' pages show a year of handovers from life events (the daily job in fast motion)."""
    return [as_of - timedelta(days=days) for days in (365, 273, 182, 91)] + [as_of]
