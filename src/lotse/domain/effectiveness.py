"""Measure effectiveness (Zielvereinbarung 2014 Mettmann, "Maßnahmewirksamkeit"; SPEC S7), set-based and pure.

For every participation that ended on or before the reference date:

- **integrated at the end**: a counted integration (employment subject to social
  insurance, apprenticeship, self-employment) starts between the entry into the measure
  and one month after its exit;
- **integrated six months later**: on the day six months after the exit, the person is in
  a counted integration that started after the entry (the latest such integration is the
  one looked at). Only exits at least six months back are judged; younger exits are
  *pending* and left out of that share.

The recommendation per measure compares its six-month share with the average of all
measures of the same kind: at or above → continue, below → review (the document's "which
measures are not continued"); fewer than :data:`MIN_JUDGED` judged exits → too few to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np

from lotse.domain.day_numbers import BIG, add_months_days, dnum
from lotse.domain.key_figures import Integrations
from lotse.domain.percent import share_percent

MIN_JUDGED = 10


@dataclass(frozen=True)
class Participations:
    person: np.ndarray
    measure: np.ndarray  # measure index
    entered: np.ndarray
    exited: np.ndarray  # OPEN_END while still in the measure


@dataclass(frozen=True)
class Outcomes:
    """One entry per participation."""

    exited: np.ndarray  # bool: ended on or before the reference date
    at_end: np.ndarray  # bool
    judged_6m: np.ndarray  # bool: exit at least six months back
    after_6m: np.ndarray  # bool


def outcomes(parts: Participations, integrations: Integrations, as_of: date) -> Outcomes:
    counted = integrations.counted()
    keys = integrations.person[counted] * BIG + integrations.start[counted]
    order = np.argsort(keys, kind="stable")
    keys, ends = keys[order], integrations.end[counted][order]

    day = dnum(as_of)
    exited = parts.exited <= day
    base = parts.person * BIG
    month_after = add_months_days(np.minimum(parts.exited, day), 1)
    lo = np.searchsorted(keys, base + parts.entered, side="left")
    hi = np.searchsorted(keys, base + month_after, side="right")
    at_end = exited & (hi > lo)

    six = add_months_days(np.minimum(parts.exited, day), 6)
    judged = exited & (six <= day)
    hi6 = np.searchsorted(keys, base + six, side="right")
    latest = np.maximum(hi6 - 1, 0)
    has = hi6 > lo
    employed = has & (ends[latest] >= six) if keys.size else np.zeros(parts.person.size, dtype=bool)
    return Outcomes(exited, at_end, judged, judged & employed)


class Recommendation(StrEnum):
    CONTINUE = "continue"
    REVIEW = "review"
    TOO_FEW = "too_few"


@dataclass(frozen=True)
class Effect:
    exits: int
    at_end: int
    judged: int
    after_6m: int

    @property
    def share_at_end(self) -> float | None:
        return share_percent(self.at_end, self.exits)

    @property
    def share_6m(self) -> float | None:
        return share_percent(self.after_6m, self.judged)

    def as_json(self) -> dict:
        return {
            "exits": self.exits,
            "integrated_at_end": self.at_end,
            "share_at_end": self.share_at_end,
            "judged_after_6_months": self.judged,
            "integrated_after_6_months": self.after_6m,
            "share_after_6_months": self.share_6m,
        }


def effects_by(
    codes: np.ndarray, result: Outcomes, groups: int, select: np.ndarray | None = None
) -> list[Effect]:
    """Sums of the outcomes per group code (0 … groups − 1), e.g. per measure or kind."""
    mask = result.exited if select is None else result.exited & select

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(codes[mask], weights=values[mask].astype(np.int64), minlength=groups).astype(int)

    exits = np.bincount(codes[mask], minlength=groups)
    return [
        Effect(int(e), int(a), int(j), int(s))
        for e, a, j, s in zip(
            exits, total(result.at_end), total(result.judged_6m), total(result.after_6m), strict=True
        )
    ]


def recommend(effect: Effect, kind_average: float | None) -> Recommendation:
    if effect.judged < MIN_JUDGED or effect.share_6m is None or kind_average is None:
        return Recommendation.TOO_FEW
    return Recommendation.CONTINUE if effect.share_6m >= kind_average else Recommendation.REVIEW
