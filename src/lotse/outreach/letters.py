"""Announcement letters for a visit round (PDF): plain, friendly German (the Kassel outreach
project), laid out for a window envelope (DIN 5008, form B): the return line and the address
block in the window, the information block with the client number, the outreach worker's
name, phone and e-mail, and the date on the right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lotse.clients.models import Address, Person
from lotse.clients.selectors import addresses_on
from lotse.core.pdf import render_pdf
from lotse.organisation.models import Jobcenter, Staff
from lotse.outreach.models import OutreachCase


@dataclass
class Letter:
    person: Person
    address: Address | None
    date: date
    first_day: date
    last_day: date
    worker: Staff | None

    @property
    def worker_name(self) -> str:
        w = self.worker
        return f"{w.given_name} {w.family_name}" if w else "eine Kollegin oder ein Kollege"

    @property
    def address_lines(self) -> list[str]:
        return self.address.lines(self.person) if self.address else []

    @property
    def salutation(self) -> str:
        p = self.person
        if p.sex == "f":
            return f"Sehr geehrte Frau {p.family_name}"
        if p.sex == "m":
            return f"Sehr geehrter Herr {p.family_name}"
        return f"Guten Tag {p.given_name} {p.family_name}"


def letter_of(case: OutreachCase, day: date, address: Address | None) -> Letter:
    visit_round = case.visit_round
    return Letter(
        person=case.person,
        address=address,
        date=day,
        first_day=visit_round.first_day if visit_round else day,
        last_day=visit_round.last_day if visit_round else day,
        worker=case.staff or (visit_round.staff if visit_round else None),
    )


def with_address(cases: list[OutreachCase], day: date) -> tuple[list[Letter], list[OutreachCase]]:
    """The letters that can be posted (an address valid on ``day``) and the cases without one."""
    found = addresses_on([c.person_id for c in cases], day)
    letters = [letter_of(c, day, found[c.person_id]) for c in cases if c.person_id in found]
    return letters, [c for c in cases if c.person_id not in found]


def letters_pdf(letters: list[Letter]) -> bytes:
    return render_pdf("outreach/letters_pdf.html", {"letters": letters, "jobcenter": Jobcenter.current()})
