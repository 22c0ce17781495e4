"""Recording what happens to a client in steering (SPEC S7): one function per change.

Each is atomic and audited, and keeps the client's target groups on the event day
(:mod:`lotse.clients.target_groups`) so reports of past years do not change when a
household changes later. A refusal is :class:`~lotse.core.errors.Refused` with a sentence for the user.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.clients.target_groups import target_groups
from lotse.core.audit import record_person
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, new_external_id
from lotse.core.withdrawal import item_correct
from lotse.measures.models import Feedback, Integration, Measure, Need, Participation
from lotse.network.models import Partner
from lotse.organisation.models import Staff


def _snapshot(person: Person, day: date) -> dict[str, bool]:
    return target_groups([(person.pk, day)])[0]


@transaction.atomic
def participation_enter(*, person: Person, measure: Measure, entered: date, user=None) -> Participation:
    """A client enters a measure; refused while they are still in the same measure."""
    if Participation.objects.filter(person=person, measure=measure, exited__isnull=True).exists():
        raise Refused(
            _("%(measure)s: the client is still in this measure; record the exit first.")
            % {"measure": measure.name},
            field="measure",
        )
    participation = Participation.objects.create(
        external_id=new_external_id(),
        person=person,
        measure=measure,
        entered=entered,
        **_snapshot(person, entered),
    )
    record_person(action=AuditAction.WRITE, what="participation", person=person, user=user)
    return participation


@transaction.atomic
def participation_exit(
    *, participation: Participation, exited: date, reason: str, user=None
) -> Participation:
    if participation.exited is not None:
        raise Refused(_("The exit of this participation is recorded already."))
    if exited < participation.entered:
        raise Refused(
            _("The exit lies before the entry (%(day)s).")
            % {"day": participation.entered.strftime("%d.%m.%Y")},
            field="exited",
        )
    participation.exited = exited
    participation.exit_reason = reason
    participation.save(update_fields=["exited", "exit_reason"])
    record_person(action=AuditAction.WRITE, what="participation", person=participation.person, user=user)
    return participation


@transaction.atomic
def integration_record(
    *, person: Person, started: date, kind: str, employer: str = "", ended: date | None = None, user=None
) -> Integration:
    """A job, apprenticeship or self-employment taken up (publicly funded: recorded, not counted)."""
    if ended is not None and ended < started:
        raise Refused(_("The end of the integration lies before its start."), field="ended")
    integration = Integration.objects.create(
        external_id=new_external_id(),
        person=person,
        started=started,
        kind=kind,
        employer=employer.strip(),
        ended=ended,
        **_snapshot(person, started),
    )
    record_person(action=AuditAction.WRITE, what="integration", person=person, user=user)
    return integration


@transaction.atomic
def need_record(
    *, person: Person, kind: str, recorded_on: date, note: str = "", staff: Staff | None = None, user=None
) -> Need:
    """A need a caseworker sees (childcare, debt, …), counted per target group for measure planning."""
    if Need.objects.filter(person=person, kind=kind, resolved_on__isnull=True).exists():
        raise Refused(_("This need is recorded already and still open."), field="kind")
    need = Need.objects.create(
        person=person,
        kind=kind,
        recorded_on=recorded_on,
        note=note.strip(),
        staff=staff,
        **_snapshot(person, recorded_on),
    )
    record_person(action=AuditAction.WRITE, what="need", person=person, user=user)
    return need


@transaction.atomic
def need_resolve(*, need: Need, resolved_on: date, user=None) -> Need:
    if need.resolved_on is not None:
        raise Refused(_("This need is resolved already."))
    if resolved_on < need.recorded_on:
        raise Refused(_("A need cannot be resolved before it was recorded."))
    need.resolved_on = resolved_on
    need.save(update_fields=["resolved_on"])
    record_person(action=AuditAction.WRITE, what="need", person=need.person, user=user)
    return need


def _source_name(partner: Partner | None, source_name: str) -> str:
    """Who reported: the name given, else the network partner's name; one of them is needed."""
    name = source_name.strip() or (partner.name if partner is not None else "")
    if not name:
        raise Refused(_("Choose the partner or give the name of who reported."), field="source_name")
    return name


