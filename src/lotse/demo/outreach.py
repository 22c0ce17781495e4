"""A year of outreach work for the demo Jobcenter (Kassel's first year, as reported in 2023).

Every month the outreach team takes candidates (by the rule, on the month's 5th) into
visit rounds up to its capacity, visits them, finds some, and the caseworkers see many
of those again afterwards. Kassel's first year is the reference: about 400 clients
reconnected of about 25,000, 40–50 % reached on the first visits. Only the generator
decides who is met; every figure on the outreach page is computed from these rows.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from django.db import transaction

from lotse.clients.models import PersonAttribute, Responsibility
from lotse.contacts.models import Contact
from lotse.domain.outreach import gap_cutoff, trigger_of
from lotse.organisation.models import Staff
from lotse.outreach.models import CloseReason, Offer, OfferKind, OutreachCase, Reason, Visit, VisitRound
from lotse.outreach.selectors import candidates_not_in_outreach, rule_on

CASES_PER_MONTH_AT_25000 = 45
FIRST_VISIT = {"met": 0.36, "not_home": 0.46, "refused": 0.07, "moved_away": 0.04, "other": 0.07}
SECOND_VISIT = {"met": 0.30, "not_home": 0.55, "refused": 0.10, "other": 0.05}
REASONS = {
    Reason.MENTAL_ILLNESS: 0.22,
    Reason.PHYSICAL_ILLNESS: 0.16,
    Reason.DEBT: 0.18,
    Reason.ADDICTION: 0.10,
    Reason.HOUSING: 0.08,
    Reason.LANGUAGE: 0.09,
    Reason.FEAR: 0.12,
    Reason.OTHER: 0.05,
}
OFFER_FOR = {
    Reason.MENTAL_ILLNESS: OfferKind.PSYCHOSOCIAL,
    Reason.PHYSICAL_ILLNESS: OfferKind.HOLISTIC_16K,
    Reason.DEBT: OfferKind.DEBT_COUNSELLING,
    Reason.ADDICTION: OfferKind.ADDICTION_COUNSELLING,
    Reason.HOUSING: OfferKind.HOLISTIC_16K,
    Reason.LANGUAGE: OfferKind.LIFE_COACHING,
    Reason.FEAR: OfferKind.LIFE_COACHING,
    Reason.OTHER: OfferKind.LIFE_COACHING,
}


def _pick(rng: random.Random, shares: dict) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


@transaction.atomic
def simulate_outreach(as_of: date, clients: int, seed: int) -> Counter:
    rng = random.Random(seed + 1)
    workers = list(Staff.objects.filter(role="outreach", team__kind="outreach").order_by("external_id"))
    tally: Counter = Counter()
    if not workers:
        return tally
    capacity = max(3, round(CASES_PER_MONTH_AT_25000 * clients / 25000))
    caseworker = dict(Responsibility.objects.values_list("person_id", "staff_id"))
    month = date(as_of.year - 1, as_of.month, 1)
    while month <= as_of:
        day = month.replace(day=5)
        if day <= as_of:
            _month(rng, day, as_of, workers, capacity, caseworker, tally)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tally


def _month(rng, day, as_of, workers, capacity, caseworker, tally) -> None:
    pool = list(candidates_not_in_outreach(day).values_list("pk", "district_id", "last_contact", "entry"))
    if not pool:
        return
    cutoff = gap_cutoff(day, rule_on(day).gap_months)
    chosen = rng.sample(pool, min(capacity, len(pool)))
    chosen.sort(key=lambda row: row[1] or 0)  # a worker's round covers neighbouring clients
    per_worker = -(-len(chosen) // len(workers))
    for i, worker in enumerate(workers):
        mine = chosen[i * per_worker : (i + 1) * per_worker]
        if not mine:
            continue
        visit_round = VisitRound.objects.create(
            name=f"Runde {day:%m/%Y} – {worker.family_name}",
            staff=worker,
            first_day=day + timedelta(days=2),
            last_day=day + timedelta(days=12),
        )
        visit_round.districts.set({d for _pk, d, _l, _e in mine if d})
        for pk, _district, last, entry in mine:
            case = OutreachCase.objects.create(
                person_id=pk,
                opened_on=day,
                trigger=trigger_of(last, entry, cutoff),
                visit_round=visit_round,
                staff=worker,
            )
            tally["cases"] += 1
            _visits(rng, case, worker, visit_round.first_day, as_of, caseworker.get(pk), tally)


def _visits(rng, case, worker, first_day, as_of, caseworker_id, tally) -> None:
    visit_day = first_day + timedelta(days=rng.randint(0, 10))
    for attempt, shares in enumerate((FIRST_VISIT, SECOND_VISIT)):
        if visit_day > as_of:
            return
        result = _pick(rng, shares)
        reasons = sorted({_pick(rng, REASONS) for _ in range(rng.randint(1, 2))}) if result == "met" else []
        Visit.objects.create(
            case=case,
            date=visit_day,
            staff=worker,
            result=result,
            card_left=result == "not_home",
            reasons=reasons,
        )
        tally[f"visit_{result}"] += 1
        if result == "moved_away":
            case.closed_on, case.close_reason = visit_day, CloseReason.MOVED_AWAY
            case.note_to_benefits = "Laut Nachbarn verzogen; Leistungsanspruch bitte prüfen."
            case.save()
            return
        if result == "met":
            _after_meeting(rng, case, visit_day, reasons, as_of, caseworker_id, tally)
            return
        if result == "refused" or attempt == 1:
            return
        visit_day += timedelta(days=rng.randint(5, 14))


def _after_meeting(rng, case, met_on, reasons, as_of, caseworker_id, tally) -> None:
    for reason in reasons:
        if rng.random() < 0.6:
            Offer.objects.create(
                case=case, kind=OFFER_FOR[reason], made_on=met_on, accepted=rng.random() < 0.65
            )
    if rng.random() >= 0.45:
        return  # met, but not (yet) back at the Jobcenter: still in outreach
    back = met_on + timedelta(days=rng.randint(7, 35))
    if back > as_of:
        return
    Contact.objects.create(
        person_id=case.person_id, staff_id=caseworker_id, date=back, channel="in_person", held=True
    )
    tally["reconnected"] += 1
    handed = back + timedelta(days=rng.randint(1, 14))
    if handed <= as_of:
        case.handed_back_on = handed
        case.save(update_fields=["handed_back_on"])
    job = back + timedelta(days=rng.randint(20, 90))
    if job <= as_of and rng.random() < 0.08:
        current = PersonAttribute.objects.filter(
            person_id=case.person_id, attribute="status", valid_to__isnull=True
        ).first()
        if current is None or current.valid_from < job:
            if current is not None:
                current.valid_to = job - timedelta(days=1)
                current.save(update_fields=["valid_to"])
            PersonAttribute.objects.create(
                person_id=case.person_id, attribute="status", value="employed", valid_from=job
            )
            tally["job_starts"] += 1
