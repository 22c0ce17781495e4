"""lotse contacts due --as-of D [--staff ID] --format json|text — next due contact per client."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from lotse.clients.models import Person
from lotse.contacts.selectors import contact_status
from lotse.core.audit import record
from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.models import AuditAction, AuditChannel


class Command(LotseCommand):
    help = "Contact due dates: 'due' lists every active client (or one caseworker's) by next due contact."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due")
        due.add_argument("--as-of", dest="as_of", default=None)
        due.add_argument("--staff", default=None, help="exchange-format staff_id of a caseworker")
        due.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, action, as_of, staff, format, **options):
        try:
            day = parse_as_of(as_of)
        except ValueError:
            raise CommandError(f"--as-of '{as_of}' is not a date of the form YYYY-MM-DD") from None
        persons = Person.objects.all()
        if staff:
            persons = persons.filter(responsibility__staff__external_id=staff)
        items = contact_status(persons, day)
        if format == "text":
            overdue = sum(1 for i in items if i.status.overdue)
            self.stdout.write(
                f"{day}: {len(items):,} active clients, {overdue:,} overdue, "
                f"{sum(1 for i in items if i.status.never_contacted):,} never contacted."
            )
            return
        record(
            action=AuditAction.EXPORT,
            what="contacts_due",
            persons=[(i.person.pk, i.person.external_id) for i in items],
            channel=AuditChannel.CLI,
        )
        self.stdout.write(
            json.dumps(
                [
                    {
                        "person_id": i.person.external_id,
                        "due": i.status.due.isoformat() if i.status.due else None,
                        "overdue": i.status.overdue,
                        "last_counting_contact": (
                            i.status.last_counting_contact.isoformat()
                            if i.status.last_counting_contact
                            else None
                        ),
                        "next_appointment": i.next_appointment.isoformat() if i.next_appointment else None,
                        "rules": [
                            {
                                "rule": r.rule.code,
                                "due": r.due.isoformat() if r.due else None,
                                "compliant": r.compliant,
                            }
                            for r in i.status.rules
                        ],
                        "deviation": i.status.deviation is not None,
                    }
                    for i in items
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
