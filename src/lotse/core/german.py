"""German number formats for everything a person reads: thousands separators, decimal
commas, and a no-break space before a unit so that "24,7 %" never wraps."""

from __future__ import annotations

from decimal import Decimal

NBSP = "\u00a0"


def de_number(value: float | int | Decimal, decimals: int = 0, grouping: bool = True) -> str:
    """25000 → "25.000", 23599.3 → "23.599,3" (decimals fixed), -140 → "-140"."""
    text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def axis_number(value: float, step: float) -> str:
    """A chart's tick label: as many decimals as the step needs, German separators."""
    decimals = 0 if float(step).is_integer() else (1 if (step * 10).is_integer() else 2)
    return de_number(value, decimals)
