"""Who is responsible for a client: the rule hierarchy and the caseworker choice (SPEC S3).

Pure functions over frozen dataclasses, no Django. The rules themselves are data
(a rule set with validity dates, stored in the database and shipped as YAML presets);
this module only knows how to read a condition and how to pick a caseworker.

Rule order is the hierarchy: the first rule whose conditions all hold wins (Hagen concept § 3).
Within the team kind the rule names, the caseworker is chosen by the team's strategy:
by district (Jusos motion) or by the initial letter of the family name; several candidates
→ the lowest caseload per FTE; none → the team lead's queue, never a silent drop.
"""

from __future__ import annotations

import functools
import heapq
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from lotse.domain.conditions import (  # noqa: F401  (re-exported: the routing vocabulary)
    CONDITIONS,
    RuleError,
    condition_values,
    failing,
    freeze_conditions,
    holding,
)


@dataclass(frozen=True)
class RoutingRule:
    code: str
    label: str
    team_kind: str
    specialisation: str | None = None
    conditions: tuple[tuple[str, object], ...] = ()

    @classmethod
    def build(
        cls,
        code: str,
        label: str,
        team_kind: str,
        specialisation: str | None,
        conditions: Mapping[str, object],
    ) -> RoutingRule:
        return cls(code, label, team_kind, specialisation or None, freeze_conditions(code, conditions))

    def failing(self, values: Mapping[str, object]) -> tuple[str, ...]:
        """Names of the conditions that do not hold (empty: the rule matches)."""
        return failing(self.conditions, values)


@dataclass(frozen=True)
class RuleOutcome:
    rule: RoutingRule
    failed: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """The matched rule (None: no rule matched), the facts it used, the rules above it."""

    rule: RoutingRule | None
    used: dict[str, object] = field(default_factory=dict)
    not_matched: tuple[RuleOutcome, ...] = ()


def decide(values: Mapping[str, object], rules: Sequence[RoutingRule]) -> Decision:
    """First match wins; records why each rule above the match did not apply."""
    skipped: list[RuleOutcome] = []
    for rule in rules:
        failed = rule.failing(values)
        if not failed:
            used = {name: values.get(name) for name, _ in rule.conditions}
            return Decision(rule, used, tuple(skipped))
        skipped.append(RuleOutcome(rule, failed))
    return Decision(None, {}, tuple(skipped))


def first_matching(rules: Sequence[RoutingRule], values: Mapping[str, np.ndarray]) -> np.ndarray:
    """:func:`decide` for every person at once: per person the index of the first rule whose
    conditions all hold, -1 where none does."""
    size = len(values["u25"])
    chosen = np.full(size, -1, dtype=np.int64)
    open_ = np.ones(size, dtype=bool)
    for k, rule in enumerate(rules):
        rows = np.flatnonzero(open_)
        if rows.size == 0:
            break
        matched = rows[holding(rule.conditions, values, rows)]
        chosen[matched] = k
        open_[matched] = False
    return chosen


@dataclass(frozen=True)
class Caseworker:
    staff_id: str
    team_id: str
    team_kind: str
    strategy: str  # of the caseworker's team
    fte: Decimal
    specialisations: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    letters: str = ""


@functools.lru_cache(maxsize=65536)  # family names repeat; the routing asks for each client twice
def initial(family_name: str) -> str:
    """The initial letter for the alphabetical strategy: Ä→A, Ö→O, Ş→S, Ł→L …"""
    for char in family_name.strip():
        base = unicodedata.normalize("NFKD", char)[0].upper()
        base = {"Ł": "L", "Ø": "O", "Æ": "A", "Œ": "O", "ẞ": "S"}.get(base, base)
        if "A" <= base <= "Z":
            return base
    return ""


def letters_cover(letters: str, family_name: str) -> bool:
    if not letters:
        return False
    first = initial(family_name)
    low, _, high = letters.partition("-")
    return bool(first) and low <= first <= (high or low)


def qualifies(
    cw: Caseworker, rule: RoutingRule, district_id: str | None, family_name: str, *, generalist: bool
) -> bool:
    """Whether the caseworker can take a client the rule sends to their team kind.

    ``generalist``: for a rule without a specialisation, caseworkers with none are asked
    first, so the single-parent specialists keep their capacity for their group.
    """
    if cw.team_kind != rule.team_kind:
        return False
    if rule.specialisation is not None and rule.specialisation not in cw.specialisations:
        return False
    if rule.specialisation is None and generalist and cw.specialisations:
        return False
    if cw.strategy == "alphabetical":
        return letters_cover(cw.letters, family_name)
    return district_id is not None and district_id in cw.districts


def candidates(
    rule: RoutingRule, district_id: str | None, family_name: str, caseworkers: Sequence[Caseworker]
) -> list[Caseworker]:
    found = [c for c in caseworkers if qualifies(c, rule, district_id, family_name, generalist=True)]
    if not found and rule.specialisation is None:
        found = [c for c in caseworkers if qualifies(c, rule, district_id, family_name, generalist=False)]
    return found


def choose(found: Sequence[Caseworker], loads: Mapping[str, int]) -> Caseworker | None:
    """The candidate with the lowest caseload per FTE (ties: the smaller staff id)."""
    if not found:
        return None
    return min(found, key=lambda c: (caseload_per_fte(c, loads), c.staff_id))


