"""Fact changes recorded by caseworkers in the demo: a pregnancy proof, a job taken up, a new
Profillage — each through the client record's services, so the client is routed at once and
the handover names the change as its reason, exactly as when a caseworker saves the form."""

from __future__ import annotations

import random
from datetime import date, timedelta

from lotse.clients.models import BenefitPeriod, Person, PersonAttribute
from lotse.clients.services import fact_record, fact_text
from lotse.core.errors import Refused
from lotse.core.models import valid_on
from lotse.domain.vocabulary import ATTRIBUTE_VALUES
from lotse.routing.services import rerouted_after


def _current(person: Person, attribute: str, day: date) -> str | None:
    entry = PersonAttribute.objects.filter(valid_on(day), person=person, attribute=attribute).first()
    return entry.value if entry else None


def _change(rng: random.Random, person: Person, day: date) -> tuple[str, str]:
    """Which fact changes for this person, and to what (plausible for who they are)."""
    age = (day - person.birth_date).days // 365
    if person.sex == "f" and 18 <= age <= 40 and _current(person, "pregnancy_proof", day) is None:
        return "pregnancy_proof", day.isoformat()
    if _current(person, "status", day) in ("unemployed", "job_seeking") and rng.random() < 0.6:
        return "status", "employed"
    profiles = [p for p in ATTRIBUTE_VALUES["profile"] or () if p != _current(person, "profile", day)]
    return "profile", rng.choice(profiles)


def record_fact_changes(as_of: date, seed: int, count: int) -> int:
    """Record ``count`` fact changes of the last eight weeks for clients receiving benefits;
    returns how many were recorded (a change that would clash with a later entry is skipped)."""
    rng = random.Random(seed + 17)
    people = sorted(set(BenefitPeriod.objects.filter(valid_on(as_of)).values_list("person_id", flat=True)))
    recorded = 0
    for pk in rng.sample(people, min(count, len(people))):
        person = Person.objects.get(pk=pk)
        day = as_of - timedelta(days=rng.randint(1, 56))
        attribute, value = _change(rng, person, day)
        responsible = getattr(getattr(person, "responsibility", None), "staff", None)
        user = getattr(responsible, "user", None)

        def write(person=person, attribute=attribute, value=value, day=day, user=user):
            return fact_record(
                person=person,
                attribute=attribute,
                value=value,
                valid_from=day,
                version=person.facts_version,
                user=user,
            )

        try:
            rerouted_after(
                person=person, write=write, reason=fact_text(attribute, value, day), as_of=as_of, user=user
            )
        except Refused:
            continue
        recorded += 1
    return recorded
