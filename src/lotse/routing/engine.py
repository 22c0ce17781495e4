"""Apply the routing hierarchy to every active client on a reference date (SPEC S3).

Set-based: a fixed number of queries loads clients, their histories, the staff and the
current responsibilities; every client's rule is decided at once from the fact columns
(:mod:`lotse.domain.fact_columns`, :func:`lotse.domain.routing.first_matching`), the
caseworkers are chosen with the pure functions of :mod:`lotse.domain.routing`; only the
differences are written, in chunks that each commit on their own. Running the same date
twice finds no differences (idempotent), and a run that died halfway is finished by
running it again (resumable).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

import numpy as np
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from lotse.clients.models import Person, Responsibility, ResponsibilityPeriod
from lotse.clients.population import facts_of, load_population
from lotse.clients.selectors import active_person_ids
from lotse.core import data_version
from lotse.core.columns import INT, KEY_OR_NONE, TEXT, beside, fetch_keys, fetch_typed
from lotse.core.data_version import STAMP_LIMIT
from lotse.core.db import analyze, analyze_growing, column_in, insert_rows
from lotse.core.models import valid_on
from lotse.core.progress import Progress
from lotse.domain.routing import (
    Caseworker,
    CaseworkerIndex,
    RoutingRule,
    condition_values,
    first_matching,
    initial,
)
from lotse.events.emit import Occurrence, emit
from lotse.events.models import Event, EventKind
from lotse.organisation.models import District, Staff, StaffRole, Team
from lotse.organisation.selectors import staff_on
from lotse.routing.models import Handover, HandoverKind, Override

CHUNK = 5000
OVERRIDE_RULE = "override"


@dataclass(frozen=True)
class Assignment:
    person_pk: int
    person_id: str
    team_pk: int | None
    staff_pk: int | None
    rule_code: str
    changed: bool
    reason: str = ""


@dataclass
class RoutingRun:
    """What a run decided, as columns (:class:`Decided`); the assignments as objects only
    when asked for (a million of them cost 4 s; the writes need the changed ones only)."""

    as_of: date
    clients: Clients
    rules: tuple[RoutingRule, ...]
    decided: Decided
    ended: list[int] = field(default_factory=list)  # person pks whose benefits ended
    handovers: int = 0
    written: bool = False

    @property
    def routed(self) -> int:
        """How many clients the run routed."""
        return len(self.clients)

    @functools.cached_property
    def assignments(self) -> list[Assignment]:
        return self.decided.assignments(self.clients, self.rules)

    @functools.cached_property
    def changed(self) -> list[Assignment]:
        return self.decided.assignments(self.clients, self.rules, only=self.decided.changed)

    @property
    def queued(self) -> int:
        return int((self.decided.staff == 0).sum())


@dataclass
class Situation:
    """Everything the decisions need, loaded once."""

    index: CaseworkerIndex
    staff_pk: dict[str, int]
    team_of_staff: dict[int, int]
    queue_team: dict[str, int]  # team kind -> the team whose lead holds the queue
    team_kind_of: dict[int, str]
    overrides: dict[int, int]
    loads: Counter
    held: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # every client's row, by person

    @functools.cached_property
    def current(self) -> dict[int, tuple[int | None, int | None, str]]:
        """Per client (team, caseworker, rule code) now, as a mapping: built when the writes
        or a caller ask for it (a million entries cost a second and a half of a rerun that
        writes nothing)."""
        person, team, staff, rule = (column.tolist() for column in self.held)
        return {p: (t or None, s or None, r) for p, t, s, r in zip(person, team, staff, rule, strict=True)}

    def held_by(self, pks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Team and caseworker (0: none) and rule code ("": none) of these clients now."""
        person, team, staff, rule = self.held
        if not person.size:
            nothing = np.zeros(pks.size, dtype=np.int64)
            return nothing, nothing.copy(), np.full(pks.size, "", dtype=object)
        at = np.minimum(np.searchsorted(person, pks), person.size - 1)
        found = person[at] == pks
        return (
            np.where(found, team[at], 0),
            np.where(found, staff[at], 0),
            np.where(found, rule[at], "").astype(object),
        )

    def under_strategy(self, strategy: str) -> Situation:
        """The same situation with every team assigning by ``strategy`` (the simulation
        compares strategies): one read of staff and responsibilities for all, and loads of
        its own, since the decisions move them."""
        caseworkers = [replace(c, strategy=strategy) for c in self.index.by_id.values()]
        return replace(self, index=CaseworkerIndex(caseworkers), loads=Counter(self.loads))


