"""Postal addresses for the demo Jobcenter: a household lives at one address in its district.

Each district has a postal code of its town and a handful of streets with common German
names, so a visit round sorted by postal code and street reads like a real route. About one
household in twelve moved within the last years (the earlier address is kept as history),
and about one client in fifty has no address (ohne festen Wohnsitz), so the outreach round
has someone to flag before letters are printed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

STREETS = (
    "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße",
    "Birkenweg", "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße", "Wiesenweg",
    "Schillerstraße", "Goethestraße", "Am Sportplatz", "Mühlenweg", "Rosenstraße", "Feldstraße",
    "Friedhofstraße", "Amselweg", "Jahnstraße", "Industriestraße", "Buchenweg", "Talstraße",
    "Am Markt", "Poststraße", "Eichendorffstraße", "Beethovenstraße", "Mozartstraße", "Uhlandstraße",
    "Kastanienallee", "Blumenstraße", "Wilhelmstraße", "Parkstraße", "Sonnenweg", "Brunnenstraße",
)  # fmt: skip
STREETS_PER_DISTRICT = 6
MOVED_SHARE = 0.08
WITHOUT_ADDRESS_SHARE = 0.02


def postal_codes(district_cities: list[tuple[str, str]]) -> dict[str, str]:
    """District id → a five-digit postal code: the towns get consecutive code areas (345xx,
    346xx, …) and each district one code within its town's area."""
    areas: dict[str, int] = {}
    seen: dict[str, int] = defaultdict(int)
    codes = {}
    for district_id, city in district_cities:
        area = areas.setdefault(city, 345 + len(areas))
        codes[district_id] = f"{area}{10 + 3 * seen[city]:02d}"
        seen[city] += 1
    return codes


def generate_addresses(
    seed: int,
    district_cities: list[tuple[str, str]],
    persons: list,
    members: list[dict],
    as_of: date,
) -> list[dict]:
    """Rows of ``addresses.csv``: every member of a household at the household's address from
    the day they moved in. A separate random stream, so the rest of the demo stays as it was."""
    rng = random.Random(seed + 13)
    codes = postal_codes(district_cities)
    city_of = dict(district_cities)
    streets = {
        district_id: rng.sample(STREETS, STREETS_PER_DISTRICT) for district_id, _city in district_cities
    }
    district_of = {p.person_id: p.district_id for p in persons}
    households: dict[str, list[dict]] = defaultdict(list)
    for member in members:
        households[member["household_id"]].append(member)
    rows = []
    for household_id in sorted(households):
        stays = households[household_id]
        district = district_of.get(stays[0]["person_id"])
        if district not in codes or rng.random() < WITHOUT_ADDRESS_SHARE:
            continue
        street, number = rng.choice(streets[district]), str(rng.randint(1, 120))
        if rng.random() < 0.1:
            number += rng.choice("abc")
        move = None
        if rng.random() < MOVED_SHARE:
            move = as_of - timedelta(days=rng.randint(30, 700))
            earlier = (rng.choice(streets[district]), str(rng.randint(1, 120)))
        for stay in stays:
            start = stay["moved_in"]
            end = stay.get("moved_out")
            address = {
                "person_id": stay["person_id"],
                "postal_code": codes[district],
                "city": city_of[district],
                "care_of": "",
            }
            if move is not None and start < move and (end is None or end >= move):
                rows.append(
                    {
                        **address,
                        "street": earlier[0],
                        "house_number": earlier[1],
                        "valid_from": start,
                        "valid_to": move - timedelta(days=1),
                    }
                )
                start = move
            rows.append(
                {**address, "street": street, "house_number": number, "valid_from": start, "valid_to": end}
            )
    return rows
