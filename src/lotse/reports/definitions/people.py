"""Reports that name clients, under need-to-know: the handovers into and out of the team
lead's teams with the queue, and the data protection officer's Art. 15 report of every
access to one person's data. Each client named is an audited export."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lotse.clients.models import Person, Responsibility
from lotse.core.audit import record
from lotse.core.errors import BadInput
from lotse.core.models import AuditAction
from lotse.organisation.selectors import team_ids_led_by
from lotse.reports.definitions.base import Params, report
from lotse.reports.model import Column, Kind, Table
from lotse.routing.selectors import handovers_into
from lotse.trust.selectors import accesses_to


def _name(staff, team) -> str:
    if staff is not None:
        return f"{staff.family_name}, {staff.given_name}" + (f" ({team.name})" if team else "")
    return team.name if team else "–"


def handovers_report(params: Params):
    """The handovers of the period (default: the 30 days up to the reference date) into or
    out of the teams the user leads, and their queue — the rows of the handover page, which
    a team lead reads for their teams (a client handed out of the team included)."""
    teams = team_ids_led_by(params.user)
    first = params.first or params.as_of - timedelta(days=30)
    handovers = list(
        handovers_into(teams).filter(effective_date__gte=first, effective_date__lte=params.as_of)
    )
    queue = list(
        Responsibility.objects.filter(staff__isnull=True, team_id__in=teams)
        .select_related("person", "team")
        .order_by("team__name", "person__family_name")
    )
    named = {(h.person.pk, h.person.external_id) for h in handovers} | {
        (r.person.pk, r.person.external_id) for r in queue
    }
    if named:
        record(action=AuditAction.EXPORT, what="report handovers", persons=sorted(named), user=params.user)
    return report(
        "handovers",
        _("Handovers"),
        params.as_of,
        [(_("Period"), f"{first:%d.%m.%Y}–{params.as_of:%d.%m.%Y}")],
        tables=[
            Table(
                "handovers",
                _("Handovers into and out of the team"),
                [
                    Column("effective", _("Effective"), Kind.DATE),
                    Column("client_id", _("Client number")),
                    Column("client", _("Client")),
                    Column("from", pgettext("handover", "From")),
                    Column("to", pgettext("handover", "To")),
                    Column("kind", _("Kind")),
                    Column("reason", _("Reason")),
                ],
                [
                    [
                        h.effective_date,
                        h.person.external_id,
                        f"{h.person.family_name}, {h.person.given_name}",
                        _name(h.from_staff, h.from_team),
                        _name(h.to_staff, h.to_team),
                        h.get_kind_display(),
                        h.reason,
                    ]
                    for h in handovers
                ],
            ),
            Table(
                "queue",
                _("Queue of the team lead"),
                [
                    Column("client_id", _("Client number")),
                    Column("client", _("Client")),
                    Column("team", _("Team")),
                    Column("since", _("Since"), Kind.DATE),
                ],
                [
                    [
                        r.person.external_id,
                        f"{r.person.family_name}, {r.person.given_name}",
                        r.team.name if r.team else "–",
                        r.since,
                    ]
                    for r in queue
                ],
            ),
        ],
        landscape=True,
    )


def access_report(params: Params):
    """GDPR Art. 15 (1) c: every read and write of one person's data, oldest first."""
    if not params.person:
        raise BadInput(_("person: the client number is missing"))
    person = Person.objects.filter(external_id=params.person).first()
    if person is None:
        raise Http404
    events = list(accesses_to(person))
    record(
        action=AuditAction.EXPORT,
        what="report access-report",
        persons=[(person.pk, person.external_id)],
        user=params.user,
        purpose="GDPR Art. 15",
    )
    return report(
        "access-report",
        _("Information on the processing of personal data (Art. 15 GDPR)"),
        params.as_of,
        [
            (_("Data subject"), f"{person.given_name} {person.family_name}"),
            (_("Client number"), person.external_id),
        ],
        tables=[
            Table(
                "accesses",
                _("Accesses to the data"),
                [
                    Column("at", _("Time")),
                    Column("actor", _("User")),
                    Column("action", _("Action")),
                    Column("channel", _("Channel")),
                    Column("what", _("What")),
                    Column("purpose", _("Purpose")),
                ],
                [
                    [
                        e.at.strftime("%d.%m.%Y %H:%M:%S"),
                        e.actor,
                        e.get_action_display(),
                        e.get_channel_display(),
                        e.what,
                        e.purpose,
                    ]
                    for e in events
                ],
            )
        ],
        landscape=True,
        file_stem=f"auskunft-{person.external_id}",
    )
