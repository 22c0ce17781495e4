"""How many outreach candidates there were on many days, from columns (SPEC S5).

The outreach figures count the candidates on every month's last day and by district.
:func:`lotse.outreach.selectors.candidates` answers one day as one SQL query with three
correlated subqueries per client, which cost 0.65 s per day at 25,000 clients — eight
seconds for a year's figures after every recorded contact. Here the same rule is applied to
the contact-density column snapshot (:func:`lotse.evaluation.contact_density.kept_arrays`,
kept per data version and caught up after contacts) and the missed appointments read as
columns: the last contact of every client is one binary search, the missed appointments
since then two. ``tests/demo/test_outreach_stock.py`` checks the counts against the SQL query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from lotse.clients.models import Person
from lotse.contacts.models import Contact
from lotse.core.columns import DAY, INT, KEY_OR_NONE, fetch_typed
from lotse.domain.day_numbers import BIG, dnum
from lotse.domain.outreach import gap_cutoff
from lotse.evaluation.contact_density import Arrays, kept_arrays, last_contact_days
from lotse.organisation.models import District
from lotse.outreach.selectors import counting_channels, rule_on


@dataclass(frozen=True)
class Missed:
    """The appointments that did not take place, as sorted keys (person index × BIG + day)."""

    keys: np.ndarray

    @classmethod
    def read(cls, arrays: Arrays) -> Missed:
        person, day = fetch_typed(Contact, {"person_id": INT, "date": DAY}, where_not="held")
        keys = np.sort(np.searchsorted(arrays.pks, person) * BIG + day)
        return cls(keys)

    def between(self, persons: np.ndarray, after: np.ndarray, until: int) -> np.ndarray:
        """Per person: missed appointments on days after ``after`` (one per person) up to ``until``."""
        hi = np.searchsorted(self.keys, persons * BIG + until, side="right")
        lo = np.searchsorted(self.keys, persons * BIG + after, side="right")
        return np.maximum(hi - lo, 0)


def candidate_mask(arrays: Arrays, missed: Missed, day: date) -> np.ndarray:
    """Mask over the snapshot's persons: outreach candidates on ``day`` under the rule valid
    then — receiving benefits, and the last contact that keeps a client off the list (any
    that took place, or only counting ones) on or before the gap's cutoff (never one: the
    running benefit period began by then), or as many missed appointments since that
    contact as the rule's trigger asks."""
    rule = rule_on(day)
    active = np.flatnonzero(arrays.benefits.stock_mask(day))
    channels = (
        frozenset(arrays.channel_names.tolist()) if rule.other_ways else frozenset(counting_channels(day))
    )
    keys, days = arrays.counting_keys(channels)
    last = last_contact_days(active, keys, days, day)
    cutoff = dnum(gap_cutoff(day, rule.gap_months))
    entry = arrays.benefits.entry(day)[active]
    chosen = np.where(last >= 0, last <= cutoff, entry <= cutoff)
    if rule.missed_in_row:
        since = np.where(last >= 0, last, dnum(date(1900, 1, 1)))
        chosen |= missed.between(active, since, dnum(day)) >= rule.missed_in_row
    mask = np.zeros(arrays.pks.size, dtype=bool)
    mask[active[chosen]] = True
    return mask


class CandidateStock:
    """The columns the candidate counts read, read once for a report's many days: the
    contact-density snapshot and the missed appointments."""

    def __init__(self) -> None:
        self.arrays = kept_arrays()
        self.missed = Missed.read(self.arrays)

    def counts(self, days: list[date]) -> list[int]:
        """The number of outreach candidates on each of the days."""
        return [int(np.count_nonzero(candidate_mask(self.arrays, self.missed, day))) for day in days]

    def by_district(self, day: date) -> list[tuple[str | None, str | None, int]]:
        """(district id, district name, candidates) on the day, for the districts that have
        any; (None, None, n) for the candidates whose district is not known."""
        mask = candidate_mask(self.arrays, self.missed, day)
        pks, district = fetch_typed(Person, {"id": INT, "district_id": KEY_OR_NONE})
        chosen = district[np.isin(pks, self.arrays.pks[mask])]
        values, counts = np.unique(chosen, return_counts=True)
        names = {
            pk: (ext, name) for pk, ext, name in District.objects.values_list("pk", "external_id", "name")
        }
        return [(*names.get(int(pk), (None, None)), int(n)) for pk, n in zip(values, counts, strict=True)]
