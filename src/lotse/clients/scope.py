"""Need-to-know (SPEC S11): which clients a user may see. The one place it is decided.

Every page, export and API call that shows client data starts from
:func:`persons_visible_to` or :func:`reach`; nothing else filters by role.

- A **caseworker** sees the clients of their own caseload (*own*) and, with a stated
  purpose ("break the glass"), the other clients of their team (*team*). A deputy
  (Vertretung, :mod:`lotse.organisation.deputies`) reaches the caseload of the colleague
  they stand in for as their own while the absence lasts.
- A **team lead** sees the clients of the teams they lead as their own, and the clients
  receiving benefits whom no team is responsible for (the queue), so that someone can
  resolve them.
- **Former clients** (benefits ended, nobody responsible now) belong to nobody's caseload:
  the caseworkers and teams who had them reach them only with a stated purpose; the data
  protection officer through the Art. 15 report; the retention run deletes them.
- An **outreach worker** sees the clients assigned to them or to their outreach team.
  Their outreach caseload (open outreach cases) they see through the outreach pages
  only, with the least data a visit needs
  (:func:`lotse.outreach.selectors.outreach_cases_visible_to`), not as full client records.
- **Controlling, management, administrator, data protection officer** see no client
  records: controlling and management read aggregates; the data protection officer
  reads the audit trail and the Art. 15 report.
- An **integration** account (a service account of a connected system such as the
  benefit software) reaches every client, and only through the API: the account has
  no password, and on any other channel its scope is empty. Every read it makes is
  audited like anyone else's.

A client's household members (children, partner) living with the client today come with
the client: a caseworker needs them to read the household. A member who moved out is not
reached through the old household any more. Outside the reach, pages answer 404, so a user
cannot probe for the existence of a client number.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Value

from lotse.clients.models import BenefitPeriod, HouseholdMember, Person, Responsibility, ResponsibilityPeriod
from lotse.core.clock import today
from lotse.core.db import PLACEHOLDER, Prepared, prepared
from lotse.core.models import API_FLAG, valid_on
from lotse.core.roles import Role, roles_of
from lotse.organisation.deputies import represented_by_staff
from lotse.organisation.models import Staff


class Reach(enum.IntEnum):
    NONE = 0
    TEAM = 1  # inside the team, outside the own caseload: a purpose is asked for
    OWN = 2


@dataclass(frozen=True)
class Scope:
    own_staff: frozenset[int] = frozenset()  # caseloads read as own (the user's staff records)
    own_teams: frozenset[int] = frozenset()  # teams read as own (led teams, outreach team)
    team_teams: frozenset[int] = frozenset()  # teams readable with a purpose
    unassigned: bool = False  # clients without a responsible team (team leads resolve them)
    all_clients: bool = False  # integration accounts, through the API only

    @property
    def empty(self) -> bool:
        return not (self.own_staff or self.own_teams or self.team_teams or self.all_clients)


def as_api_user(user):
    """Mark ``user`` as acting through the API (token authentication, webhook fan-out)."""
    setattr(user, API_FLAG, True)
    if hasattr(user, "_lotse_scope"):
        del user._lotse_scope
    return user


def scope_of(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope from their roles and their staff record valid today (cached per request)."""
    cached = getattr(user, "_lotse_scope", None)
    if cached is not None:
        return cached
    roles = roles_of(user)
    scope = Scope()
    if Role.INTEGRATION in roles and getattr(user, API_FLAG, False):
        scope = Scope(all_clients=True)
    elif roles & {Role.CASEWORKER, Role.TEAM_LEAD, Role.OUTREACH}:
        rows = _staff_statement(today()).rows(user.pk)
        records = [(pk, team, role) for pk, team, role in rows if role != DEPUTY_OF]
        own_staff = {pk for pk, _team, _role in records}
        if Role.CASEWORKER in roles and own_staff:
            # a deputy (Vertretung) reaches the absent colleague's caseload as their own
            own_staff |= {absent for absent, _none, role in rows if role == DEPUTY_OF}
        teams = {team for _pk, team, _role in records if team}
        own_teams: set[int] = set()
        team_teams: set[int] = set()
        if Role.TEAM_LEAD in roles or Role.OUTREACH in roles:
            own_teams = teams
        if Role.CASEWORKER in roles:
            team_teams = teams - own_teams
        scope = Scope(
            frozenset(own_staff),
            frozenset(own_teams),
            frozenset(team_teams),
            unassigned=Role.TEAM_LEAD in roles and bool(records),
        )
    if user.is_authenticated:
        user._lotse_scope = scope
    return scope


