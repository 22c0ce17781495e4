"""The columns the key figures need, loaded once per report: the clients' columns
(:mod:`lotse.clients.columns`) and, indexed by the same persons, the measures' columns
(:mod:`lotse.measures.columns`)."""

from __future__ import annotations

from dataclasses import dataclass

from lotse.clients.columns import ClientColumns, load_client_columns
from lotse.measures.columns import MeasureColumns, load_measure_columns


@dataclass
class Columns(ClientColumns):
    measures: MeasureColumns


def load_columns() -> Columns:
    clients = load_client_columns()
    return Columns(
        clients.pks, clients.birth, clients.benefits, clients.members, load_measure_columns(clients)
    )