@transaction.atomic
def feedback_record(
    *,
    person: Person,
    source: str,
    source_name: str,
    received_on: date,
    text: str,
    staff: Staff | None = None,
    partner: Partner | None = None,
    user=None,
) -> Feedback:
    """What a provider, employer or network partner reports about the client; with a partner of
    the network the feedback is counted for that partner (its name is taken from there)."""
    name = _source_name(partner, source_name)
    feedback = Feedback.objects.create(
        person=person,
        source=source,
        source_name=name,
        partner=partner,
        received_on=received_on,
        text=text.strip(),
        staff=staff,
    )
    record_person(action=AuditAction.WRITE, what="feedback", person=person, user=user)
    return feedback


# ---- corrections (withdrawals: lotse.core.withdrawal.item_withdraw)


def _snapshot_if_moved(item, day_field: str, day: date) -> dict[str, bool]:
    """The target groups again when the event day changes (they are those of that day)."""
    return _snapshot(item.person, day) if getattr(item, day_field) != day else {}


@transaction.atomic
def participation_correct(
    *,
    participation: Participation,
    version: int,
    measure: Measure,
    entered: date,
    exited: date | None = None,
    exit_reason: str = "",
    user=None,
) -> Participation:
    if exited is not None and exited < entered:
        raise Refused(
            _("The exit lies before the entry (%(day)s).") % {"day": entered.strftime("%d.%m.%Y")},
            field="exited",
        )
    if exited is not None and not exit_reason:
        raise Refused(_("Give the reason for the exit."), field="exit_reason")
    clash = Participation.objects.filter(person=participation.person, measure=measure, exited__isnull=True)
    if exited is None and clash.exclude(pk=participation.pk).exists():
        raise Refused(
            _("The client is in this measure already (another open participation)."), field="measure"
        )
    changes = {
        "measure_id": measure.pk,
        "entered": entered,
        "exited": exited,
        "exit_reason": exit_reason if exited else "",
        **_snapshot_if_moved(participation, "entered", entered),
    }
    return item_correct(participation, version=version, changes=changes, what="participation", user=user)


@transaction.atomic
def integration_correct(
    *,
    integration: Integration,
    version: int,
    started: date,
    kind: str,
    employer: str = "",
    ended: date | None = None,
    user=None,
) -> Integration:
    if ended is not None and ended < started:
        raise Refused(_("The end of the integration lies before its start."), field="ended")
    changes = {
        "started": started,
        "kind": kind,
        "employer": employer.strip(),
        "ended": ended,
        **_snapshot_if_moved(integration, "started", started),
    }
    return item_correct(integration, version=version, changes=changes, what="integration", user=user)


@transaction.atomic
def need_correct(
    *, need: Need, version: int, kind: str, note: str = "", resolved_on: date | None = None, user=None
) -> Need:
    if resolved_on is not None and resolved_on < need.recorded_on:
        raise Refused(_("A need cannot be resolved before it was recorded."), field="resolved_on")
    if (
        resolved_on is None
        and Need.objects.filter(person=need.person, kind=kind, resolved_on__isnull=True)
        .exclude(pk=need.pk)
        .exists()
    ):
        raise Refused(_("This need is recorded already and still open."), field="kind")
    changes = {"kind": kind, "note": note.strip(), "resolved_on": resolved_on}
    return item_correct(need, version=version, changes=changes, what="need", user=user)


@transaction.atomic
def feedback_correct(
    *,
    feedback: Feedback,
    version: int,
    source: str,
    source_name: str,
    received_on: date,
    text: str,
    partner: Partner | None = None,
    user=None,
) -> Feedback:
    name = _source_name(partner, source_name)
    changes = {
        "source": source,
        "source_name": name,
        "partner_id": partner.pk if partner is not None else None,
        "received_on": received_on,
        "text": text.strip(),
    }
    return item_correct(feedback, version=version, changes=changes, what="feedback", user=user)
