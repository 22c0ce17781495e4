"""What routing offers the client record: who is responsible and why, and for team leads
the manual assignment."""

from __future__ import annotations

from datetime import date, timedelta

from lotse.clients.models import Person
from lotse.core.roles import Role, has_role
from lotse.domain.facts import Facts
from lotse.organisation.selectors import staff_on
from lotse.routing.selectors import explain

OVERRIDE_DAYS = 182  # default expiry of a manual assignment: half a year


def routing_section(user, person: Person, as_of: date, facts: Facts) -> dict:
    may_override = has_role(user, Role.TEAM_LEAD)
    return {
        "why": explain(person, as_of, facts=facts),
        "may_override": may_override,
        "caseworkers": (
            staff_on(as_of).filter(role="caseworker").select_related("team").order_by("family_name")
            if may_override
            else []
        ),
        "default_expiry": as_of + timedelta(days=OVERRIDE_DAYS),
    }
