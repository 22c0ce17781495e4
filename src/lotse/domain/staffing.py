"""Staffing control as the Zielvereinbarung 2014 Mettmann (section IV, "Personalisierung")
defines it — pure arithmetic over the staff on a date.

- The **target staffing** (Soll-Ausstattung, 405.93 FTE there) counts the permanent staff
  and the project staff counted against it (Joboffensive 15 FTE, Allegro introduction 10 FTE).
- The **fixed-term share** is measured against the target staffing: "Der Befristungsanteil
  soll bei der Sollausstattung von 405,93 VZA 7,5 Prozent nicht überschreiten" — not against
  the actual FTE, and without the EGT-funded staff.
- Up to **25 FTE financed from the integration budget (EGT)** come on top of the target,
  are reported separately and are provided half by each carrier ("jeweils zur Hälfte durch
  die Träger Kreis und BA").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

EGT = "egt"
PROJECT = "project"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Position:
    fte: Decimal
    fixed_term: bool
    funding: str  # permanent, project, egt
    project: str = ""


@dataclass(frozen=True)
class StaffingFigures:
    target_fte: Decimal
    counted_fte: Decimal  # against the target: everyone but the EGT-funded
    fixed_term_fte: Decimal  # fixed-term FTE among those counted against the target
    limit_pct: Decimal
    egt_fte: Decimal
    egt_cap_fte: Decimal
    projects: tuple[tuple[str, Decimal], ...]  # project staff counted against the target

    @property
    def gap_fte(self) -> Decimal:
        return self.counted_fte - self.target_fte

    @property
    def fixed_term_pct(self) -> Decimal | None:
        """The fixed-term FTE as a share of the target staffing, in % (None: no target set)."""
        if not self.target_fte:
            return None
        return (self.fixed_term_fte * 100 / self.target_fte).quantize(CENT)

    @property
    def fixed_term_cap_fte(self) -> Decimal:
        """How many fixed-term FTE the limit allows (7.5 % of 405.93 = 30.44)."""
        return (self.target_fte * self.limit_pct / 100).quantize(CENT)

    @property
    def fixed_term_within_limit(self) -> bool | None:
        share = self.fixed_term_pct
        return None if share is None else share <= self.limit_pct

    @property
    def egt_within_cap(self) -> bool:
        return self.egt_fte <= self.egt_cap_fte

    @property
    def egt_per_carrier(self) -> Decimal:
        """Each carrier's half of the EGT-funded FTE (district and BA)."""
        return (self.egt_fte / 2).quantize(CENT)


def staffing_figures(
    positions: Iterable[Position], *, target_fte: Decimal, limit_pct: Decimal, egt_cap_fte: Decimal
) -> StaffingFigures:
    positions = list(positions)
    counted = [p for p in positions if p.funding != EGT]
    projects: dict[str, Decimal] = {}
    for p in counted:
        if p.funding == PROJECT:
            projects[p.project or ""] = projects.get(p.project or "", Decimal(0)) + p.fte
    return StaffingFigures(
        target_fte=target_fte,
        counted_fte=sum((p.fte for p in counted), Decimal(0)),
        fixed_term_fte=sum((p.fte for p in counted if p.fixed_term), Decimal(0)),
        limit_pct=limit_pct,
        egt_fte=sum((p.fte for p in positions if p.funding == EGT), Decimal(0)),
        egt_cap_fte=egt_cap_fte,
        projects=tuple(sorted(projects.items())),
    )
