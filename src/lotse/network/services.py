"""Every state change of the network (SPEC S10): atomic, checked, audited where a client is
concerned. The views, the API and the demo call these; nothing else writes the tables."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.clients.models import Person, Responsibility
from lotse.clients.target_groups import target_groups
from lotse.core.audit import record, record_person
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, new_external_id, refuse_too_long
from lotse.domain.dates import add_months
from lotse.network.models import (
    Cadence,
    CaseConsultation,
    Meeting,
    Partner,
    PartnerKind,
    PartnerOffer,
    PartnerReferral,
    PlacementProposal,
    ProposalResult,
    ReferralOutcome,
    Task,
    Vacancy,
    WorkingGroup,
)
from lotse.organisation.models import Staff

# ---- working groups


def audit_write(what: str, row, user) -> None:
    """A write to the network (no client data): who changed what, in the audit trail."""
    record(
        action=AuditAction.WRITE, what=f"network:{what}", user=user, detail=f"{type(row).__name__} {row.pk}"
    )


def meeting_days(group: WorkingGroup, first: date, last: date) -> list[date]:
    """The days the group meets by its cadence between ``first`` and ``last`` (inclusive):
    every 14 days from the first meeting, or the same day of every month."""
    days = []
    k = 0
    while True:
        if group.cadence == Cadence.BIWEEKLY:
            day = date.fromordinal(group.first_meeting.toordinal() + 14 * k)
        else:
            day = add_months(group.first_meeting, k)
        if day > last:
            return days
        if day >= first:
            days.append(day)
        k += 1


@transaction.atomic
def group_create(
    *,
    name: str,
    cadence: str,
    first_meeting: date,
    room: str = "",
    chair: Staff | None = None,
    members=(),
    partner_members=(),
    user=None,
) -> WorkingGroup:
    refuse_too_long(WorkingGroup, name=name.strip(), room=room.strip())
    group = WorkingGroup.objects.create(
        external_id=new_external_id(),
        name=name.strip(),
        cadence=cadence,
        first_meeting=first_meeting,
        room=room.strip(),
        chair=chair,
    )
    group.members.set(members)
    group.partner_members.set(partner_members)
    audit_write("working_group", group, user)
    return group


@transaction.atomic
def minutes_record(
    *,
    group: WorkingGroup,
    day: date,
    attendees=(),
    partner_attendees=(),
    minutes: str = "",
    minutes_file=None,
    user=None,
) -> Meeting:
    """The result minutes of a meeting (the meeting is created on its first record)."""
    if day < group.first_meeting:
        raise Refused(_("The group did not meet before its first meeting."), field="day")
    if not minutes.strip() and not minutes_file:
        raise Refused(_("Write the results or attach the minutes as a file."), field="minutes")
    meeting, _created = Meeting.objects.get_or_create(group=group, day=day)
    meeting.minutes = minutes.strip()
    if minutes_file:
        meeting.minutes_file = minutes_file
    meeting.save()
    meeting.attendees.set(attendees)
    meeting.partner_attendees.set(partner_attendees)
    audit_write("minutes", meeting, user)
    return meeting


@transaction.atomic
def task_add(*, meeting: Meeting, text: str, owner: Staff, due: date, user=None) -> Task:
    if due < meeting.day:
        raise Refused(_("A task cannot be due before the meeting that agreed it."), field="due")
    refuse_too_long(Task, text=text.strip())
    task = Task.objects.create(meeting=meeting, text=text.strip(), owner=owner, due=due)
    audit_write("task", task, user)
    return task


@transaction.atomic
def task_done(*, task: Task, day: date, by: Staff | None, user=None) -> Task:
    """Done — by its owner or the group's chair."""
    if by is None or by.pk not in (task.owner_id, task.meeting.group.chair_id):
        raise Refused(_("Only the owner of the task or the chair of the group can mark it done."))
    if day < task.meeting.day:
        raise Refused(_("A task cannot be done before the meeting that agreed it."), field="day")
    task.done_on = day
    task.save(update_fields=["done_on"])
    audit_write("task_done", task, user)
    return task


# ---- collegial case consultation (never documented)

CLIENT_NUMBER_LIKE = re.compile(r"\b[A-Z]{1,3}\d{3,}\b")  # P0004711, KD12345


def _names_a_client(text: str) -> bool:
    """Does the title hold a client number, something shaped like one, or a client's family
    name (that is not also a staff member's)?"""
    if CLIENT_NUMBER_LIKE.search(text):
        return True
    words = {w.strip(".,:;()!?\"'") for w in text.split()}
    words = {w for w in words if w}
    if Person.objects.filter(external_id__in=words).exists():
        return True
    names = {w for w in words if len(w) >= 3 and w[0].isupper()}
    staff = set(Staff.objects.filter(family_name__in=names).values_list("family_name", flat=True))
    return Person.objects.filter(family_name__in=names - staff).exists()


@transaction.atomic
def consultation_schedule(
    *, title: str, day: date, starts=None, room: str = "", participants=(), user=None
) -> CaseConsultation:
    """Put a collegial case consultation on the calendar: when, where and who — nothing about a
    case (Hagen concept § 6: it is explicitly not documented). A title that names a client (a
    client number, or anything shaped like one) is refused."""
    text = title.strip()
    refuse_too_long(CaseConsultation, title=text, room=room.strip())
    if _names_a_client(text):
        raise Refused(
            _("A case consultation is not documented: the title must not name a client or a client number."),
            field="title",
        )
    if not participants:
        raise Refused(_("Choose who takes part."), field="participants")
    consultation = CaseConsultation.objects.create(title=text, day=day, starts=starts, room=room.strip())
    consultation.participants.set(participants)
    audit_write("case_consultation", consultation, user)
    return consultation


