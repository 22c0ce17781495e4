"""Shares in percent, the form every report of Lotse shows them in."""

from __future__ import annotations


def share_percent(part: float, whole: float) -> float | None:
    """A share in % with one decimal (None when there is nothing to divide by)."""
    return round(100 * part / whole, 1) if whole else None
