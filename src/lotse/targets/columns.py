"""The columns the key figures need, loaded once per report: the clients' columns
(:mod:`lotse.clients.columns`) and, indexed by the same persons, the measures' columns
(:mod:`lotse.measures.columns`)."""

from __future__ import annotations

from dataclasses import dataclass

from lotse.clients.columns import ClientColumns, load_client_columns
from lotse.core.kept import kept_per_data_version
from lotse.measures.columns import MeasureColumns, load_measure_columns


@dataclass
class Columns(ClientColumns):
    measures: MeasureColumns


@kept_per_data_version(size=1, per="shape")
def load_columns() -> Columns:
    """Kept until a write that is not only a contact (the key figures read no contacts); the
    columns are shared by every report of that version, never changed by one."""
    clients = load_client_columns()
    return Columns(
        clients.pks,
        clients.birth,
        clients.benefits,
        clients.members,
        clients.district_pk,
        load_measure_columns(clients),
    )
