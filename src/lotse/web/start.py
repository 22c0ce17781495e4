"""What each role sees first (issue 20): the figures of the pages they work on, with links.

Each figure is computed by the same selector as the page it links to (the worklist's
sections, the team's caseload, the contact-density evaluation, the MBZ), so the start page and
the page behind a link never disagree. Client names shown here are audited reads, as on the
worklist."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from lotse.clients.models import Responsibility
from lotse.clients.scope import persons_visible_to
from lotse.contacts.models import Appointment
from lotse.contacts.selectors import contact_status, worklist
from lotse.core.audit import record
from lotse.core.models import AuditAction, valid_on
from lotse.core.roles import Role, has_role
from lotse.domain.dates import first_of_month
from lotse.organisation.deputies import represented_by
from lotse.organisation.models import Deputyship, Jobcenter, Staff
from lotse.routing.models import Handover


@dataclass
class MemberFigures:
    staff: Staff
    caseload: int
    overdue: int
    never: int
    deputyship: Deputyship | None = None  # absent on the date, with this deputy

    @property
    def per_fte(self) -> Decimal | None:
        return (Decimal(self.caseload) / self.staff.fte).quantize(Decimal("0.1")) if self.staff.fte else None


def caseworker_start(user, staff: Staff, as_of: date) -> dict:
    """The worklist's counts, today's appointments and the handovers to me of the last 14 days."""
    represented = list(represented_by(staff, as_of))  # the worklist counts theirs too
    work = worklist(user, staff=staff, as_of=as_of, represented=represented)
    appointments = list(
        Appointment.objects.filter(staff=staff, date=as_of, contact__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    handovers = list(
        Handover.objects.filter(
            to_staff=staff, effective_date__gte=as_of - timedelta(days=14), effective_date__lte=as_of
        )
        .select_related("person", "from_staff")
        .order_by("-effective_date", "-pk")[:10]
    )
    shown = {(a.person.pk, a.person.external_id) for a in appointments} | {
        (h.person.pk, h.person.external_id) for h in handovers
    }
    if shown:
        record(action=AuditAction.READ, what="start_page", persons=sorted(shown), user=user)
    return {
        "counts": work.counts,
        "appointments": appointments,
        "handovers": handovers,
        "represented": Deputyship.objects.filter(valid_on(as_of), deputy=staff).select_related("absent"),
    }


def team_start(user, lead: Staff, as_of: date) -> dict:
    """The team's caseworkers with caseload, caseload per FTE against the reference ratio,
    overdue and never-contacted clients; the team lead's queue; handovers into the team."""
    team = lead.team
    members = list(
        Staff.objects.filter(valid_on(as_of), team=team, role="caseworker").order_by(
            "family_name", "given_name"
        )
    )
    responsible = dict(
        Responsibility.objects.filter(team=team, staff__isnull=False).values_list("person_id", "staff_id")
    )
    items = contact_status(persons_visible_to(user).filter(pk__in=list(responsible)), as_of)
    overdue = Counter(responsible[i.person.pk] for i in items if i.status.overdue)
    never = Counter(responsible[i.person.pk] for i in items if i.status.never_contacted)
    caseload = Counter(responsible.values())
    absent = {
        d.absent_id: d
        for d in Deputyship.objects.filter(valid_on(as_of), absent__team=team).select_related("deputy")
    }
    jobcenter = Jobcenter.current()
    ratio = jobcenter.ratio_u25 if team.kind == "u25" else jobcenter.ratio_ue25
    return {
        "team": team,
        "members": [
            MemberFigures(m, caseload[m.pk], overdue[m.pk], never[m.pk], absent.get(m.pk)) for m in members
        ],
        "ratio": ratio,
        "queue": Responsibility.objects.filter(team=team, staff__isnull=True).count(),
        "handovers_in": Handover.objects.filter(
            to_team=team, effective_date__gte=as_of - timedelta(days=7), effective_date__lte=as_of
        ).count(),
    }


def steering_start(as_of: date) -> dict:
    """Contact density 1/3/6 against the guide values on the date, and the status of every
    target of the last closed month (achieved or not, the trend of its last two months)."""
    from lotse.evaluation.contact_density import evaluate_contact_density
    from lotse.targets.mbz import mbz_report

    evaluation = evaluate_contact_density(as_of, by=(), series_months=1)
    density = [
        (n, evaluation.total.share(n), evaluation.guide.get(n)) for n in sorted(evaluation.total.within)
    ]
    month = first_of_month(first_of_month(as_of) - timedelta(days=1))  # the last closed month
    report = mbz_report(month)
    targets = []
    for row in report.rows:
        trend = ""
        if len(row.trend) >= 2:
            before, now = row.trend[-2][1], row.trend[-1][1]
            trend = "up" if now > before else "down" if now < before else "flat"
        targets.append((row, trend))
    return {"density": density, "month": month, "targets": targets}


def outreach_start(user, as_of: date) -> dict:
    from lotse.outreach.models import OutreachCase, VisitRound
    from lotse.outreach.selectors import candidates_for

    return {
        "open_cases": OutreachCase.objects.filter(closed_on__isnull=True).count(),
        "next_round": VisitRound.objects.filter(last_day__gte=as_of).order_by("first_day").first(),
        "candidates": candidates_for(user, as_of).count(),
    }


def start_sections(user, staff: Staff | None, as_of: date) -> dict:
    sections: dict = {}
    if staff is not None and has_role(user, Role.CASEWORKER):
        sections["mine"] = caseworker_start(user, staff, as_of)
    if staff is not None and staff.team_id and has_role(user, Role.TEAM_LEAD):
        sections["team"] = team_start(user, staff, as_of)
    if has_role(user, Role.CONTROLLING, Role.MANAGEMENT):
        sections["steering"] = steering_start(as_of)
    if has_role(user, Role.OUTREACH):
        sections["outreach"] = outreach_start(user, as_of)
    return sections