def caseworkers_on(
    as_of: date, *, exclude_staff: set[int] = frozenset(), strategy: str | None = None
) -> tuple[list[Caseworker], dict[str, int], dict[int, int]]:
    """Caseworkers employed on the date as domain objects: three plain reads (the staff, their
    specialisations, their districts) narrowed by a subquery — prefetching ten thousand
    caseworkers' relations built 60,000 model objects and IN lists of their ids (3.6 s at a
    million clients)."""
    staff = staff_on(as_of).filter(role=StaffRole.CASEWORKER).exclude(pk__in=exclude_staff)
    ids = staff.values("pk")
    specialisations = _related_by_staff(Staff.specialisations, ids, "specialisation__code")
    districts = _related_by_staff(Staff.districts, ids, "district__external_id")
    result, pks, teams = [], {}, {}
    for pk, external_id, team_pk, team_id, kind, own_strategy, fte, letters in staff.values_list(
        "pk",
        "external_id",
        "team_id",
        "team__external_id",
        "team__kind",
        "team__assignment_strategy",
        "fte",
        "letters",
    ):
        result.append(
            Caseworker(
                staff_id=external_id,
                team_id=team_id,
                team_kind=kind,
                strategy=strategy or own_strategy,
                fte=fte,
                specialisations=frozenset(specialisations[pk]),
                districts=frozenset(districts[pk]),
                letters=letters,
            )
        )
        pks[external_id] = pk
        teams[pk] = team_pk
    return result, pks, teams


def _related_by_staff(relation, ids, value: str) -> defaultdict[int, set]:
    """Per staff key the ``value`` of their rows in a many-to-many ``relation`` of Staff
    (one plain read of its join table, narrowed by the subquery ``ids``)."""
    grouped: defaultdict[int, set] = defaultdict(set)
    for pk, item in relation.through.objects.filter(staff_id__in=ids).values_list("staff_id", value):
        grouped[pk].add(item)
    return grouped


def load_situation(
    as_of: date, *, exclude_staff: set[int] = frozenset(), strategy: str | None = None
) -> Situation:
    caseworkers, staff_pk, team_of_staff = caseworkers_on(
        as_of, exclude_staff=exclude_staff, strategy=strategy
    )
    queue_team: dict[str, int] = {}
    team_kind_of: dict[int, str] = {}
    for pk, kind in Team.objects.order_by("external_id").values_list("pk", "kind"):
        queue_team.setdefault(kind, pk)
        team_kind_of[pk] = kind
    # every client's row: a plain read (the ORM's rows cost 2 s more at a million clients)
    person, team, staff, rule = fetch_typed(
        Responsibility, {"person_id": INT, "team_id": KEY_OR_NONE, "staff_id": KEY_OR_NONE, "rule_code": TEXT}
    )
    order = np.argsort(person, kind="stable")
    held = (person[order], np.maximum(team[order], 0), np.maximum(staff[order], 0), rule[order])
    overrides = dict(
        Override.objects.filter(valid_from__lte=as_of, valid_until__gte=as_of)
        .filter(valid_on(as_of, "staff__"))
        .order_by("valid_from", "pk")
        .values_list("person_id", "staff_id")
    )
    # each caseworker's caseload: their clients counted at once
    counts = np.bincount(held[2], minlength=max(staff_pk.values(), default=0) + 1)
    loads = Counter({ext: int(counts[pk]) for ext, pk in staff_pk.items() if pk < counts.size and counts[pk]})
    return Situation(
        CaseworkerIndex(caseworkers),
        staff_pk,
        team_of_staff,
        queue_team,
        team_kind_of,
        overrides,
        loads,
        held,
    )


