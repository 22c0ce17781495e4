"""Measure effectiveness and needs for planning (SPEC S7), set-based.

Effectiveness is computed over columns (:mod:`lotse.domain.effectiveness`); needs are one
grouped SQL query. Both take a reference date and a first day: the exits (or the needs
open) between the two are the ones reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Count, Q

from lotse.clients.columns import load_client_columns
from lotse.domain.day_numbers import dnum
from lotse.domain.effectiveness import Effect, Recommendation, effects_by, outcomes, recommend
from lotse.measures.columns import MeasureColumns, load_measure_columns
from lotse.measures.models import Measure, MeasureKind, Need, NeedKind


@dataclass
class MeasureEffect:
    measure: Measure
    effect: Effect
    recommendation: Recommendation


@dataclass
class KindEffect:
    kind: str
    label: str
    effect: Effect


@dataclass
class EffectivenessReport:
    first: date
    as_of: date
    measures: list[MeasureEffect]
    kinds: list[KindEffect]
    total: Effect

    def as_json(self) -> dict:
        return {
            "from": self.first.isoformat(),
            "as_of": self.as_of.isoformat(),
            "total": self.total.as_json(),
            "kinds": [{"kind": k.kind, **k.effect.as_json()} for k in self.kinds],
            "measures": [
                {
                    "measure_id": m.measure.external_id,
                    "name": m.measure.name,
                    "kind": m.measure.kind,
                    "provider": m.measure.provider,
                    "recommendation": m.recommendation.value,
                    **m.effect.as_json(),
                }
                for m in self.measures
            ],
        }


def effectiveness(first: date, as_of: date, columns: MeasureColumns | None = None) -> EffectivenessReport:
    """Participations that ended between ``first`` and ``as_of``, per measure and per kind."""
    columns = columns or load_measure_columns(load_client_columns())
    parts = columns.participations
    result = outcomes(parts, columns.integrations, as_of)
    in_period = parts.exited >= dnum(first)
    measures = Measure.objects.in_bulk(columns.measure_pks.tolist())
    ordered = [measures[int(pk)] for pk in columns.measure_pks]
    per_measure = effects_by(parts.measure, result, len(ordered), in_period)
    kinds = list(MeasureKind)
    kind_code = np.array([kinds.index(MeasureKind(m.kind)) for m in ordered], dtype=np.int64)
    per_kind = effects_by(kind_code[parts.measure], result, len(kinds), in_period)
    average = {kinds[i].value: e.share_6m for i, e in enumerate(per_kind)}
    rows = [
        MeasureEffect(m, e, recommend(e, average.get(m.kind)))
        for m, e in zip(ordered, per_measure, strict=True)
        if e.exits
    ]
    rows.sort(key=lambda r: (r.measure.kind, -(r.effect.share_6m or -1), r.measure.name))
    total = Effect(
        *(sum(getattr(e, f) for e in per_measure) for f in ("exits", "at_end", "judged", "after_6m"))
    )
    return EffectivenessReport(
        first,
        as_of,
        rows,
        [KindEffect(k.value, str(k.label), e) for k, e in zip(kinds, per_kind, strict=True) if e.exits],
        total,
    )


GROUP_FLAGS = (("u25", "u25"), ("single_parents", "single_parent"), ("long_term", "long_term"))


def needs_by_group(as_of: date) -> list[dict]:
    """Needs open on ``as_of`` per kind, in total and per target group (at recording)."""
    open_needs = Need.objects.filter(
        Q(resolved_on__isnull=True) | Q(resolved_on__gt=as_of), recorded_on__lte=as_of
    )
    counts = {
        row["kind"]: row
        for row in open_needs.values("kind").annotate(
            total=Count("pk"),
            clients=Count("person", distinct=True),
            **{name: Count("pk", filter=Q(**{flag: True})) for name, flag in GROUP_FLAGS},
        )
    }
    return [
        {
            "kind": kind.value,
            "label": str(kind.label),
            **{k: v for k, v in counts[kind.value].items() if k != "kind"},
        }
        for kind in NeedKind
        if kind.value in counts
    ]
