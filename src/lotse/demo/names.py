"""Name pools for the demo: Faker's German and Turkish locale data plus short
transliterated lists (a German Jobcenter records names in Latin script).

Sampling from the pools with one seeded ``random.Random`` is reproducible and fast
enough for a million persons (Faker's per-call API is not needed per person).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class NamePool:
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]


def _names(value) -> tuple[str, ...]:
    return tuple(value.keys()) if isinstance(value, dict) else tuple(value)


PARTICLES = frozenset({"van", "von", "de", "der", "den", "zu", "ten", "ter"})


def natural_order(family_name: str) -> str:
    """A family name as it is written: Faker lists some inverted for sorting ("Dussen van");
    a particle at the end goes in front ("van Dussen")."""
    parts = family_name.split()
    if len(parts) > 1 and parts[-1].lower() in PARTICLES:
        return " ".join([parts[-1], *parts[:-1]])
    return family_name


def _faker(locale: str, weight: float) -> NamePool:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    return NamePool(
        weight,
        _names(provider.first_names_female),
        _names(provider.first_names_male),
        tuple(natural_order(n) for n in _names(provider.last_names)),
    )


TRANSLITERATED = (
    NamePool(
        0.08,
        ("Amal", "Fatima", "Layla", "Mariam", "Nour", "Rania", "Salma", "Yasmin", "Zainab", "Hiba"),
        ("Ahmad", "Ali", "Hassan", "Karim", "Mahmoud", "Mohammed", "Omar", "Samir", "Tarek", "Yusuf"),
        (
            "Al-Hassan",
            "Haddad",
            "Ibrahim",
            "Khalil",
            "Mansour",
            "Nasser",
            "Othman",
            "Saleh",
            "Suleiman",
            "Youssef",
            "Darwish",
            "Hamdan",
        ),
    ),
    NamePool(
        0.07,
        ("Anastasiia", "Iryna", "Kateryna", "Olena", "Oksana", "Tetiana", "Yuliia", "Natalia"),
        ("Andrii", "Dmytro", "Ivan", "Mykola", "Oleksandr", "Serhii", "Taras", "Vasyl"),
        (
            "Bondarenko",
            "Hrytsenko",
            "Kovalenko",
            "Kravchenko",
            "Melnyk",
            "Petrenko",
            "Shevchenko",
            "Tkachenko",
            "Zhuk",
            "Moroz",
        ),
    ),
    NamePool(
        0.05,
        ("Agnieszka", "Anna", "Ewa", "Joanna", "Katarzyna", "Magdalena", "Małgorzata", "Zofia"),
        ("Andrzej", "Jakub", "Krzysztof", "Łukasz", "Marek", "Piotr", "Tomasz", "Wojciech"),
        (
            "Nowak",
            "Kowalczyk",
            "Wiśniewski",
            "Wójcik",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Dąbrowski",
            "Mazur",
        ),
    ),
)


@cache
def pools() -> tuple[NamePool, ...]:
    return (_faker("de_DE", 0.70), _faker("tr_TR", 0.10), *TRANSLITERATED)