@dataclass
class Clients:
    """The clients to route as columns, by primary key: their numbers, family names (the
    alphabetical strategy), districts and the values the rules' conditions test. ``persons``
    is the query of them, which :meth:`in_name_order` asks for their order."""

    pks: list[int]
    person_ids: list[str]
    family_names: list[str]
    districts: np.ndarray  # object: the district's id, None where not known
    conditions: dict[str, np.ndarray]
    district_codes: tuple[np.ndarray, int]  # each client's district as a number; how many there are
    persons: QuerySet[Person] | None = None

    def __len__(self) -> int:
        return len(self.pks)

    @functools.cached_property
    def initial_codes(self) -> tuple[np.ndarray, int]:
        """Each client's initial (:func:`lotse.domain.routing.initial`) as a number, and how
        many numbers there are (the simulation routes the same clients twice). The initial is
        worked out once per family name."""
        codes: dict[str, int] = {}
        by_name = {f: codes.setdefault(initial(f), len(codes)) for f in dict.fromkeys(self.family_names)}
        return np.fromiter(map(by_name.__getitem__, self.family_names), np.int64, len(self)), len(codes)

    def in_name_order(self, rows: np.ndarray) -> np.ndarray:
        """These clients (positions) in the clients' order: family name, given name, number, as
        the database collates them. The database sorts only the clients asked for where they are
        few (an unchanged rerun at a million clients sorted all of them for a handful); else all,
        and the order keeps those asked for."""
        if rows.size <= 1 or self.persons is None:
            return rows
        pks = np.asarray(self.pks, dtype=np.int64)
        if rows.size <= NAME_ORDER_BY_KEYS:
            persons = Person.objects.filter(column_in("id", pks[rows].tolist()))
        else:
            persons = self.persons
        with connection.cursor() as cursor:  # a plain cursor: the ORM's rows cost 5 s at a million
            cursor.execute(*persons.values_list("pk").query.sql_with_params())
            ordered = np.fromiter((pk for (pk,) in cursor.fetchall()), np.int64)
        at = np.searchsorted(pks, ordered)  # the clients are sorted by their number
        wanted = np.zeros(len(self), dtype=bool)
        wanted[rows] = True
        return at[wanted[at]]


NAME_ORDER_BY_KEYS = 5000
"""Up to this many clients, :meth:`Clients.in_name_order` names them in the statement."""


def load_clients(as_of: date, only: Iterable[int] | None = None) -> Clients:
    """Every active client (or ``only`` these) with the conditions of their facts on the date,
    from the one facts engine (:func:`lotse.clients.population.facts_of`), by primary key: only
    the caseworker choices need the alphabetical order (:meth:`Clients.in_name_order`), and
    sorting a million clients cost an unchanged rerun more than its decisions."""
    persons = Person.objects.filter(pk__in=active_person_ids(as_of))
    columns = {"id": INT, "external_id": TEXT, "family_name": TEXT, "district_id": KEY_OR_NONE}
    if only is None:
        # everyone's histories read beside the persons' names (:func:`lotse.core.columns.beside`)
        population = beside(load_population)
        # every person in one pass, the active ones kept: SQLite looked a million persons up
        # by key from the benefit periods' index in 3 s, and reads the whole table in 0.7 s
        pk, person_ids, family_names, district_pk = fetch_typed(Person, columns)
        active = np.isin(pk, fetch_keys(active_person_ids(as_of)))
        order = np.flatnonzero(active)[np.argsort(pk[active], kind="stable")]
    else:
        persons = persons.filter(pk__in=only)
        pk, person_ids, family_names, district_pk = fetch_typed(Person, columns, among=persons.values("pk"))
        order = np.argsort(pk, kind="stable")
    pks = pk[order]
    # districts as numbers (:attr:`Clients.district_codes`) and their ids looked up once each
    district_list, district_of = np.unique(district_pk[order], return_inverse=True)
    names = dict(District.objects.values_list("pk", "external_id"))
    districts = np.array([names.get(d) for d in district_list.tolist()], dtype=object)[district_of]
    facts = facts_of(pks, as_of, population() if only is None else None)
    return Clients(
        pks.tolist(),
        person_ids[order].tolist(),
        family_names[order].tolist(),
        districts,
        condition_values(facts, districts),
        (district_of.reshape(-1), district_list.size),
        persons,
    )


