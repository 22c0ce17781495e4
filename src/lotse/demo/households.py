"""Synthetic households with three years of history for the demo Jobcenter.

The shares follow what Jobcenters report for their caseload: about half of the
benefit households are single persons, about 15 % single parents, about 10 % of
the clients are under 25, and roughly 60 % are long-term recipients. Events in the
three years before the reference date (partner moves in or out, a child is born or
moves out, children turn 18 on their own) give the routing something to re-route.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from lotse.demo.names import NamePool, pools
from lotse.domain.dates import anniversary

HISTORY_DAYS = 3 * 365 + 1

HOUSEHOLD_TYPES = {  # share of households
    "single": 0.50,
    "single_parent": 0.15,
    "couple": 0.12,
    "couple_with_children": 0.18,
    "other": 0.05,
}
STATUS_SHARES = {
    "unemployed": 0.40,
    "job_seeking": 0.13,
    "employed": 0.20,
    "in_measure": 0.09,
    "not_activated": 0.18,
}
PROFILE_SHARES = {
    "market": 0.10,
    "activation": 0.17,
    "support": 0.20,
    "development": 0.18,
    "stabilisation": 0.20,
    "assistance": 0.15,
}


@dataclass
class PersonRow:
    person_id: str
    family_name: str
    given_name: str
    birth_date: date
    sex: str
    district_id: str


@dataclass
class Generated:
    persons: list[PersonRow] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    benefits: list[dict] = field(default_factory=list)
    attributes: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    active_clients: int = 0


class HouseholdFactory:
    """Creates households one by one into a :class:`Generated`; all randomness from ``rng``."""

    def __init__(
        self, rng: random.Random, as_of: date, district_ids: list[str], district_weights: list[float]
    ):
        self.rng = rng
        self.as_of = as_of
        self.window_start = as_of - timedelta(days=HISTORY_DAYS)
        self.district_ids = district_ids
        self.district_cum = _cumulative(district_weights)
        self.pools = pools()
        self.pool_cum = _cumulative([p.weight for p in self.pools])
        self.out = Generated()
        self.n_persons = 0
        self.n_households = 0
        self.n_contacts = 0
        self.with_contacts = True

    # -- small helpers ---------------------------------------------------------------
    def _days_ago(self, low: int, high: int) -> date:
        return self.as_of - timedelta(days=self.rng.randint(low, high))

    def _in_window(self) -> date:
        return self._days_ago(1, HISTORY_DAYS - 1)

    def _birth(self, age_low: int, age_high: int) -> date:
        """A birth date such that the age on the reference date is within [low, high]."""
        youngest = anniversary(self.as_of, -age_low) if age_low else self.as_of
        oldest = anniversary(self.as_of, -(age_high + 1)) + timedelta(days=1)
        return oldest + timedelta(days=self.rng.randint(0, (youngest - oldest).days))

    def _pick(self, shares: dict[str, float]) -> str:
        return self.rng.choices(list(shares), weights=list(shares.values()))[0]

    def _person(self, pool: NamePool, family: str, birth: date, sex: str, district: str) -> str:
        self.n_persons += 1
        pid = f"P{self.n_persons:07d}"
        given = self.rng.choice(pool.female if sex == "f" else pool.male)
        self.out.persons.append(PersonRow(pid, family, given, birth, sex, district))
        return pid

    def _member(
        self,
        hid: str,
        pid: str,
        role: str,
        moved_in: date,
        moved_out: date | None = None,
        married: bool = False,
    ) -> None:
        self.out.members.append(
            {
                "household_id": hid,
                "person_id": pid,
                "role": role,
                "married": married,
                "moved_in": moved_in,
                "moved_out": moved_out,
            }
        )

    # -- one household -----------------------------------------------------------------
    def household(self, former: bool = False, single: bool = False) -> None:
        """Add one household; ``single`` forces a one-person household (to hit N exactly)."""
        rng = self.rng
        self.n_households += 1
        hid = f"H{self.n_households:07d}"
        district = self.district_ids[_index(self.district_cum, rng.random())]
        pool = self.pools[_index(self.pool_cum, rng.random())]
        family = rng.choice(pool.family)
        kind = "single" if single else self._pick(HOUSEHOLD_TYPES)
        since = self._days_ago(400, 15 * 365)  # when the household was formed
        benefit_start = self._days_ago(800, 4000) if rng.random() < 0.62 else self._days_ago(1, 799)
        benefit_end = self._days_ago(1, HISTORY_DAYS - 200) if former else None
        if benefit_end and benefit_end <= benefit_start:
            benefit_start = benefit_end - timedelta(days=rng.randint(60, 1500))

        clients: list[tuple[str, date, date | None]] = []  # (person, eLB from, eLB until)

        def adult(
            age_low: int,
            age_high: int,
            sex: str,
            moved_in: date | None = None,
            moved_out: date | None = None,
            role: str = "adult",
            name: str = family,
        ) -> str:
            birth = self._birth(age_low, age_high)
            joined = moved_in or max(since, anniversary(birth, 18))
            if moved_out is not None and moved_out <= joined:
                moved_out = None
            pid = self._person(pool, name, birth, sex, district)
            self._member(hid, pid, role, joined, moved_out)
            start = max(benefit_start, joined, anniversary(birth, 18))
            end = benefit_end
            if moved_out is not None:
                end = moved_out - timedelta(days=1)
            clients.append((pid, start, end))
            return pid

        def children(n: int, parent_age: int) -> list[date]:
            births = []
            for _ in range(n):
                max_age = max(0, min(17, parent_age - 18))
                birth = self._birth(0, max_age) if max_age else self._birth(0, 0)
                if birth > self.as_of:
                    birth = self.as_of - timedelta(days=1)
                pid = self._person(pool, family, birth, rng.choice("fm"), district)
                self._member(hid, pid, "child", max(since, birth))
                births.append(birth)
            return births

        def adult_child() -> None:
            birth = self._birth(18, 24)
            pid = self._person(pool, family, birth, rng.choice("fm"), district)
            moved_out = self._in_window() if rng.random() < 0.2 else None
            if moved_out and moved_out <= max(since, birth):
                moved_out = None
            self._member(hid, pid, "child", max(since, birth), moved_out)
            start = max(benefit_start, anniversary(birth, 18))
            end = moved_out - timedelta(days=1) if moved_out else benefit_end
            if end is None or end >= start:
                clients.append((pid, start, end))

        if kind == "single":
            age_band = rng.choices(
                [(18, 24), (25, 34), (35, 49), (50, 64)], weights=[0.05, 0.25, 0.32, 0.38]
            )[0]
            sex = rng.choice("fm")
            pid = adult(*age_band, sex)
            if sex == "f" and age_band[1] <= 49 and rng.random() < 0.03:
                shown = self._days_ago(1, 200)
                self._attr(
                    pid,
                    "pregnancy_proof",
                    shown.isoformat(),
                    shown,
                    shown + timedelta(days=rng.randint(150, 230)),
                )
        elif kind == "single_parent":
            age = rng.choices([rng.randint(18, 24), rng.randint(25, 55)], weights=[0.07, 0.93])[0]
            sex = "f" if rng.random() < 0.88 else "m"
            parent = adult(age, age, sex)
            births = children(rng.choices([1, 2, 3], weights=[0.55, 0.32, 0.13])[0], age)
            if age >= 40 and rng.random() < 0.15:
                adult_child()
            if rng.random() < 0.06:  # a partner moves in: no longer a single parent
                adult(
                    max(18, age - 3),
                    age + 5,
                    "m" if sex == "f" else "f",
                    moved_in=self._in_window(),
                    role="partner",
                    name=rng.choice(pool.family),
                )
            self._par10(parent, max(births))
        elif kind in ("couple", "couple_with_children"):
            age = rng.randint(22, 60)
            leaves = self._in_window() if rng.random() < 0.05 else None
            adult(age, age, "f")
            adult(max(18, age - 5), age + 5, "m", role="partner", moved_out=leaves)
            if kind == "couple_with_children":
                children(rng.choices([1, 2, 3, 4], weights=[0.4, 0.35, 0.17, 0.08])[0], age)
                if age >= 40 and rng.random() < 0.18:
                    adult_child()
                if age <= 40 and rng.random() < 0.05:  # a baby born in the window
                    birth = self._in_window()
                    pid = self._person(pool, family, birth, rng.choice("fm"), district)
                    self._member(hid, pid, "child", birth)
        else:  # other: a parent with an adult child, both receiving benefits
            age = rng.randint(42, 62)
            adult(age, age, rng.choice("fm"))
            adult_child()

        for pid, start, end in clients:
            self._benefits(pid, start, end)
            if end is None:
                self.out.active_clients += 1

    # -- histories ---------------------------------------------------------------------
    def _contacts(self, pid: str, begin: date, last: date, status: str, profile: str) -> None:
        """Contacts from the start of the history to its end, gaps drawn around the status's
        mean (shorter for market-near clients), some missed, some lost touch entirely."""
        rng = self.rng
        mean = CONTACT_GAP_MONTHS[status] * (0.7 if profile in ("market", "activation") else 1.0)
        if rng.random() < 0.05:
            mean *= 4  # clients the Jobcenter has lost touch with (outreach candidates)
        day = begin + timedelta(days=int(rng.expovariate(1 / (mean * 30.4))))
        while day <= last:
            self.n_contacts += 1
            self.out.contacts.append(
                {
                    "contact_id": f"K{self.n_contacts:08d}",
                    "person_id": pid,
                    "staff_id": None,
                    "date": day,
                    "channel": self._pick(CHANNELS),
                    "held": rng.random() >= MISSED_SHARE,
                }
            )
            day += timedelta(days=max(7, int(rng.gammavariate(2.0, mean * 30.4 / 2))))

    def _attr(self, pid: str, name: str, value: str, valid_from: date, valid_to: date | None = None) -> None:
        self.out.attributes.append(
            {
                "person_id": pid,
                "attribute": name,
                "value": value,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
        )

    def _par10(self, pid: str, youngest: date) -> None:
        """§ 10 SGB II marker for a single parent whose youngest child is under 3."""
        if self.rng.random() > 0.7:
            return
        until = anniversary(youngest, 3) - timedelta(days=1)
        if until >= self.window_start:
            self._attr(pid, "par10_single_parent", "true", max(youngest, self.window_start), until)

    def _benefits(self, pid: str, start: date, end: date | None) -> None:
        rng = self.rng
        if end is not None and end < start:
            return
        gap_possible = (end or self.as_of) - start > timedelta(days=500)
        if gap_possible and rng.random() < 0.10:
            gap_start = start + timedelta(days=rng.randint(100, 300))
            gap_end = gap_start + timedelta(days=rng.randint(30, 150))
            self.out.benefits.append(
                {"person_id": pid, "valid_from": start, "valid_to": gap_start - timedelta(days=1)}
            )
            start = gap_end
        self.out.benefits.append({"person_id": pid, "valid_from": start, "valid_to": end})
        self._status_history(pid, start, end)

    def _status_history(self, pid: str, start: date, end: date | None) -> None:
        rng = self.rng
        last = end or self.as_of
        begin = max(start, self.window_start - timedelta(days=365))
        changes = sorted(
            {
                begin + timedelta(days=rng.randint(1, max(1, (last - begin).days)))
                for _ in range(rng.choice([0, 1, 1, 2]))
            }
        )
        bounds = [begin, *[c for c in changes if begin < c <= last]]
        status = ""
        for i, frm in enumerate(bounds):
            to = bounds[i + 1] - timedelta(days=1) if i + 1 < len(bounds) else end
            status = self._pick(STATUS_SHARES)
            self._attr(pid, "status", status, frm, to)
        profile = self._pick(PROFILE_SHARES)
        if self.with_contacts:
            self._contacts(pid, begin, last, status, profile)
        if rng.random() < 0.2 and last - begin > timedelta(days=60):
            change = begin + timedelta(days=rng.randint(30, (last - begin).days))
            self._attr(pid, "profile", profile, begin, change - timedelta(days=1))
            self._attr(pid, "profile", self._pick(PROFILE_SHARES), change, end)
        else:
            self._attr(pid, "profile", profile, begin, end)
        for name, share in (
            ("self_employed", 0.03),
            ("severely_disabled", 0.05),
            ("rehabilitant", 0.02),
            ("case_management_criteria", 0.06),
        ):
            if rng.random() < share:
                frm = begin + timedelta(days=rng.randint(0, max(0, (last - begin).days)))
                to = end
                if name in ("self_employed", "rehabilitant") and rng.random() < 0.25:
                    to = min(last, frm + timedelta(days=rng.randint(90, 700)))
                self._attr(pid, name, "true", frm, to)


# Mean months between contacts by status; market-near unemployed clients are seen most.
CONTACT_GAP_MONTHS = {
    "unemployed": 1.2,
    "job_seeking": 1.8,
    "employed": 3.0,
    "in_measure": 2.0,
    "not_activated": 3.8,
}
CHANNELS = {"in_person": 0.58, "phone": 0.30, "video": 0.03, "letter": 0.06, "email": 0.03}
MISSED_SHARE = 0.12


def _cumulative(weights: list[float]) -> list[float]:
    total = sum(weights)
    acc, result = 0.0, []
    for w in weights:
        acc += w / total
        result.append(acc)
    result[-1] = 1.0
    return result


def _index(cumulative: list[float], x: float) -> int:
    from bisect import bisect_left

    return min(bisect_left(cumulative, x), len(cumulative) - 1)