DEPUTY_OF = "#deputy_of"  # marks the rows of the absent colleagues in _staff_statement


@functools.lru_cache(maxsize=8)
def _staff_statement(day: date) -> Prepared:
    """A user's staff record valid on the day (key, team, role) and, marked
    :data:`DEPUTY_OF`, the colleagues that record stands in for on the day
    (:func:`lotse.organisation.deputies.represented_by_staff`): one read, built once a day."""
    own = Staff.objects.filter(valid_on(day), user_id=PLACEHOLDER)
    return prepared(
        own.order_by()
        .values_list("pk", "team_id", "role")
        .union(
            represented_by_staff(own.values("pk"), day)
            .annotate(no_team=Value(None, output_field=IntegerField()), marker=Value(DEPUTY_OF))
            .order_by()
            .values_list("absent_id", "no_team", "marker"),
            all=True,
        )
        .order_by()
    )


def _present(day: date) -> QuerySet[HouseholdMember]:
    """The household memberships of the day (moved in, not yet moved out)."""
    return HouseholdMember.objects.filter(moved_in__lte=day).filter(
        Q(moved_out__isnull=True) | Q(moved_out__gt=day)
    )


def _with_household(person_ids: QuerySet, day: date, person: int | None = None) -> Q:
    """The persons of the subquery, with everyone who lives in a household with them on the
    day. A member who moved out is not reached through the old household any more: their
    data there stay only for the retention of that household's records.

    ``person``: the same condition for that one person only, asked the other way round
    (is the person in the subquery, or does someone of the subquery live with them?), so
    the database looks up the person's few rows instead of hashing a whole caseload."""
    present = _present(day)
    if person is not None:
        housemates = present.filter(
            household_id__in=present.filter(person_id=person).values("household_id")
        ).values("person_id")
        return Q(Exists(person_ids.filter(person_id=person))) | Q(
            Exists(person_ids.filter(person_id__in=housemates))
        )
    households = present.filter(person_id__in=person_ids).values("household_id")
    return Q(pk__in=person_ids) | Q(pk__in=present.filter(household_id__in=households).values("person_id"))


def _reach_q(scope: Scope, level: Reach, day: date, person: int | None = None) -> Q | None:
    """The persons the scope reaches at the level on the day (``person``: whether it reaches
    that one, see :func:`_with_household`): the one definition behind every list, export,
    page and API call."""
    if scope.empty:
        return None
    if scope.all_clients:
        return Q()
    current = Q(staff_id__in=scope.own_staff) | Q(team_id__in=scope.own_teams)
    if level == Reach.TEAM:
        current |= Q(team_id__in=scope.team_teams)
    reach_q = _with_household(Responsibility.objects.filter(current).values("person_id"), day, person)
    running = BenefitPeriod.objects.filter(valid_on(day)).values("person_id")
    if scope.unassigned:
        # the team lead's queue: clients receiving benefits whom no team is responsible for
        queue = running.exclude(person__responsibility__team__isnull=False)
        reach_q |= _with_household(queue, day, person)
    if level == Reach.TEAM:
        # former clients (benefits ended, no responsibility now) belong to nobody's caseload:
        # those who had them reach them for a stated purpose only
        had = Q(staff_id__in=scope.own_staff) | Q(team_id__in=scope.own_teams | scope.team_teams)
        former = (
            ResponsibilityPeriod.objects.filter(had, valid_to__isnull=False)
            .exclude(person__responsibility__isnull=False)
            .exclude(person_id__in=running)
            .values("person_id")
        )
        reach_q |= Q(Exists(former.filter(person_id=person))) if person is not None else Q(pk__in=former)
    return reach_q


