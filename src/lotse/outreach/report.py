"""The outreach figures of a period (SPEC S5): per month and per district, set-based.

Each figure is one grouped SQL count (by month of the event and the client's district);
Python only adds the grouped rows up. Definitions:

* **candidates** — clients who are candidates on the last day of the month (period);
* **cases opened** — candidates taken into a visit round;
* **visited** — cases with at least one home visit; **met** — with a visit that met the
  client; **reachability** = met / visited;
* **reconnected** — cases whose first counting contact after the case was opened falls
  in the month (the contact log decides, not a tick box);
* **handed back**, **moved away** — by the date recorded; **offers made / accepted**;
* **job starts** — cases whose client's status became "employed" after the case opened.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from lotse.clients.models import PersonAttribute
from lotse.contacts.models import Contact
from lotse.core.kept import kept_per_data_version
from lotse.domain.outreach import OutreachRule as Rule
from lotse.domain.percent import share_percent
from lotse.evaluation.contact_density import month_end
from lotse.outreach.models import CloseReason, Offer, OutreachCase, Visit, VisitResult
from lotse.outreach.selectors import counting_channels, rule_json, rule_on
from lotse.outreach.stock import CandidateStock

FIGURES = (
    "candidates",
    "cases_opened",
    "visited",
    "met",
    "reconnected",
    "handed_back",
    "moved_away",
    "offers_made",
    "offers_accepted",
    "job_starts",
)


@dataclass
class Figures:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIGURES, 0))

    def as_json(self) -> dict:
        return {**self.counts, "reachability_rate": share_percent(self.counts["met"], self.counts["visited"])}


@dataclass
class OutreachReport:
    first: date
    last: date
    rule: Rule
    total: Figures
    months: list[tuple[date, Figures]]
    districts: list[tuple[str, str, Figures]]

    def as_json(self) -> dict:
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "rule": rule_json(self.rule),
            "total": self.total.as_json(),
            "months": [{"month": m.strftime("%Y-%m"), **f.as_json()} for m, f in self.months],
            "districts": [{"district_id": k, "name": n, **f.as_json()} for k, n, f in self.districts],
        }


def month_starts(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _grouped(qs: QuerySet, day_field: str, district_field: str, distinct: str = "pk") -> list[tuple]:
    """(month, district id, district name, count) rows, and (None, district id, name, count)
    rows over the whole period: a case visited in two months is one case visited."""
    district = (f"{district_field}__external_id", f"{district_field}__name")
    monthly = (
        qs.annotate(month=TruncMonth(day_field))
        .values_list("month", *district)
        .annotate(n=Count(distinct, distinct=True))
        .order_by()
    )
    whole = qs.values_list(*district).annotate(n=Count(distinct, distinct=True)).order_by()
    return list(monthly) + [(None, *row) for row in whole]


@kept_per_data_version(size=32)
def outreach_report(first: date, last: date) -> OutreachReport:
    rule = rule_on(last)
    channels = counting_channels(last)
    cases = OutreachCase.objects.all()
    first_contact = Subquery(
        Contact.objects.filter(
            person=OuterRef("person"), held=True, channel__in=channels, date__gte=OuterRef("opened_on")
        )
        .values("person")
        .annotate(m=Min("date"))
        .values("m")[:1]
    )
    job_start = Subquery(
        PersonAttribute.objects.filter(
            person=OuterRef("person"),
            attribute="status",
            value="employed",
            valid_from__gte=OuterRef("opened_on"),
        )
        .values("person")
        .annotate(m=Min("valid_from"))
        .values("m")[:1]
    )
    visits = Visit.objects.filter(date__range=(first, last))
    offers = Offer.objects.filter(made_on__range=(first, last))
    sources = {
        "cases_opened": _grouped(
            cases.filter(opened_on__range=(first, last)), "opened_on", "person__district"
        ),
        "visited": _grouped(visits, "date", "case__person__district", "case"),
        "met": _grouped(visits.filter(result=VisitResult.MET), "date", "case__person__district", "case"),
        "reconnected": _grouped(
            cases.annotate(back=first_contact).filter(back__range=(first, last)), "back", "person__district"
        ),
        "handed_back": _grouped(
            cases.filter(handed_back_on__range=(first, last)), "handed_back_on", "person__district"
        ),
        "moved_away": _grouped(
            cases.filter(closed_on__range=(first, last), close_reason=CloseReason.MOVED_AWAY),
            "closed_on",
            "person__district",
        ),
        "offers_made": _grouped(offers, "made_on", "case__person__district"),
        "offers_accepted": _grouped(offers.filter(accepted=True), "made_on", "case__person__district"),
        "job_starts": _grouped(
            cases.annotate(job=job_start).filter(job__range=(first, last)), "job", "person__district"
        ),
    }
    months = month_starts(first, last)
    by_month: dict[date, Figures] = {m: Figures() for m in months}
    by_district: dict[str, Figures] = defaultdict(Figures)
    names: dict[str, str] = {}
    total = Figures()
    for name, rows in sources.items():
        for month, district, district_name, n in rows:
            if month is not None:
                by_month[_month_key(month)].counts[name] += n
                continue
            district = district or "-"
            names[district] = district_name or "–"
            by_district[district].counts[name] += n  # a case lies in one district: the
            total.counts[name] += n  # districts add up to the period's distinct total
    # Candidates are a stock: counted on each month's last day (the period's last day at most),
    # from the column snapshot (lotse.outreach.stock; the list itself is the SQL query).
    stock = CandidateStock()
    for m, n in zip(months, stock.counts([min(month_end(m), last) for m in months]), strict=True):
        by_month[m].counts["candidates"] = n
    total.counts["candidates"] = by_month[months[-1]].counts["candidates"] if months else 0
    for district, district_name, n in stock.by_district(last):
        district = district or "-"
        names[district] = district_name or "–"
        by_district[district].counts["candidates"] = n
    return OutreachReport(
        first,
        last,
        rule,
        total,
        [(m, by_month[m]) for m in months],
        sorted(((k, names[k], f) for k, f in by_district.items()), key=lambda t: t[1]),
    )


def _month_key(value) -> date:
    return date(value.year, value.month, 1)
