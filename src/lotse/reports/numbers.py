"""German number and date formats for everything a person reads (PDF, CSV for Excel, chart
axes): thousands separators, decimal commas, DD.MM.YYYY, and a no-break space before
"%" and "€" so that "24,7 %" never wraps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lotse.core.german import NBSP, de_number
from lotse.reports.model import Kind

DECIMALS = {Kind.INT: 0, Kind.DECIMAL: 1, Kind.FTE: 2, Kind.PERCENT: 1, Kind.MONEY: 2, Kind.NUMBER: 1}


def decimals_of(value, kind: Kind) -> int:
    if kind == Kind.NUMBER:
        return 0 if float(value).is_integer() else 1
    return DECIMALS[kind]


def shown(value, kind: Kind) -> str:
    """A cell as a person reads it."""
    if value is None or value == "":
        return "–"
    if kind == Kind.DATE and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if kind in DECIMALS and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        text = de_number(value, decimals_of(value, kind))
        if kind == Kind.PERCENT:
            return f"{text}{NBSP}%"
        if kind == Kind.MONEY:
            return f"{text}{NBSP}€"
        return text
    return str(value)


def csv_cell(value, kind: Kind) -> str:
    """A cell for German Excel: decimal comma, no thousands separator (Excel reads the
    number), no unit (the header names it), dates as DD.MM.YYYY."""
    if value is None:
        return ""
    if kind == Kind.DATE and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if kind in DECIMALS and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return de_number(value, decimals_of(value, kind), grouping=False)
    return str(value)
