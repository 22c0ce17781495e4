"""Reads of the organisation on a date: who is employed, a user's staff record, the figures
of the districts. The organisation's figures that count clients (district ranking and profile,
staffing with caseload ratios) are in :mod:`lotse.evaluation.organisation`."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from lotse.core.models import valid_on
from lotse.organisation.models import DistrictFigures, Staff


def staff_on(as_of: date) -> QuerySet[Staff]:
    """Staff members employed on the date."""
    return Staff.objects.filter(valid_on(as_of))


def own_staff(user) -> Staff | None:
    """The staff record linked to the user (None for users who are not staff, e.g. controlling)."""
    return Staff.objects.filter(user=user).first() if user.is_authenticated else None


def team_ids_led_by(user) -> list[int]:
    """The teams a team lead leads: the team of their own staff record (none without one)."""
    return list(
        Staff.objects.filter(user=user, role="team_lead", team__isnull=False).values_list(
            "team_id", flat=True
        )
    )


def district_figures_on(as_of: date) -> dict[int, DistrictFigures]:
    """The latest yearly figures of each district up to the reference year."""
    result: dict[int, DistrictFigures] = {}
    for fig in DistrictFigures.objects.filter(year__lte=as_of.year).order_by("year"):
        result[fig.district_id] = fig
    return result
