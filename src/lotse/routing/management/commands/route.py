"""lotse route — decide who is responsible for every active client on a date.

Run daily: it picks up date-driven events (25th birthdays, children turning 18) and
every change of household or attributes since the last run. Idempotent and resumable.
"""

from __future__ import annotations

import json
import time

from django.core.management.base import CommandError

from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.jobs import job_run
from lotse.core.progress import Progress
from lotse.organisation.models import Staff, Team
from lotse.routing.engine import route_clients
from lotse.routing.models import RuleSet
from lotse.routing.rulesets import NoRuleSet, rule_set_on, rules_of


class Command(LotseCommand):
    help = "Route every active client on a reference date (rule hierarchy, caseworker choice)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="decide, but write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--rule-set",
            dest="rule_set",
            default=None,
            help="name of a rule set (default: the one valid on the date)",
        )

    def handle(self, *args, as_of, dry_run, format, rule_set, **options):
        try:
            day = parse_as_of(as_of)
        except ValueError:
            raise CommandError(f"--as-of '{as_of}' is not a date of the form YYYY-MM-DD") from None
        try:
            chosen = RuleSet.objects.get(name=rule_set) if rule_set else rule_set_on(day)
        except (NoRuleSet, RuleSet.DoesNotExist) as exc:
            raise CommandError(str(exc) or f"no rule set named '{rule_set}'") from None
        started = time.perf_counter()
        # one line per phase (a bar while writing on a terminal); with --format json on
        # standard error, so the JSON on standard output stays clean
        progress = Progress(self.stderr if format == "json" else self.stdout)
        if dry_run:
            run = route_clients(as_of=day, rules=rules_of(chosen), dry_run=True, progress=progress)
        else:  # a real run is recorded: the health check and the banner ask for last night's
            with job_run("route") as record:
                run = route_clients(as_of=day, rules=rules_of(chosen), progress=progress)
                record.counts = {
                    "as_of": day.isoformat(),
                    "clients": run.routed,
                    "changed": len(run.changed),
                    "handovers": run.handovers,
                    "ended": len(run.ended),
                    "queued": run.queued,
                }
        seconds = time.perf_counter() - started
        if format == "json":
            staff = dict(Staff.objects.values_list("pk", "external_id"))
            teams = dict(Team.objects.values_list("pk", "external_id"))
            self.stdout.write("[")
            last = len(run.assignments) - 1
            for i, a in enumerate(sorted(run.assignments, key=lambda a: a.person_id)):
                line = json.dumps(
                    {
                        "person_id": a.person_id,
                        "team_id": teams.get(a.team_pk),
                        "staff_id": staff.get(a.staff_pk),
                        "rule": a.rule_code,
                        "queued": a.staff_pk is None,
                        "changed": a.changed,
                    },
                    ensure_ascii=False,
                )
                self.stdout.write(line + ("," if i < last else ""))
            self.stdout.write("]")
            return
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"{day}: {run.routed:,} active clients routed with '{chosen.name}' in "
            f"{seconds:.1f} s; {len(run.changed):,} {verb}, {run.handovers:,} handovers written, "
            f"{len(run.ended):,} ended, {run.queued:,} in a team lead's queue."
        )
