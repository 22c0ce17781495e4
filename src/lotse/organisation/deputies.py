"""Deputies (Vertretung) for a caseworker's absence: who stands in for whom, and when.

A team lead names a deputy from the same team for an absence period. During it the deputy
reaches the absent caseworker's clients as their own (:mod:`lotse.clients.scope`) and sees
them in their worklist, marked with the colleague they stand in for. Responsibility does
not change, so no handover is written and nothing has to be undone on the return.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lotse.core.audit import record
from lotse.core.errors import Refused
from lotse.core.models import AuditAction, valid_on
from lotse.organisation.models import Deputyship, Staff, StaffRole

LONGEST_ABSENCE_DAYS = 366  # a longer absence is a transfer of the caseload, not a deputyship


def represented_by(deputy: Staff, day: date) -> QuerySet[Staff]:
    """The absent colleagues ``deputy`` stands in for on the day."""
    return Staff.objects.filter(
        absences__in=Deputyship.objects.filter(valid_on(day), deputy=deputy)
    ).order_by("family_name", "given_name")


def represented_by_staff(staff_ids, day: date) -> QuerySet[Deputyship]:
    """The deputyships of the given staff records (keys or a subquery) running on the day:
    their ``absent_id`` are the caseloads those records reach as deputies."""
    return Deputyship.objects.filter(valid_on(day), deputy_id__in=staff_ids)


def deputyships_of_team(team_id: int, as_of: date) -> QuerySet[Deputyship]:
    """The team's deputyships running on the date or starting later (ended ones are history)."""
    return (
        Deputyship.objects.filter(absent__team_id=team_id, valid_to__gte=as_of)
        .select_related("absent", "deputy")
        .order_by("valid_from", "absent__family_name")
    )


def _check(absent: Staff, deputy: Staff, valid_from: date, valid_to: date, team_ids: list[int]) -> None:
    if absent.team_id not in team_ids:
        raise Refused(_("You can name deputies for your own team only."), field="absent")
    if absent.role != StaffRole.CASEWORKER:
        raise Refused(_("Only an Integrationsfachkraft's caseload can be deputised."), field="absent")
    if deputy.pk == absent.pk:
        raise Refused(_("A caseworker cannot stand in for themselves."), field="deputy")
    if deputy.team_id != absent.team_id:
        raise Refused(_("The deputy must belong to the same team."), field="deputy")
    if valid_to < valid_from:
        raise Refused(_("The absence ends before it begins."), field="valid_to")
    if (valid_to - valid_from).days >= LONGEST_ABSENCE_DAYS:
        raise Refused(
            _("An absence of a year or more is a transfer of the caseload, not a deputyship."),
            field="valid_to",
        )
    for who, field in ((absent, "absent"), (deputy, "deputy")):
        employed = Staff.objects.filter(pk=who.pk, valid_from__lte=valid_from).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=valid_to)
        )
        if not employed.exists():
            raise Refused(_("%(name)s is not employed for the whole period.") % {"name": who}, field=field)
    overlapping = Deputyship.objects.filter(
        absent=absent, valid_from__lte=valid_to, valid_to__gte=valid_from
    ).select_related("deputy")
    clash = overlapping.first()
    if clash is not None:
        raise Refused(
            _("%(name)s already has a deputy from %(start)s to %(end)s (%(deputy)s).")
            % {
                "name": absent,
                "start": clash.valid_from.strftime("%d.%m.%Y"),
                "end": clash.valid_to.strftime("%d.%m.%Y"),
                "deputy": clash.deputy,
            },
            field="valid_from",
        )
    if Deputyship.objects.filter(absent=deputy, valid_from__lte=valid_to, valid_to__gte=valid_from).exists():
        raise Refused(
            _("%(name)s is absent in that period and cannot stand in.") % {"name": deputy}, field="deputy"
        )


@transaction.atomic
def deputyship_create(
    *,
    absent: Staff,
    deputy: Staff,
    valid_from: date,
    valid_to: date,
    note: str,
    team_ids: list[int],
    user,
) -> Deputyship:
    """Name a deputy for an absence (the team lead of the absent caseworker's team)."""
    Staff.objects.select_for_update().filter(pk=absent.pk).first()  # one deputyship at a time
    _check(absent, deputy, valid_from, valid_to, team_ids)
    created = Deputyship.objects.create(
        absent=absent,
        deputy=deputy,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note.strip()[:300],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    record(action=AuditAction.ACCESS, what="deputyship_create", user=user, detail=str(created))
    return created


@transaction.atomic
def deputyship_end(*, deputyship: Deputyship, as_of: date, team_ids: list[int], user) -> Deputyship | None:
    """End a deputyship early (the caseworker is back): it ends the day before ``as_of``;
    one that has not begun yet is withdrawn altogether."""
    if deputyship.absent.team_id not in team_ids:
        raise Refused(_("You can end deputyships of your own team only."))
    text = str(deputyship)
    if deputyship.valid_from >= as_of:
        deputyship.delete()
        record(action=AuditAction.ACCESS, what="deputyship_withdraw", user=user, detail=text)
        return None
    deputyship.valid_to = min(deputyship.valid_to, date.fromordinal(as_of.toordinal() - 1))
    deputyship.save(update_fields=["valid_to"])
    record(action=AuditAction.ACCESS, what="deputyship_end", user=user, detail=text)
    return deputyship