@dataclass
class Decided:
    """Every client's decision as columns, in the clients' order: the caseworker and team
    (0: none, the client waits in the team lead's queue), the rule (its index in the rule set,
    -1: a manual override) and whether anything differs from the client's current row."""

    staff: np.ndarray
    team: np.ndarray
    rule: np.ndarray
    changed: np.ndarray
    staff_before: np.ndarray  # the current caseworker (0: none)

    def assignments(
        self, clients: Clients, rules: tuple[RoutingRule, ...], only: np.ndarray | None = None
    ) -> list[Assignment]:
        """The decisions as objects, in the clients' order; ``only``: of the clients in this mask."""
        codes = rule_codes(rules)
        # no reason of its own for an override: the handover's kind says "manual override"
        labels = [r.label for r in rules] + [""]
        rows = np.flatnonzero(only) if only is not None else np.arange(len(clients))
        pks, ids = clients.pks, clients.person_ids
        return [
            Assignment(pks[i], ids[i], team or None, staff or None, codes[k], changed, labels[k])
            for i, team, staff, k, changed in zip(
                rows.tolist(),
                self.team[rows].tolist(),
                self.staff[rows].tolist(),
                self.rule[rows].tolist(),
                self.changed[rows].tolist(),
                strict=True,
            )
        ]


def rule_codes(rules: tuple[RoutingRule, ...]) -> list[str]:
    """The codes by :attr:`Decided.rule`: the rules' in their order, then the override's
    (index -1)."""
    return [r.code for r in rules] + [OVERRIDE_RULE]


def decide_columns(clients: Clients, rules: tuple[RoutingRule, ...], situation: Situation) -> Decided:
    """The decision for each client. Set-based where the loads do not matter: every client's
    rule from the fact columns, the candidates once per set of clients that share them
    (:meth:`CaseworkerIndex.key`), whether the current caseworker keeps the client for all at
    once; then the caseworker of the others one client after the other in the clients'
    order, since each choice moves the loads the next one sees (keeping a client or an
    override moves none).

    The current caseworker keeps a client while they are among the candidates the rule would
    choose from now (no needless handover): a single-parent specialist hands a client over
    once the status ends and a generalist is available (Hagen concept § 2: "an die
    entsprechende IFK … zu überstellen")."""
    s = situation
    n = len(clients)
    pks = np.asarray(clients.pks, dtype=np.int64)
    rule_of = first_matching(rules, clients.conditions) if n else np.zeros(0, dtype=np.int64)
    team_before, staff_before, rule_before = s.held_by(pks)
    overridden = np.isin(pks, np.fromiter(s.overrides, dtype=np.int64, count=len(s.overrides)))
    assert (rule_of[~overridden] >= 0).all()  # rule sets end with a catch-all (checked on import)
    key_of, keys = _candidate_keys(s.index, rules, rule_of, clients)
    # a pair (key, caseworker) as one number: is the current caseworker among the candidates?
    span = max(s.staff_pk.values(), default=0) + 1
    members = np.array(
        [k * span + s.staff_pk[ext] for k, ids in enumerate(keys.values()) for ext in ids], dtype=np.int64
    )
    candidate = np.where(staff_before < span, staff_before, 0)  # else not a caseworker now
    keeps = (candidate > 0) & np.isin(key_of * span + candidate, members)
    staff = np.where(keeps, staff_before, 0)
    staff_ext = {pk: ext for ext, pk in s.staff_pk.items()}
    key_list, rule_list, key_of_list = list(keys), rule_of.tolist(), key_of.tolist()
    for i in clients.in_name_order(np.flatnonzero(~keeps & ~overridden)).tolist():
        rule, key = rules[rule_list[i]], key_list[key_of_list[i]]
        chosen = s.index.choose(rule, clients.districts[i], clients.family_names[i], s.loads, key)
        if chosen:
            staff[i] = s.staff_pk[chosen.staff_id]
            s.loads[chosen.staff_id] += 1
            previous = staff_ext.get(int(staff_before[i]))
            if previous:
                s.loads[previous] -= 1
                s.index.lowered(previous, s.loads)
    team_of = np.zeros(span, dtype=np.int64)
    team_of[list(s.team_of_staff)] = list(s.team_of_staff.values())
    queue = np.array([s.queue_team.get(r.team_kind, 0) for r in rules] + [0], dtype=np.int64)
    team = np.where(staff > 0, team_of[np.minimum(staff, span - 1)], queue[rule_of])
    for i in np.flatnonzero(overridden).tolist():
        chosen = s.overrides[int(pks[i])]
        held = s.team_of_staff.get(chosen)
        # an overriding caseworker who is not a caseworker any more: the current team keeps them
        staff[i], team[i] = (chosen, held) if held is not None else (0, team_before[i])
    rule = np.where(overridden, -1, rule_of)
    codes = np.array(rule_codes(rules), dtype=object)
    changed = (team != team_before) | (staff != staff_before) | (codes[rule] != rule_before)
    return Decided(staff, team, rule, changed, staff_before)


