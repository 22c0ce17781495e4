"""Announcement letters for a visit round (PDF): plain, friendly German (the Kassel outreach project)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lotse.clients.models import Person
from lotse.core.pdf import render_pdf
from lotse.organisation.models import Jobcenter
from lotse.outreach.models import OutreachCase


@dataclass
class Letter:
    person: Person
    date: date
    first_day: date
    last_day: date
    worker: str

    @property
    def salutation(self) -> str:
        p = self.person
        if p.sex == "f":
            return f"Sehr geehrte Frau {p.family_name}"
        if p.sex == "m":
            return f"Sehr geehrter Herr {p.family_name}"
        return f"Guten Tag {p.given_name} {p.family_name}"


def letter_of(case: OutreachCase, day: date) -> Letter:
    visit_round = case.visit_round
    worker = case.staff or (visit_round.staff if visit_round else None)
    return Letter(
        person=case.person,
        date=day,
        first_day=visit_round.first_day if visit_round else day,
        last_day=visit_round.last_day if visit_round else day,
        worker=f"{worker.given_name} {worker.family_name}" if worker else "eine Kollegin oder ein Kollege",
    )


def letters_pdf(cases: list[OutreachCase], day: date) -> bytes:
    return render_pdf(
        "outreach/letters_pdf.html",
        {"letters": [letter_of(c, day) for c in cases], "jobcenter": Jobcenter.current()},
    )