def persons_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Person]:
    """The persons the user may open (own caseload and team); nothing outside."""
    q = _reach_q(scope_of(user), Reach.TEAM, today())
    return Person.objects.none() if q is None else Person.objects.filter(q)


def persons_owned_by(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Person]:
    """The persons the user may open without stating a purpose."""
    q = _reach_q(scope_of(user), Reach.OWN, today())
    return Person.objects.none() if q is None else Person.objects.filter(q)


def caseload_visible_to(user: AbstractBaseUser | AnonymousUser, staff_ids: Sequence[int]) -> QuerySet[Person]:
    """The clients these staff members are responsible for, as far as the user may see them.

    A caseload is read through the responsibility row itself (responsible staff member in the
    user's own reach, or responsible team among the user's teams): a subset of
    :func:`persons_visible_to` that needs no household expansion over the whole Jobcenter,
    which made every worklist cost ~50 ms of database time at 25,000 clients. A client
    reachable only through a household member is not anyone's worklist item of this user.
    """
    scope = scope_of(user)
    caseload = Person.objects.filter(responsibility__staff_id__in=staff_ids)
    if scope.all_clients:
        return caseload
    if scope.empty:
        return Person.objects.none()
    return caseload.filter(
        Q(responsibility__staff_id__in=scope.own_staff)
        | Q(responsibility__team_id__in=scope.own_teams | scope.team_teams)
    )


def reach(user: AbstractBaseUser | AnonymousUser, person: Person) -> Reach:
    return reach_of(user, person.pk)


def reach_of(user: AbstractBaseUser | AnonymousUser, person_pk: int | None) -> Reach:
    """The user's reach of one person (by primary key; ``None``: a client number that does
    not exist, answered at the same cost as one outside the reach).

    The same conditions as :func:`persons_visible_to` and :func:`persons_owned_by`, as one
    statement per scope and day: building those subqueries through the ORM took longer than
    running them (4–5 ms of the record's 48 ms), so the statement is built once and run with
    each person's key."""
    scope = scope_of(user)
    if scope.empty:
        return Reach.NONE
    rows = _reach_statement(scope, today()).rows(person_pk if person_pk is not None else -1)
    if not rows or not rows[0][0]:
        return Reach.NONE
    return Reach.OWN if rows[0][1] else Reach.TEAM


@functools.lru_cache(maxsize=512)
def _reach_statement(scope: Scope, day: date) -> Prepared:
    """The reach statement of a scope on a day, run with the person's key (``day`` is in the
    key because the subqueries compare with today's date)."""
    visible, owned = (_reach_q(scope, level, day, PLACEHOLDER) for level in (Reach.TEAM, Reach.OWN))
    return prepared(
        Person.objects.filter(pk=PLACEHOLDER)
        .annotate(
            visible=Exists(Person.objects.filter(visible, pk=OuterRef("pk"))),
            owned=Exists(Person.objects.filter(owned, pk=OuterRef("pk"))),
        )
        .order_by()
        .values_list("visible", "owned")
    )


PURPOSES_KEY = "lotse_purposes"  # session: person pk -> stated purpose (break the glass)


def purpose_given(request, person: Person) -> str | None:
    """The purpose the user stated in this session for opening ``person`` (None: not yet)."""
    return request.session.get(PURPOSES_KEY, {}).get(str(person.pk))


def remember_purpose(request, person: Person, text: str) -> None:
    purposes = request.session.get(PURPOSES_KEY, {})
    purposes[str(person.pk)] = text
    request.session[PURPOSES_KEY] = purposes
