"""Collegial case consultations (SPEC S10): scheduled, never documented.

The request body takes the title, the date, the time, the room and the participants — any
other field (a content, a client) answers 422, so no integration can store what the Hagen
concept (§ 6) says is not written down."""

from __future__ import annotations

from datetime import date, time

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from lotse.api.auth import require
from lotse.api.models import TokenScope
from lotse.api.problems import Problem, invalid
from lotse.api.schemas import Day
from lotse.core.clock import today
from lotse.network.models import CaseConsultation
from lotse.network.services import consultation_schedule
from lotse.organisation.models import Staff

router = Router(tags=["network"])


class ConsultationIn(Schema):
    """When, where and who. There is deliberately no field for content or for a client."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(..., min_length=1, max_length=80, description="Never a client's name or number.")
    day: Day
    starts: time | None = None
    room: str = Field("", max_length=80)
    participants: list[str] = Field(..., min_length=1, max_length=50, description="Staff ids")


class ConsultationOut(Schema):
    id: int
    title: str
    day: date
    starts: time | None
    room: str
    participants: list[str]


class ConsultationList(Schema):
    items: list[ConsultationOut]


def _out(c: CaseConsultation) -> ConsultationOut:
    return ConsultationOut(
        id=c.pk,
        title=c.title,
        day=c.day,
        starts=c.starts,
        room=c.room,
        participants=sorted(s.external_id for s in c.participants.all()),
    )


@router.get(
    "/case-consultations",
    response={200: ConsultationList, 403: Problem},
    summary="The collegial case consultations from today on",
)
def list_consultations(request: HttpRequest):
    require(request, TokenScope.NETWORK)
    rows = CaseConsultation.objects.filter(day__gte=today()).prefetch_related("participants")[:500]
    return ConsultationList(items=[_out(c) for c in rows])


@router.post(
    "/case-consultations",
    response={201: ConsultationOut, 403: Problem, 422: Problem},
    summary="Schedule a collegial case consultation (no content, no client)",
)
def schedule_consultation(request: HttpRequest, payload: ConsultationIn):
    require(request, TokenScope.NETWORK)
    staff = list(Staff.objects.filter(external_id__in=payload.participants))
    if len(staff) != len(set(payload.participants)):
        raise invalid("/participants", "every participant must be a staff id")
    consultation = consultation_schedule(
        title=payload.title, day=payload.day, starts=payload.starts, room=payload.room, participants=staff
    )
    return Status(201, _out(consultation))
