"""A plausibility summary of the caseload on a date: households by type, clients by
segment, spread over districts. Used by ``lotse demo`` and ``lotse summary``.

Facts are derived with the pure domain function over histories loaded in bulk
(a handful of queries in all); the counting itself is over the derived facts.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from lotse.clients.models import Person
from lotse.clients.selectors import active_person_ids, facts_for
from lotse.organisation.models import District


@dataclass
class CaseloadSummary:
    as_of: date
    clients: int
    households_by_type: dict[str, int]
    segments: dict[str, int]
    clients_per_district: dict[str, int]

    def lines(self) -> list[str]:
        def pct(n: int, total: int) -> str:
            return f"{n:>9,} ({100 * n / total:5.1f} %)" if total else f"{n:>9,}"

        hh_total = sum(self.households_by_type.values())
        out = [
            f"Caseload on {self.as_of.isoformat()}: {self.clients:,} active clients (eLB) "
            f"in {hh_total:,} households"
        ]
        out.append("Households by type:")
        for kind, n in sorted(self.households_by_type.items(), key=lambda kv: -kv[1]):
            out.append(f"  {kind:<24}{pct(n, hh_total)}")
        out.append("Clients by segment:")
        for name, n in self.segments.items():
            out.append(f"  {name:<24}{pct(n, self.clients)}")
        counts = sorted(self.clients_per_district.values())
        if counts:
            out.append(
                f"Districts: {len(counts)}; clients per district min {counts[0]:,}, "
                f"median {int(statistics.median(counts)):,}, max {counts[-1]:,}"
            )
            top = sorted(self.clients_per_district.items(), key=lambda kv: -kv[1])[:5]
            out.append("  largest: " + ", ".join(f"{name} {n:,}" for name, n in top))
        return out


def caseload_summary(as_of: date) -> CaseloadSummary:
    active = Person.objects.filter(pk__in=active_person_ids(as_of))
    facts = facts_for(active, as_of)
    households: dict[str, str] = {}
    segments = Counter()
    for f in facts.values():
        key = f.household_id or f"alone:{f.person_id}"
        households.setdefault(key, f.household_type.value)
        segments["U25"] += f.is_u25
        segments["single parents"] += f.is_single_parent
        segments["  of them expected"] += f.is_expected_single_parent
        segments["self-employed"] += f.is_self_employed
        segments["Reha/SB"] += f.is_reha
        segments["case management"] += f.is_case_management
        segments["long-term (LZB)"] += f.is_long_term
    per_district = dict(
        District.objects.filter(persons__in=active)
        .values_list("name")
        .annotate(n=Count("persons"))
        .values_list("name", "n")
    )
    return CaseloadSummary(
        as_of, len(facts), dict(Counter(households.values())), dict(segments), per_district
    )
