"""The reports Lotse hands on, by name: who may produce each and how it is built.

Every name works the same on the web (``/reports/NAME/?format=…``, linked from the report's
page) and on the command line (``lotse report NAME --format …``). Reports that name clients
(handovers, the Art. 15 report) apply need-to-know to the user asking and audit every
client they name; they are produced on the web only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lotse.core.roles import Role
from lotse.reports.definitions import contact_density, mbz, organisation, outreach, people, steering
from lotse.reports.definitions.base import Params
from lotse.reports.model import Report

STEERING = (Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)
EVERYONE = tuple(Role)


@dataclass(frozen=True)
class Definition:
    build: Callable[[Params], Report]
    readers: tuple[Role, ...]
    page: str  # the URL name of the page the report belongs to
    names_clients: bool = False  # need-to-know: only for a logged-in user, never the command line


REPORTS: dict[str, Definition] = {
    "contact-density": Definition(contact_density.build, STEERING, "evaluation:contact_density"),
    "mbz": Definition(mbz.build, STEERING, "targets:mbz"),
    "agreement-quota": Definition(steering.agreement_quota_report, STEERING, "agreements:quota"),
    "measure-effectiveness": Definition(steering.effectiveness_report, STEERING, "measures:effectiveness"),
    "municipal-services": Definition(steering.municipal_report, STEERING, "municipal:budgets"),
    "outreach": Definition(outreach.build, (Role.OUTREACH, *STEERING), "outreach:figures"),
    "staffing": Definition(organisation.staffing_report, EVERYONE, "organisation:staffing"),
    "districts": Definition(organisation.district_report, EVERYONE, "organisation:district_ranking"),
    "handovers": Definition(
        people.handovers_report, (Role.TEAM_LEAD,), "routing:handovers", names_clients=True
    ),
    "access-report": Definition(
        people.access_report, (Role.DATA_PROTECTION,), "trust:access_report", names_clients=True
    ),
}