# ---- referrals of clients to partners


def _groups(person: Person, day: date) -> dict[str, bool]:
    return target_groups([(person.pk, day)])[0]


@transaction.atomic
def partner_referral_record(
    *,
    person: Person,
    partner: Partner,
    referred_on: date,
    consent_on: date | None,
    consent_scope: str,
    offer: PartnerOffer | None = None,
    staff: Staff | None = None,
    user=None,
    today: date | None = None,
) -> PartnerReferral:
    """Refer the client to a partner; the client's consent (day and scope) comes first — without
    it nothing about the client may go to the partner."""
    if consent_on is None or not consent_scope:
        raise Refused(
            _("Record the client's consent first: nothing is passed on without it."), field="consent_on"
        )
    if consent_on > referred_on:
        raise Refused(_("The consent must be given before the referral."), field="consent_on")
    if today is not None and referred_on > today:
        raise Refused(_("A referral cannot lie in the future."), field="referred_on")
    if offer is not None and offer.partner_id != partner.pk:
        raise Refused(_("The offer belongs to another partner."), field="offer")
    if partner.kind == PartnerKind.EMPLOYER:
        raise Refused(_("Employers receive placement proposals, not referrals."), field="partner")
    referral = PartnerReferral.objects.create(
        person=person,
        partner=partner,
        offer=offer,
        referred_on=referred_on,
        consent_on=consent_on,
        consent_scope=consent_scope,
        staff=staff,
        **_groups(person, referred_on),
    )
    record_person(
        action=AuditAction.WRITE, what="partner_referral", person=person, user=user, detail=partner.name
    )
    return referral


@transaction.atomic
def partner_referral_outcome(
    *, referral: PartnerReferral, outcome: str, outcome_on: date, user=None
) -> PartnerReferral:
    """What the partner reported back (taken up, not taken up, declined)."""
    if outcome_on < referral.referred_on:
        raise Refused(_("The feedback cannot come before the referral."), field="outcome_on")
    referral.outcome = outcome
    referral.outcome_on = None if outcome == ReferralOutcome.OPEN else outcome_on
    referral.save(update_fields=["outcome", "outcome_on"])
    record_person(
        action=AuditAction.WRITE, what="partner_referral_outcome", person=referral.person, user=user
    )
    return referral


# ---- vacancies and placement proposals


@transaction.atomic
def vacancy_record(*, employer: Partner, acquired_by: Staff | None = None, user=None, **fields) -> Vacancy:
    if employer.kind != PartnerKind.EMPLOYER:
        raise Refused(_("A vacancy is acquired from an employer."), field="employer")
    hours = fields.get("hours_per_week")
    if hours is not None and not (0 < hours <= 48):
        raise Refused(_("Between 0 and 48 hours per week."), field="hours_per_week")
    refuse_too_long(Vacancy, title=fields.get("title", ""), working_times=fields.get("working_times", ""))
    vacancy = Vacancy.objects.create(
        external_id=new_external_id(), employer=employer, acquired_by=acquired_by, **fields
    )
    audit_write("vacancy", vacancy, user)
    return vacancy


@transaction.atomic
def proposal_make(
    *, vacancy: Vacancy, person: Person, proposed_on: date, staff: Staff | None = None, user=None
) -> PlacementProposal:
    """Propose the vacancy to the client; the client's target groups and team of that day are kept."""
    if vacancy.closed_on is not None and vacancy.closed_on < proposed_on:
        raise Refused(_("The vacancy was closed on %(day)s.") % {"day": f"{vacancy.closed_on:%d.%m.%Y}"})
    if proposed_on < vacancy.acquired_on:
        raise Refused(_("A proposal cannot come before the vacancy was acquired."), field="proposed_on")
    if PlacementProposal.objects.filter(vacancy=vacancy, person=person).exists():
        raise Refused(_("This vacancy was proposed to the client already."), field="client")
    team = Responsibility.objects.filter(person=person).values_list("team_id", flat=True).first()
    proposal = PlacementProposal.objects.create(
        vacancy=vacancy,
        person=person,
        proposed_on=proposed_on,
        staff=staff,
        team_id=team,
        **_groups(person, proposed_on),
    )
    record_person(
        action=AuditAction.WRITE, what="placement_proposal", person=person, user=user, detail=str(vacancy)
    )
    return proposal


@transaction.atomic
def proposal_return(
    *, proposal: PlacementProposal, result: str, result_on: date, reason: str = "", user=None
) -> PlacementProposal:
    """The return of a proposal (applied, invited, hired, rejected, not applied with a reason).
    A hire is recorded as an integration by the caller in the same transaction
    (:mod:`lotse.web.placements`), so the two never part."""
    if result == ProposalResult.OPEN:
        raise Refused(_("Choose what came back."), field="result")
    if result_on < proposal.proposed_on:
        raise Refused(_("The return cannot come before the proposal."), field="result_on")
    if result == ProposalResult.NOT_APPLIED and not reason.strip():
        raise Refused(_("Say why the client did not apply."), field="reason")
    if proposal.result == ProposalResult.HIRED:
        raise Refused(_("The client was hired already; the integration is recorded."), field="result")
    refuse_too_long(PlacementProposal, not_applied_reason=reason.strip())
    proposal.result = result
    proposal.result_on = result_on
    proposal.not_applied_reason = reason.strip() if result == ProposalResult.NOT_APPLIED else ""
    proposal.save(update_fields=["result", "result_on", "not_applied_reason"])
    record_person(
        action=AuditAction.WRITE, what="placement_proposal_return", person=proposal.person, user=user
    )
    return proposal
