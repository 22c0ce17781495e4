"""What every report definition shares: the parameters a report takes and the title block."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from lotse.domain.dates import is_month_end
from lotse.organisation.models import Jobcenter
from lotse.reports.model import Report


@dataclass(frozen=True)
class Params:
    """A report's parameters, from a page's query or the command line."""

    as_of: date
    first: date | None = None  # start of a period (effectiveness, outreach)
    year: int | None = None  # budget year (municipal services)
    month: date | None = None  # report month (MBZ), first day
    by: str = "team"  # breakdown (contact density)
    team: str | None = None  # MBZ for one team (team id)
    extra: dict = field(default_factory=dict)  # a page's own filters (district thresholds)
    user: object | None = None  # who asks: reports that name clients apply need-to-know
    person: str | None = None  # client number (the Art. 15 report)


FILE_STEMS = {
    "handovers": "uebergaben",
    "access-report": "auskunft",
    "contact-density": "kontaktdichte",
    "agreement-quota": "kooperationsplaene",
    "measure-effectiveness": "wirksamkeit-massnahmen",
    "municipal-services": "kommunale-leistungen",
    "outreach": "aufsuchende-beratung",
    "staffing": "personalsteuerung",
    "districts": "stadtteile",
}


def report(name: str, title: str, as_of: date, meta: list[tuple[str, str]], **kwargs) -> Report:
    """A report with the Jobcenter's name and the time of creation in its title block, and
    a German file name with the reference date (``kontaktdichte-2026-11-21.pdf``)."""
    kwargs.setdefault("file_stem", f"{FILE_STEMS.get(name, name)}-{as_of.isoformat()}")
    return Report(
        name=name,
        title=title,
        as_of=as_of,
        meta=meta,
        jobcenter=Jobcenter.current().name,
        created_at=timezone.localtime(),
        **kwargs,
    )


def incomplete_month_dropped(labels: list[str], as_of: date) -> int:
    """How many points a monthly chart shows: the month of the reference date is left out
    unless the reference date is its last day (a running month would show as a drop)."""
    return len(labels) if is_month_end(as_of) else max(len(labels) - 1, 0)
