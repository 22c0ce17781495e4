"""Shared fixtures: a user per role, and the small hand-checked exchange folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from lotse.core.roles import Role
from lotse.exchange.services import exchange_import

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "exchange_small"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def small_data(db):
    result = exchange_import(folder=SMALL)
    assert result.ok, [str(e) for e in result.errors]
    return result


@pytest.fixture
def routed(small_data):
    """The small data routed on 21.11.2026: T1/S1 has P1 and P3 (P2 lives with P1); P4 is
    nobody's; P5's benefits ended."""
    from datetime import date

    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of

    day = date(2026, 11, 21)
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))


@pytest.fixture
def p5_former_client_of_t1(routed):
    """P5 (benefits until 31.12.2025) routed while she received them and again on 21.11.2026:
    team T1 had her, so she is a former client of T1 — reachable there for a stated purpose."""
    from datetime import date

    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of

    for day in (date(2025, 6, 30), date(2026, 11, 21)):
        route_clients(as_of=day, rules=rules_of(rule_set_on(day)))


def state_purpose(
    client, external_id: str, purpose: str = "Prüfung der Löschfrist nach Leistungsende"
) -> None:
    """Break the glass for a client in the team but outside the own caseload (or a former one)."""
    response = client.post(f"/clients/{external_id}/purpose/", {"purpose": purpose})
    assert response.status_code == 302, response.status_code


@pytest.fixture
def make_user(db):
    def make(role: Role | None, username: str | None = None) -> User:
        user = User.objects.create_user(username or f"user-{role or 'none'}", password=PASSWORD)
        if role:
            user.groups.add(Group.objects.get(name=role.value))
        return user

    return make


@pytest.fixture
def caseworker_client(client, make_user, small_data):
    """Jürgen Groß (S1, team T1) logged in, the small data routed on 21.11.2026: his own
    caseload is P1 and P3 (P2 lives with them); P4 and P5 are outside his scope."""
    from datetime import date

    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of

    day = date(2026, 11, 21)
    route_clients(as_of=day, rules=rules_of(rule_set_on(day)))
    user = make_user(Role.CASEWORKER)
    link_staff(user, "S1")
    client.force_login(user)
    return client


def link_staff(user: User, external_id: str) -> None:
    """Make the user the staff member (their scope follows from that staff record)."""
    from lotse.organisation.models import Staff

    Staff.objects.filter(external_id=external_id).update(user=user)


def empty_domain_tables() -> None:
    """Delete every row an import can write, children first (works inside a test transaction,
    where PostgreSQL refuses the TRUNCATE of ``flush``)."""
    from lotse.clients.models import (
        BenefitPeriod,
        Household,
        HouseholdMember,
        Person,
        PersonAttribute,
        Responsibility,
    )
    from lotse.contacts.models import Contact, Deviation
    from lotse.measures.models import Feedback, Integration, Measure, Need, Participation
    from lotse.municipal.models import Referral, ServiceBudget
    from lotse.network.models import (
        CaseConsultation,
        Cooperation,
        Meeting,
        Partner,
        PartnerReferral,
        PlacementProposal,
        Vacancy,
        WorkingGroup,
    )
    from lotse.organisation.models import (
        City,
        Deputyship,
        District,
        DistrictFigures,
        Office,
        Qualification,
        Specialisation,
        Staff,
        Team,
    )
    from lotse.outreach.models import OutreachCase, VisitRound
    from lotse.routing.models import Handover, Override
    from lotse.targets.models import MonthlyFigure, TargetAgreement

    TargetAgreement.objects.filter(is_preset=False).delete()  # the shipped template stays
    for model in (
        PlacementProposal,
        Vacancy,
        PartnerReferral,
        Meeting,  # with its tasks
        WorkingGroup,
        CaseConsultation,
        Cooperation,
        Partner,  # with contact persons, offers and the contact history
        OutreachCase,  # with its visits and offers
        VisitRound,
        MonthlyFigure,
        Referral,
        ServiceBudget,
        Participation,
        Measure,
        Integration,
        Need,
        Feedback,
        Contact,
        Deviation,
        Handover,
        Override,
        Responsibility,
        PersonAttribute,
        BenefitPeriod,
        HouseholdMember,
        Household,
        Person,
        Qualification,
        Deputyship,
        Staff,
        Specialisation,
        Team,
        Office,
        DistrictFigures,
        District,
        City,
    ):
        model.objects.all().delete()


def add_generalist():
    """A caseworker without a specialisation in the applicant service (T1), serving Nordstadt
    (D1): with them, a client who stops being a single parent is handed over."""
    from datetime import date
    from decimal import Decimal

    from lotse.organisation.models import District, Staff, Team

    staff = Staff.objects.create(
        external_id="S5",
        family_name="Lang",
        given_name="Ute",
        team=Team.objects.get(external_id="T1"),
        fte=Decimal(1),
        valid_from=date(2020, 1, 1),
    )
    staff.districts.add(District.objects.get(external_id="D1"))
    return staff


@pytest.fixture
def keep_results(settings):
    """Results kept as in production (the test settings switch keeping off, because fixtures
    write rows directly rather than through the services that advance the data version)."""
    from lotse.core.kept import forget_all

    settings.KEEP_RESULTS = True
    forget_all()
    yield
    forget_all()