def _candidate_keys(
    index: CaseworkerIndex, rules: tuple[RoutingRule, ...], rule_of: np.ndarray, clients: Clients
) -> tuple[np.ndarray, dict[tuple, frozenset[str]]]:
    """Per client the number of their candidate key (:meth:`CaseworkerIndex.key`), and per key
    the staff ids of its candidates. The key is computed once per (rule, district, initial)
    that occurs, not per client."""
    if not len(clients):
        return np.zeros(0, dtype=np.int64), {}
    district_of, districts = clients.district_codes
    letter_of, letters = clients.initial_codes
    combined = (np.maximum(rule_of, 0) * districts + district_of) * letters + letter_of
    combos, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    keys: dict[tuple, frozenset[str]] = {}
    number_of: dict[tuple, int] = {}
    numbers = np.zeros(combos.size, dtype=np.int64)
    for c, i in enumerate(first.tolist()):
        rule = rules[max(int(rule_of[i]), 0)]  # an override without a rule: any key will do
        district, family = clients.districts[i], clients.family_names[i]
        key = index.key(rule, district, family)
        if key not in keys:
            keys[key] = index.candidate_ids(key, rule, district, family)
            number_of[key] = len(number_of)
        numbers[c] = number_of[key]
    return numbers[inverse.reshape(-1)], keys


