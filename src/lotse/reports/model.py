"""What a report is, independent of its format: a title block, tables and charts.

Every report Lotse hands on (PDF, XLSX, CSV, JSON; page and ``lotse report``) is built once
as a :class:`Report` by its definition in :mod:`lotse.reports.definitions`; the renderers in
:mod:`lotse.reports.formats` turn that one object into each format, so the figures of a PDF,
a spreadsheet and the JSON are the same numbers by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from lotse.core.charts import Chart, Series

__all__ = ["Chart", "Column", "Kind", "Report", "Series", "Table", "plain"]


class Kind(StrEnum):
    """How a column's values are read and shown."""

    TEXT = "text"
    INT = "int"  # counts: 25.000
    DECIMAL = "decimal"  # one decimal: 23.599,3
    FTE = "fte"  # two decimals (full-time equivalents): 405,93
    PERCENT = "percent"  # one decimal and a per-cent sign: 24,7 %
    MONEY = "money"  # two decimals and the euro sign: 1.560,00 €
    DATE = "date"  # 21.11.2026
    NUMBER = "number"  # a whole number as such (1.500), else one decimal (1.403,2)


@dataclass(frozen=True)
class Column:
    key: str  # the code name (JSON keys, the exchange-format CSV header)
    label: str  # the German header a person reads
    kind: Kind = Kind.TEXT


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list]  # values in column order: str, int, float, Decimal, date or None
    note: str = ""

    def records(self) -> list[dict]:
        return [dict(zip([c.key for c in self.columns], row, strict=True)) for row in self.rows]


@dataclass
class Report:
    name: str  # the URL and CLI name, e.g. "contact-density"
    title: str
    as_of: date
    meta: list[tuple[str, str]]  # the title block: (label, value), e.g. ("Regelwerk", "…")
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    landscape: bool = False
    created_at: datetime | None = None
    jobcenter: str = ""
    file_stem: str = ""  # the download's name without suffix (German, with the date)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def plain(value):
    """A value for JSON: dates in ISO, decimals as numbers."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
