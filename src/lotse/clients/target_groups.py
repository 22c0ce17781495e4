"""The target groups of a client on the day of an event, derived by :mod:`lotse.domain.facts`.

Used when participations, integrations, needs and placement proposals are written (by a caseworker, the API
or an import): the row keeps what was true that day, so later reports count it the way
it was (see :class:`lotse.measures.models.TargetGroupSnapshot`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from lotse.clients.models import Person
from lotse.clients.selectors import load_histories, profile_table
from lotse.core.db import CHUNK
from lotse.domain.facts import derive_facts


def target_groups(events: list[tuple[int, date]]) -> list[dict[str, bool]]:
    """``{"u25", "single_parent", "long_term"}`` for each (person pk, day), in order."""
    days_of: dict[int, set[date]] = defaultdict(set)
    for pk, day in events:
        days_of[pk].add(day)
    found: dict[tuple[int, date], dict[str, bool]] = {}
    people = sorted(days_of)
    profiles = profile_table()
    for start in range(0, len(people), CHUNK):
        histories = load_histories(Person.objects.filter(pk__in=people[start : start + CHUNK]))
        for pk, history in histories.items():
            for day in days_of[pk]:
                facts = derive_facts(history, day, profiles=profiles)
                found[(pk, day)] = {
                    "u25": facts.is_u25,
                    "single_parent": facts.is_single_parent,
                    "long_term": facts.is_long_term,
                }
    return [found[event] for event in events]