def route_clients(
    *,
    as_of: date,
    rules: tuple[RoutingRule, ...],
    dry_run: bool = False,
    kind: str = HandoverKind.ROUTING,
    reason: str | None = None,
    only: Iterable[int] | None = None,  # ids or a subquery of ids
    exclude_staff: set[int] = frozenset(),
    user=None,
    progress: Progress | None = None,
) -> RoutingRun:
    """Route every active client on ``as_of``; write the differences unless ``dry_run``."""
    progress = progress or Progress()
    situation_read = beside(lambda: load_situation(as_of, exclude_staff=exclude_staff))
    clients = load_clients(as_of, only)
    situation = situation_read()
    progress.step("Reading clients, staff and responsibilities", len(clients), "clients")
    run = RoutingRun(as_of, clients, rules, decide_columns(clients, rules, situation))
    if only is None:
        held = situation.held[0]
        run.ended = held[~np.isin(held, np.asarray(clients.pks, dtype=np.int64))].tolist()
    progress.step("Deciding rule and caseworker", run.routed, "clients")
    if dry_run:
        return run
    # in key order: a chunk of clients in routing order touched index pages all over the
    # responsibility tables, and every commit wrote them all again
    changed = sorted(run.changed, key=attrgetter("person_pk"))
    ended = sorted(run.ended)
    total = len(changed) + len(ended)
    fresh = _without_rows(as_of, [a.person_pk for a in changed if a.person_pk not in situation.current])
    names = _Names(
        dict(Team.objects.values_list("pk", "external_id")),
        dict(Staff.objects.values_list("pk", "external_id")),
    )
    next_analysis = CHUNK
    with progress.phase(total=total, desc="Writing changes", unit="changes") as update:
        for start in range(0, max(len(changed), len(ended)), CHUNK):
            chunk, ended_in_chunk = changed[start : start + CHUNK], ended[start : start + CHUNK]
            run.handovers += _write_chunk(
                as_of,
                chunk,
                ended_in_chunk,
                situation.current,
                fresh,
                kind,
                reason,
                user,
                names,
                stamp=total <= STAMP_LIMIT,
            )
            update(len(chunk) + len(ended_in_chunk))
            if start + CHUNK >= next_analysis and total > 2 * CHUNK:
                # each chunk finds its clients' rows by index only while the planner knows
                # how large the tables have grown (a first run at a million clients scanned
                # them whole, 43 of its 174 s on PostgreSQL)
                analyze_growing(Responsibility, ResponsibilityPeriod)
                next_analysis *= 2
    run.written = True
    if len(changed) > CHUNK:
        analyze(Responsibility, ResponsibilityPeriod, Handover, Event)
    return run


def _without_rows(as_of: date, first: list[int]) -> frozenset[int]:
    """Of the clients the run assigns for the first time (no responsibility when it read
    them), those that hold no history period open or starting on the date either: their
    chunks need no statements that delete or close rows. Asked only when more than a chunk
    of clients are new (a first run at a million clients spent ~10 s on PostgreSQL deleting
    and closing rows that were not there); one query finds the persons with such a period and
    no responsibility, normally none. Should another writer give one of them a responsibility
    during the run, that chunk fails on the unique client key instead of overwriting it."""
    if len(first) <= CHUNK:
        return frozenset()
    holding = (
        ResponsibilityPeriod.objects.filter(Q(valid_to__isnull=True) | Q(valid_from__gte=as_of))
        .exclude(person_id__in=Responsibility.objects.values("person_id"))
        .values_list("person_id", flat=True)
        .distinct()
    )
    return frozenset(first) - set(holding)


class _Names(NamedTuple):
    """The external ids of teams and staff by primary key, read once per run for the events."""

    teams: dict[int, str]
    staff: dict[int, str]


