"""The demo Jobcenter's network (SPEC S10): partners around the Jobcenter, cooperation
agreements, the two working groups of the Hagen concept with a quarter of minutes and tasks,
referrals of single parents to childcare with their consent, and vacancies acquired from the
employers of the districts with placement proposals and their returns.

Partners, cooperations and working groups are exchange-format rows (checked and written like an
import); the activity is recorded after routing, in bulk, with the target groups of each day.
A separate random stream, so the rest of the demo stays as it was."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

STREETS = ("Hauptstraße", "Marktplatz", "Bahnhofstraße", "Schulstraße")
CHILDCARE = (
    ("Städtische Kita {d}", "municipal"),
    ("Ev. Kindertagesstätte {d}", "church"),
    ("Kath. Kita St. Marien {d}", "church"),
    ("Kinderhaus {d} e. V.", "independent"),
)
COUNSELLING = (
    "Schuldner- und Insolvenzberatung der Diakonie",
    "Suchtberatung Caritas",
    "Frauenberatungsstelle",
    "Erziehungsberatung",
)
MEASURE_PROVIDERS = ("Bildungswerk der Wirtschaft", "Werkhof gGmbH", "Berufsförderungszentrum")
EMPLOYERS = (
    "Bäckerei {n}",
    "Pflegedienst {n}",
    "Supermarkt {n}",
    "Praxis Dr. {n}",
    "Hotel {n}",
    "Logistik {n} GmbH",
    "Friseursalon {n}",
    "Reinigung {n}",
)
JOBS = (
    ("Verkäufer:in", Decimal("25"), "Mo–Fr 8–13 Uhr", True, False),
    ("Pflegehelfer:in", Decimal("20"), "Frühdienst 6–12 Uhr", True, False),
    ("Kauffrau/-mann für Büromanagement (Teilzeitausbildung)", Decimal("30"), "Mo–Fr 8–14 Uhr", True, True),
    ("Lagerhelfer:in", Decimal("39"), "Schicht", False, False),
    ("Medizinische Fachangestellte (Teilzeitausbildung)", Decimal("30"), "Mo–Fr 8–14 Uhr", True, True),
    ("Servicekraft", Decimal("20"), "Mo–Fr 9–14 Uhr", True, False),
)


def generate_partners(
    seed: int, districts: list[tuple[str, str, str]], staff: list[dict], as_of: date
) -> dict[str, list[dict]]:
    """partners.csv, cooperations.csv, working_groups.csv for districts (id, name, city)."""
    rng = random.Random(seed + 19)
    caseworkers = [s for s in staff if s["role"] == "caseworker" and s["valid_to"] is None]
    single_parent_staff = [s for s in caseworkers if "single_parents" in s["specialisations"]]
    leads = [s for s in staff if s["role"] == "team_lead"]
    partners: list[dict] = []

    def partner(
        name: str, kind: str, served: list[str], carrier: str = "", responsible: dict | None = None
    ) -> dict:
        row = {
            "partner_id": f"N{len(partners) + 1:04d}",
            "name": name,
            "kind": kind,
            "carrier": carrier or None,
            "districts": served,
            "responsible_staff_id": responsible["staff_id"] if responsible else None,
            "street": f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
            "postal_code": None,
            "city": None,
            "phone": f"0{rng.randint(2000, 9999)} {rng.randint(10000, 999999)}",
            "email": None,
        }
        partners.append(row)
        return row

    all_ids = [d for d, _n, _c in districts]
    partner("Stadt – Jugendamt, Kindertagesbetreuung", "municipality", all_ids)
    partner("Beauftragte für Chancengleichheit am Arbeitsmarkt (BCA)", "equal_opportunity", all_ids)
    for name in COUNSELLING:
        partner(name, "counselling", all_ids, carrier=rng.choice(("church", "independent")))
    for name in MEASURE_PROVIDERS:
        partner(name, "measure_provider", all_ids, carrier="private")
    for district_id, name, _city in districts:
        for pattern, carrier in rng.sample(CHILDCARE, 2):
            owner = rng.choice(single_parent_staff) if single_parent_staff else None
            partner(pattern.format(d=name), "childcare", [district_id], carrier=carrier, responsible=owner)
        serving = [s for s in caseworkers if district_id in s["districts"]] or caseworkers
        for _ in range(rng.randint(2, 4)):
            family = rng.choice(
                ("Schmidt", "Becker", "Yılmaz", "Nowak", "Hoffmann", "Wagner", "Öztürk", "Krause")
            )
            partner(
                rng.choice(EMPLOYERS).format(n=family),
                "employer",
                [district_id],
                responsible=rng.choice(serving),
            )
    cooperations = []
    municipal = partners[0]
    cooperations.append(
        {
            "cooperation_id": "K0001",
            "partner_id": municipal["partner_id"],
            "kind": "agreement",
            "subject": "Kooperation in der Kinderbetreuung für Alleinerziehende",
            "status": "in_force",
            "concluded_on": as_of - timedelta(days=420),
            "valid_from": as_of - timedelta(days=400),
            "valid_to": None,
            "review_due": as_of + timedelta(days=35),
            "owner_staff_id": leads[0]["staff_id"] if leads else None,
        }
    )
    for row in partners:
        if row["kind"] in ("childcare", "counselling", "measure_provider") and rng.random() < 0.35:
            concluded = as_of - timedelta(days=rng.randint(60, 900))
            cooperations.append(
                {
                    "cooperation_id": f"K{len(cooperations) + 1:04d}",
                    "partner_id": row["partner_id"],
                    "kind": rng.choice(("agreement", "agreement", "interface_concept")),
                    "subject": rng.choice(
                        (
                            "Reservierte Betreuungsplätze für Kund:innen",
                            "Schnittstelle Beratung – Integrationsfachkraft",
                            "Zuweisung und Rückmeldung",
                        )
                    ),
                    "status": rng.choice(("in_force", "in_force", "draft")),
                    "concluded_on": concluded,
                    "valid_from": concluded,
                    "valid_to": None,
                    "review_due": concluded + timedelta(days=730),
                    "owner_staff_id": row["responsible_staff_id"],
                }
            )
    lead = next((s for s in leads if s["team_id"] == (single_parent_staff or leads)[0]["team_id"]), None)
    groups = [
        {
            "group_id": "G0001",
            "name": "Arbeitskreis Alleinerziehende (hausintern)",
            "cadence": "biweekly",
            "first_meeting": as_of - timedelta(days=14 * 26),
            "room": "Besprechungsraum 2.14",
            "chair_staff_id": lead["staff_id"] if lead else None,
            "members": [s["staff_id"] for s in single_parent_staff][:12],
        },
        {
            "group_id": "G0002",
            "name": "Fach-Arbeitskreis Alleinerziehende",
            "cadence": "monthly",
            "first_meeting": as_of - timedelta(days=365),
            "room": "Rathaus, Sitzungszimmer 3",
            "chair_staff_id": lead["staff_id"] if lead else None,
            "members": [s["staff_id"] for s in leads][:3] + [s["staff_id"] for s in single_parent_staff][:2],
        },
    ]
    return {"partners.csv": partners, "cooperations.csv": cooperations, "working_groups.csv": groups}


def record_network_activity(as_of: date, seed: int) -> dict[str, int]:
    """A quarter of minutes and tasks, referrals of single parents to childcare with consent,
    vacancies of the district employers with proposals and returns — in bulk."""
    from lotse.clients.models import Responsibility
    from lotse.clients.target_groups import target_groups
    from lotse.measures.models import Integration
    from lotse.network.models import (
        Meeting,
        Partner,
        PartnerReferral,
        PlacementProposal,
        Task,
        Vacancy,
        WorkingGroup,
    )
    from lotse.network.services import meeting_days

    rng = random.Random(seed + 23)
    counts = {"meetings": 0, "tasks": 0, "referrals": 0, "vacancies": 0, "proposals": 0, "hired": 0}
    for group in WorkingGroup.objects.prefetch_related("members"):
        members = list(group.members.all())
        for day in meeting_days(group, as_of - timedelta(days=90), as_of - timedelta(days=1)):
            meeting = Meeting.objects.create(
                group=group,
                day=day,
                minutes=rng.choice(
                    (
                        "Randzeitenbetreuung: Bedarf bei 6 Kund:innen, Rückfrage beim Jugendamt.",
                        "Teilzeitausbildung: zwei Betriebe gewonnen, Vorstellung im nächsten Treffen.",
                        "Erfahrungsaustausch zu Bewerber-Shuttle und Rückläufen der Vermittlungsvorschläge.",
                    )
                ),
            )
            meeting.attendees.set(rng.sample(members, max(1, len(members) * 3 // 4)) if members else [])
            counts["meetings"] += 1
            if members:
                Task.objects.create(
                    meeting=meeting,
                    text=rng.choice(
                        ("Kita-Plätze mit Randzeiten erfragen", "Betriebe für Teilzeitausbildung ansprechen")
                    ),
                    owner=rng.choice(members),
                    due=day + timedelta(days=14),
                    done_on=day + timedelta(days=rng.randint(3, 13))
                    if day + timedelta(days=14) < as_of
                    else None,
                )
                counts["tasks"] += 1
    # referrals: single parents (by the day's facts) to a childcare partner of their district
    responsible = list(
        Responsibility.objects.filter(staff__isnull=False).values_list("person_id", "person__district_id")
    )
    rng.shuffle(responsible)
    candidates = responsible[: max(20, len(responsible) // 12)]
    days = [as_of - timedelta(days=rng.randint(1, 300)) for _ in candidates]
    groups = target_groups([(pk, day) for (pk, _d), day in zip(candidates, days, strict=True)])
    childcare: dict[int, list[int]] = {}
    for pk, district in Partner.objects.filter(kind="childcare").values_list("pk", "districts"):
        childcare.setdefault(district, []).append(pk)
    referrals = []
    for (pk, district), day, g in zip(candidates, days, groups, strict=True):
        if not g["single_parent"] or district not in childcare:
            continue
        outcome = rng.choices(("taken_up", "not_taken_up", "declined", "open"), weights=(5, 2, 1, 2))[0]
        referrals.append(
            PartnerReferral(
                person_id=pk,
                partner_id=rng.choice(childcare[district]),
                referred_on=day,
                consent_on=day,
                consent_scope="feedback",
                outcome=outcome,
                outcome_on=None
                if outcome == "open"
                else min(as_of, day + timedelta(days=rng.randint(7, 40))),
                **g,
            )
        )
    PartnerReferral.objects.bulk_create(referrals)
    counts["referrals"] = len(referrals)
    # vacancies and proposals
    employers = list(Partner.objects.filter(kind="employer").prefetch_related("districts"))
    by_district: dict[int, list[int]] = {}
    for pk, district in responsible:
        by_district.setdefault(district, []).append(pk)
    proposals = []
    for employer in employers:
        district = next(iter(employer.districts.all()), None)
        for _ in range(rng.randint(0, 2)):
            title, hours, times, part_time, apprenticeship = rng.choice(JOBS)
            acquired = as_of - timedelta(days=rng.randint(10, 200))
            vacancy = Vacancy.objects.create(
                external_id=f"V{Vacancy.objects.count() + 1:05d}",
                employer=employer,
                title=title,
                district=district,
                hours_per_week=hours,
                part_time_possible=part_time,
                part_time_apprenticeship=apprenticeship,
                childcare_compatible=part_time and rng.random() < 0.7,
                working_times=times,
                acquired_on=acquired,
                acquired_by=employer.responsible,
            )
            counts["vacancies"] += 1
            pool = by_district.get(district.pk if district else None, [])
            for pk in rng.sample(pool, min(len(pool), rng.randint(1, 4))):
                proposed = acquired + timedelta(days=rng.randint(1, max(1, (as_of - acquired).days)))
                proposals.append((vacancy, pk, min(proposed, as_of)))
    groups = target_groups([(pk, day) for _v, pk, day in proposals])
    teams = dict(Responsibility.objects.values_list("person_id", "team_id"))
    rows, hires = [], []
    for (vacancy, pk, day), g in zip(proposals, groups, strict=True):
        result = rng.choices(
            ("open", "applied", "invited", "hired", "rejected", "not_applied"), weights=(3, 3, 2, 1, 2, 1)
        )[0]
        result_on = None if result == "open" else min(as_of, day + timedelta(days=rng.randint(5, 30)))
        rows.append(
            PlacementProposal(
                vacancy=vacancy,
                person_id=pk,
                proposed_on=day,
                staff=vacancy.acquired_by,
                team_id=teams.get(pk),
                result=result,
                result_on=result_on,
                not_applied_reason="Kinderbetreuung zu den Arbeitszeiten nicht gesichert"
                if result == "not_applied"
                else "",
                **g,
            )
        )
        if result == "hired":
            hires.append(
                Integration(
                    external_id=f"VH{len(hires) + 1:06d}",
                    person_id=pk,
                    started=result_on,
                    kind="apprenticeship" if vacancy.part_time_apprenticeship else "employment",
                    employer=vacancy.employer.name,
                    **g,
                )
            )
    PlacementProposal.objects.bulk_create(rows)
    Integration.objects.bulk_create(hires)
    counts["proposals"], counts["hired"] = len(rows), len(hires)
    return counts
