"""``lotse outreach candidates --as-of D --format json`` and ``lotse outreach report --from D1 --to D2``."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand


class Command(LotseCommand):
    help = "Outreach candidates on a date, or the outreach figures of a period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        cand = sub.add_parser("candidates", help="the candidates on a date, with their person_id")
        cand.add_argument("--as-of", dest="as_of", default=None)
        cand.add_argument("--format", choices=["json"], default="json")
        report = sub.add_parser("report", help="figures per month and district")
        report.add_argument("--from", dest="first", required=True)
        report.add_argument("--to", dest="last", required=True)
        report.add_argument("--format", choices=["json"], default="json")

    def _day(self, value: str | None, flag: str):
        try:
            return parse_as_of(value)
        except ValueError:
            raise CommandError(f"{flag} '{value}' is not a date of the form YYYY-MM-DD") from None

    def handle(self, *args, **options):
        if options["action"] == "candidates":
            self._candidates(self._day(options["as_of"], "--as-of"))
        else:
            first, last = self._day(options["first"], "--from"), self._day(options["last"], "--to")
            if first > last:
                raise CommandError("--from lies after --to")
            from lotse.outreach.report import outreach_report

            self.stdout.write(
                json.dumps(outreach_report(first, last).as_json(), ensure_ascii=False, indent=1)
            )

    def _candidates(self, as_of):
        from lotse.core.audit import record
        from lotse.core.models import AuditAction, AuditChannel
        from lotse.domain.outreach import gap_cutoff, trigger_of
        from lotse.outreach.selectors import candidates, rule_json, rule_on

        rule = rule_on(as_of)
        cutoff = gap_cutoff(as_of, rule.gap_months)
        rows = list(
            candidates(as_of)
            .order_by("external_id")
            .values_list(
                "pk", "external_id", "district__external_id", "last_contact", "entry", "missed_since"
            )
        )
        record(
            action=AuditAction.EXPORT,
            what="outreach_candidates",
            persons=[(pk, ref) for pk, ref, *_ in rows],
            channel=AuditChannel.CLI,
        )
        out = {
            "as_of": as_of.isoformat(),
            "rule": rule_json(rule),
            "count": len(rows),
            "candidates": [
                {
                    "person_id": ref,
                    "district_id": district,
                    "last_contact": last.isoformat() if last else None,
                    "trigger": trigger_of(last, entry, cutoff),
                    "missed_since": missed,
                }
                for _pk, ref, district, last, entry, missed in rows
            ],
        }
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