@transaction.atomic
def _write_chunk(
    as_of: date,
    changed: list[Assignment],
    ended: list[int],
    current: dict[int, tuple[int | None, int | None, str]],
    fresh: frozenset[int],
    kind: str,
    reason: str | None,
    user,
    names: _Names,
    *,
    stamp: bool,
) -> int:
    """Write one chunk of the run's changes in its own transaction. ``stamp``: the whole run
    changes few enough clients to stamp each (else every chunk renews all kept figures, as one
    write of that many clients would; stamping them chunk by chunk cost a tenth of a first run)."""
    handovers = []
    for a in changed:
        if a.person_pk not in current:
            continue  # a first assignment hands nothing over; Responsibility.since records it
        old_team, old_staff, _ = current[a.person_pk]
        if (old_team, old_staff) != (a.team_pk, a.staff_pk):
            handovers.append(
                Handover(
                    person_id=a.person_pk,
                    from_team_id=old_team,
                    from_staff_id=old_staff,
                    to_team_id=a.team_pk,
                    to_staff_id=a.staff_pk,
                    rule_code=a.rule_code,
                    kind=HandoverKind.OVERRIDE if a.rule_code == OVERRIDE_RULE else kind,
                    reason=(reason or a.reason)[:500],
                    effective_date=as_of,
                    created_by=user,
                )
            )
    for pk in ended:
        old_team, old_staff, rule_code = current[pk]
        handovers.append(
            Handover(
                person_id=pk,
                from_team_id=old_team,
                from_staff_id=old_staff,
                rule_code=rule_code,
                kind=HandoverKind.ENDED,
                reason="",  # shown as the translated kind
                effective_date=as_of,
                created_by=user,
            )
        )
    # New rows for those who moved and for first assignments (also to a missing queue).
    moved = {h.person_id for h in handovers} | {a.person_pk for a in changed if a.person_pk not in current}
    # Same caseworker, another rule (e.g. the client turned 25 but stays): keep "since".
    relabelled: dict[str, list[int]] = {}
    for a in changed:
        if a.person_pk not in moved:
            relabelled.setdefault(a.rule_code, []).append(a.person_pk)
    for rule_code, persons in relabelled.items():
        Responsibility.objects.filter(column_in("person_id", persons)).update(rule_code=rule_code)
    held = [p for p in moved if p not in fresh]
    if held:
        Responsibility.objects.filter(column_in("person_id", held)).delete()
    insert_rows(
        Responsibility,
        ("person", "team", "staff", "rule_code", "since"),
        ((a.person_pk, a.team_pk, a.staff_pk, a.rule_code, as_of) for a in changed if a.person_pk in moved),
    )
    _write_history(as_of, changed, ended, fresh)
    Handover.objects.bulk_create(handovers)
    _emit_changes(
        as_of,
        names,
        handovers,
        [a for a in changed if a.person_pk not in current],
        {a.person_pk: a.person_id for a in changed},
    )
    # the handovers are routing's audit record; the kept figures by team must go too
    data_version.advance([a.person_pk for a in changed] + list(ended) if stamp else ())
    return len(handovers)


def _write_history(as_of: date, changed: list[Assignment], ended: list[int], fresh: frozenset[int]) -> None:
    """Every change ends the client's open period the day before and opens a new one from the
    date (an ended benefit only ends it), so past months keep who was responsible then. A
    second change on the same date replaces that date's period."""
    touched = [a.person_pk for a in changed if a.person_pk not in fresh] + list(ended)
    if touched:
        ResponsibilityPeriod.objects.filter(column_in("person_id", touched), valid_from__gte=as_of).delete()
        ResponsibilityPeriod.objects.filter(column_in("person_id", touched), valid_to__isnull=True).update(
            valid_to=as_of - timedelta(days=1)
        )
    insert_rows(
        ResponsibilityPeriod,
        ("person", "team", "staff", "rule_code", "valid_from", "valid_to"),
        ((a.person_pk, a.team_pk, a.staff_pk, a.rule_code, as_of, None) for a in changed),
    )


def _emit_changes(
    as_of: date, names: _Names, handovers: list[Handover], first: list[Assignment], refs: dict[int, str]
) -> None:
    """``responsibility.changed`` for each handover and first assignment of the chunk.
    ``refs``: the client numbers the routing has already (of the changed clients)."""
    if not handovers and not first:
        return
    missing = [h.person_id for h in handovers if h.person_id not in refs]  # ended benefits
    if missing:
        refs = refs | dict(Person.objects.filter(column_in("id", missing)).values_list("pk", "external_id"))
    teams, staff = names
    changes = [
        (h.person_id, (h.from_team_id, h.from_staff_id, h.to_team_id, h.to_staff_id, h.kind, h.rule_code))
        for h in handovers
    ] + [(a.person_pk, (None, None, a.team_pk, a.staff_pk, "assignment", a.rule_code)) for a in first]

    @functools.cache  # one object per kind of move: the events encode it once
    def payload(move: tuple) -> dict:
        ft, fs, tt, ts, kind, rule = move
        return {
            "effective_date": as_of.isoformat(),
            "kind": kind,
            "rule": rule,
            "from": {"team_id": teams.get(ft), "staff_id": staff.get(fs)},
            "to": {"team_id": teams.get(tt), "staff_id": staff.get(ts)},
        }

    emit(
        EventKind.RESPONSIBILITY_CHANGED,
        [Occurrence(pk, refs.get(pk, ""), payload(move)) for pk, move in changes],
    )
