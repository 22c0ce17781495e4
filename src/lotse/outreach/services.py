"""The outreach team's state changes: one function each, atomic and audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.core.audit import record, record_person
from lotse.core.errors import Refused
from lotse.core.models import AuditAction
from lotse.domain.outreach import gap_cutoff, trigger_of
from lotse.organisation.models import District, Staff
from lotse.outreach.models import (
    CloseReason,
    Offer,
    OfferKind,
    OutreachCase,
    Reason,
    Visit,
    VisitResult,
    VisitRound,
)
from lotse.outreach.selectors import candidates_not_in_outreach, rule_on


@transaction.atomic
def round_plan(
    *,
    name: str,
    staff: Staff,
    districts: list[District],
    first_day: date,
    last_day: date,
    as_of: date,
    user=None,
) -> VisitRound:
    """Plan a visit round; every candidate of its districts on ``as_of`` without an open
    case becomes a case of the round (the letters go to exactly these clients)."""
    if last_day < first_day:
        raise Refused(_("The last day of the round lies before its first day."), field="last_day")
    if not districts:
        raise Refused(_("Choose at least one district."), field="districts")
    visit_round = VisitRound.objects.create(
        name=name.strip() or f"{first_day:%d.%m.%Y}",
        staff=staff,
        first_day=first_day,
        last_day=last_day,
        created_by=user,
    )
    visit_round.districts.set(districts)
    taken = list(  # evaluated once: the cases and their audit entries name the same clients
        candidates_not_in_outreach(as_of)
        .filter(district__in=districts)
        .values_list("pk", "external_id", "last_contact", "entry")
    )
    cutoff = gap_cutoff(as_of, rule_on(as_of).gap_months)
    rows = []
    for pk, _ref, last, entry in taken:
        rows.append(
            OutreachCase(
                person_id=pk,
                opened_on=as_of,
                trigger=trigger_of(last, entry, cutoff),
                visit_round=visit_round,
                staff=staff,
            )
        )
    OutreachCase.objects.bulk_create(rows)
    if rows:
        record(
            action=AuditAction.WRITE,
            what="outreach_case",
            persons=[(pk, ref) for pk, ref, *_ in taken],
            user=user,
        )
    return visit_round


@transaction.atomic
def visit_record(
    *,
    case: OutreachCase,
    day: date,
    staff: Staff | None,
    result: str,
    card_left: bool = False,
    reasons: list[str] = (),
    offers: list[tuple[str, bool]] = (),
    note: str = "",
    today: date,
    user=None,
) -> Visit:
    """A home visit with its result, the reasons found and the offers made (accepted or not).

    A visit finding the client moved away closes the case with a note to the benefits team.
    """
    if day > today:
        raise Refused(_("A visit cannot lie in the future."), field="date")
    if day < case.opened_on:
        raise Refused(_("A visit cannot lie before the case was opened."), field="date")
    if result not in VisitResult.values:
        raise Refused(_("Choose the result of the visit."), field="result")
    unknown = set(reasons) - set(Reason.values) | {k for k, _a in offers} - set(OfferKind.values)
    if unknown:
        raise Refused(_("Unknown reason or offer: %(x)s") % {"x": ", ".join(sorted(unknown))})
    visit = Visit.objects.create(
        case=case,
        date=day,
        staff=staff,
        result=result,
        card_left=card_left,
        reasons=sorted(set(reasons)),
        note=note.strip(),
        created_by=user,
    )
    Offer.objects.bulk_create(Offer(case=case, kind=k, made_on=day, accepted=a) for k, a in offers)
    if result == VisitResult.MOVED_AWAY and case.is_open:
        case_close(
            case=case,
            day=day,
            reason=CloseReason.MOVED_AWAY,
            note=note or _("Moved away (home visit)."),
            user=user,
        )
    record_person(action=AuditAction.WRITE, what="outreach_visit", person=case.person, user=user)
    return visit


@transaction.atomic
def case_hand_back(*, case: OutreachCase, day: date, user=None) -> OutreachCase:
    """The client is back with the regular caseworker from ``day``."""
    if not case.is_open:
        raise Refused(_("The case is no longer open."))
    if day < case.opened_on:
        raise Refused(_("The hand-back cannot lie before the case was opened."), field="date")
    case.handed_back_on = day
    case.save(update_fields=["handed_back_on"])
    record_person(action=AuditAction.WRITE, what="outreach_hand_back", person=case.person, user=user)
    return case


@transaction.atomic
def case_close(*, case: OutreachCase, day: date, reason: str, note: str, user=None) -> OutreachCase:
    """Close the case (moved away: the note tells the benefits team to check the claim)."""
    if not case.is_open:
        raise Refused(_("The case is no longer open."))
    if reason == CloseReason.MOVED_AWAY and not note.strip():
        raise Refused(_("Write a note to the benefits team when the client moved away."), field="note")
    case.closed_on, case.close_reason, case.note_to_benefits = day, reason, note.strip()
    case.save(update_fields=["closed_on", "close_reason", "note_to_benefits"])
    record_person(action=AuditAction.WRITE, what="outreach_close", person=case.person, user=user)
    return case
