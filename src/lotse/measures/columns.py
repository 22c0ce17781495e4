"""The columns of measure participations and integrations, with the target groups kept on
each row (u25, single parent, long-term on the event day), for the set-based key figures
and the measure effectiveness; persons are indices into :class:`~lotse.clients.columns.ClientColumns`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lotse.clients.columns import ClientColumns
from lotse.core.columns import BOOL, DAY, DAY_OR_OPEN, INT, TEXT, fetch_typed
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
    flags = dict.fromkeys(FLAGS, BOOL)
    it = fetch_typed(
        Integration, {"person_id": INT, "started": DAY, "ended": DAY_OR_OPEN, "kind": TEXT, **flags}
    )
    integrations = Integrations(clients.index(it[0]), it[1], it[2], it[3].astype(str))
    integration_flags = {name: it[i].astype(bool) for i, name in enumerate(FLAGS, start=4)}

    pa = fetch_typed(
        Participation,
        {"person_id": INT, "measure_id": INT, "entered": DAY, "exited": DAY_OR_OPEN, **flags},
    )
    measure_pks = np.unique(pa[1])
    participations = Participations(clients.index(pa[0]), np.searchsorted(measure_pks, pa[1]), pa[2], pa[3])
    participation_flags = {name: pa[i].astype(bool) for i, name in enumerate(FLAGS, start=4)}
    return MeasureColumns(integrations, integration_flags, participations, participation_flags, measure_pks)
