"""Evaluations and reports as JSON: the same figures as the pages and the commands."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router

from lotse.api.auth import require
from lotse.api.models import TokenScope
from lotse.api.problems import Problem
from lotse.api.schemas import Day
from lotse.core.clock import today
from lotse.core.roles import Role, has_role
from lotse.evaluation.contact_density import DIMENSIONS, evaluate_contact_density
from lotse.evaluation.views import READERS

router = Router(tags=["reports"])
Dimension = Literal[DIMENSIONS]  # type: ignore[valid-type]


@router.get(
    "/evaluations/contact-density",
    response={200: dict[str, Any], 404: Problem},
    summary="Monthly contact-density evaluation (1/3/6 months against 45/80/95 %)",
)
def contact_density(
    request: HttpRequest,
    as_of: Day | None = Query(None, description="Reference date (default: today)"),
    by: list[Dimension] | None = Query(None, description="Breakdowns (default: all)"),
):
    """Aggregates only: counts and shares per group, never a client."""
    require(request, TokenScope.REPORTS_READ)
    if not has_role(request.user, *READERS, Role.INTEGRATION):
        raise Http404
    return evaluate_contact_density(as_of or today(), by=tuple(by) if by else DIMENSIONS).as_json()
