"""The columns of measure participations and integrations, with the target groups kept on
each row (u25, single parent, long-term on the event day), for the set-based key figures
and the measure effectiveness; persons are indices into :class:`~lotse.clients.columns.ClientColumns`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lotse.clients.columns import ClientColumns
from lotse.core.columns import fetch_columns
from lotse.domain.day_numbers import day_numbers
from lotse.domain.effectiveness import Participations
from lotse.domain.key_figures import Integrations
from lotse.measures.models import Integration, Participation

FLAGS = ("u25", "single_parent", "long_term")  # target groups kept on the event rows


@dataclass
class MeasureColumns:
    integrations: Integrations
    integration_flags: dict[str, np.ndarray]  # u25 / single_parent / long_term at the start
    participations: Participations
    participation_flags: dict[str, np.ndarray]
    measure_pks: np.ndarray


def load_measure_columns(clients: ClientColumns) -> MeasureColumns:
    it = fetch_columns(
        Integration, "person_id", "started", "ended", "kind", "u25", "single_parent", "long_term"
    )
    integrations = Integrations(
        clients.index(it[0]), day_numbers(it[1]), day_numbers(it[2], open_end=True), it[3].astype(str)
    )
    integration_flags = {name: it[i].astype(bool) for i, name in enumerate(FLAGS, start=4)}

    pa = fetch_columns(
        Participation, "person_id", "measure_id", "entered", "exited", "u25", "single_parent", "long_term"
    )
    measure_pks = np.unique(pa[1].astype(np.int64)) if pa[1].size else np.zeros(0, dtype=np.int64)
    participations = Participations(
        clients.index(pa[0]),
        np.searchsorted(measure_pks, pa[1].astype(np.int64)),
        day_numbers(pa[2]),
        day_numbers(pa[3], open_end=True),
    )
    participation_flags = {name: pa[i].astype(bool) for i, name in enumerate(FLAGS, start=4)}
    return MeasureColumns(integrations, integration_flags, participations, participation_flags, measure_pks)