def caseload_per_fte(caseworker: Caseworker, loads: Mapping[str, int]) -> float:
    return loads.get(caseworker.staff_id, 0) / float(caseworker.fte)


class CaseworkerIndex:
    """Caseworkers looked up by (team kind, district) and (team kind, initial letter).

    Routing a million clients against thousands of caseworkers must not scan the whole
    staff list per client; the index narrows the pool, :func:`qualifies` decides.
    """

    def __init__(self, caseworkers: Sequence[Caseworker]):
        self.by_id = {c.staff_id: c for c in caseworkers}
        self._fte = {c.staff_id: float(c.fte) for c in caseworkers}  # the ratio is asked often
        self._heaps: dict[frozenset[str], list[tuple[float, str]]] = {}
        self._heaps_with: dict[str, list[list[tuple[float, str]]]] = {}
        self._cache: dict[tuple, list[Caseworker]] = {}
        self._cache_ids: dict[tuple, frozenset[str]] = {}
        self._by_district: dict[tuple[str, str], list[Caseworker]] = {}
        self._by_letter: dict[tuple[str, str], list[Caseworker]] = {}
        for c in caseworkers:
            if c.strategy == "alphabetical":
                low, _, high = c.letters.partition("-")
                if low:
                    for code in range(ord(low), ord(high or low) + 1):
                        self._by_letter.setdefault((c.team_kind, chr(code)), []).append(c)
            else:
                for district in c.districts:
                    self._by_district.setdefault((c.team_kind, district), []).append(c)

    def pool(self, team_kind: str, district_id: str | None, family_name: str) -> list[Caseworker]:
        found = list(self._by_district.get((team_kind, district_id or ""), ()))
        found += self._by_letter.get((team_kind, initial(family_name)), ())
        return found

    def candidates(self, rule: RoutingRule, district_id: str | None, family_name: str) -> list[Caseworker]:
        """The candidates for a rule, district and initial, computed once and then reused:
        at a million clients the pool of a district holds hundreds of caseworkers."""
        return self._candidates(self.key(rule, district_id, family_name), rule, district_id, family_name)

    def _candidates(
        self, key: tuple, rule: RoutingRule, district_id: str | None, family_name: str
    ) -> list[Caseworker]:
        found = self._cache.get(key)
        if found is None:
            found = candidates(
                rule, district_id, family_name, self.pool(rule.team_kind, district_id, family_name)
            )
            self._cache[key] = found
            self._cache_ids[key] = frozenset(c.staff_id for c in found)
        return found

    def candidate_ids(
        self, key: tuple, rule: RoutingRule, district_id: str | None, family_name: str
    ) -> frozenset[str]:
        """The staff ids of the candidates of a client with this :meth:`key`."""
        self._candidates(key, rule, district_id, family_name)
        return self._cache_ids[key]

    def key(self, rule: RoutingRule, district_id: str | None, family_name: str) -> tuple:
        """What the candidates depend on: the rule's team kind and specialisation, the district
        only where a caseworker of that team kind serves it, the initial only where one serves
        that letter. The routing computes it once per (rule, district, initial) and passes it to
        :meth:`candidate_ids` and :meth:`choose` (text only: a rule would be hashed field by
        field at every lookup)."""
        letter = initial(family_name)
        return (
            rule.team_kind,
            rule.specialisation,
            district_id if (rule.team_kind, district_id or "") in self._by_district else None,
            letter if (rule.team_kind, letter) in self._by_letter else None,
        )

    def choose(
        self,
        rule: RoutingRule,
        district_id: str | None,
        family_name: str,
        loads: Mapping[str, int],
        key: tuple | None = None,
    ) -> Caseworker | None:
        """:func:`choose` among the candidates, from a heap of (caseload per FTE, staff id)
        per candidate set instead of a scan: at a million clients a district's pool holds
        hundreds of caseworkers. An entry whose caseload has grown since it was pushed is
        renewed when it comes to the top; a caseload that shrinks is pushed anew at once
        (:meth:`lowered`), so the top entry that is current is always the minimum.
        ``key``: :meth:`key` of the client, when the caller has it already."""
        key = key or self.key(rule, district_id, family_name)
        found = self._candidates(key, rule, district_id, family_name)
        ids = self._cache_ids[key]  # one heap per set of candidates
        heap = self._heaps.get(ids)
        if heap is None:
            heap = [(self._ratio(c.staff_id, loads), c.staff_id) for c in found]
            heapq.heapify(heap)
            self._heaps[ids] = heap
            for c in found:
                self._heaps_with.setdefault(c.staff_id, []).append(heap)
        while heap:
            ratio, staff_id = heap[0]
            now = self._ratio(staff_id, loads)
            if now == ratio:
                return self.by_id[staff_id]
            heapq.heapreplace(heap, (now, staff_id))
        return None

    def lowered(self, staff_id: str, loads: Mapping[str, int]) -> None:
        """Tell the heaps that a caseworker's caseload went down (a client left them)."""
        entry = (self._ratio(staff_id, loads), staff_id)
        for heap in self._heaps_with.get(staff_id, ()):
            heapq.heappush(heap, entry)

    def _ratio(self, staff_id: str, loads: Mapping[str, int]) -> float:
        """:func:`caseload_per_fte`, with the FTE as a float once."""
        return loads.get(staff_id, 0) / self._fte[staff_id]
