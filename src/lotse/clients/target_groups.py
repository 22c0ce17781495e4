"""The target groups of a client on the day of an event, derived by
:mod:`lotse.domain.fact_columns` (every event of a chunk of persons in one computation,
each on its own day).

Used when participations, integrations, needs and placement proposals are written (by a
caseworker, the API or an import): the row keeps what was true that day, so later reports
count it the way it was (see :class:`lotse.measures.models.TargetGroupSnapshot`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from lotse.clients.models import Person
from lotse.clients.selectors import load_histories, profile_table
from lotse.core.db import CHUNK
from lotse.domain.fact_columns import facts_of_histories


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
        pairs = [(pk, day) for pk in histories for day in sorted(days_of[pk])]
        every = facts_of_histories(
            [histories[pk] for pk, _ in pairs], [day for _, day in pairs], profiles=profiles
        )
        for pair, facts in zip(pairs, every, strict=True):
            found[pair] = {
                "u25": facts.is_u25,
                "single_parent": facts.is_single_parent,
                "long_term": facts.is_long_term,
            }
    return [found[event] for event in events]
