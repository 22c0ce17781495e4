"""lotse demo — build a synthetic Jobcenter and serve it.

Default size like Jobcenter Stadt Kassel: 25,000 clients. ``--clients`` scales it,
``--seed`` makes it reproducible, ``--no-serve`` only builds.
"""

from __future__ import annotations

import time
from datetime import date

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery

from lotse.clients.models import Person, Responsibility
from lotse.clients.summary import caseload_summary
from lotse.contacts.models import Contact
from lotse.core import data_version
from lotse.core.clock import parse_as_of
from lotse.core.commands import LotseCommand
from lotse.core.progress import phase
from lotse.demo.build import DEMO_PASSWORD, create_demo_users, generate, routing_dates, write_demo
from lotse.demo.facts import record_fact_changes
from lotse.demo.network import record_network_activity
from lotse.demo.outreach import simulate_outreach
from lotse.demo.steering import record_agreements, record_needs
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of


class Command(LotseCommand):
    help = "Build the demo Jobcenter (synthetic data) and start the web server."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clients",
            type=int,
            default=25_000,
            help="active clients (eLB) on the reference date, up to 1,000,000",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2016,
            help="random seed of the synthetic data (the same seed gives the same data)",
        )
        parser.add_argument(
            "--as-of", dest="as_of", default=None, help="reference date of the demo (default: today)"
        )
        parser.add_argument("--no-serve", action="store_true", help="build only, do not serve")
        parser.add_argument(
            "--reset", action="store_true", help="delete all data first (otherwise existing data is kept)"
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="where the demo is served (default 127.0.0.1:8000)"
        )

    def handle(
        self,
        *args,
        clients: int,
        seed: int,
        as_of: str | None,
        no_serve: bool,
        reset: bool,
        addrport: str,
        **options,
    ):
        if not 1 <= clients <= 1_000_000:
            raise CommandError("--clients must be between 1 and 1,000,000")
        try:
            day = parse_as_of(as_of)
        except ValueError:
            raise CommandError(f"--as-of '{as_of}' is not a date of the form YYYY-MM-DD") from None
        call_command("migrate", verbosity=0, interactive=False)
        if reset:
            call_command("flush", verbosity=0, interactive=False)
            call_command("migrate", verbosity=0, interactive=False)
        if Person.objects.exists():
            self.stdout.write(
                f"Using the data already in the database "
                f"({Person.objects.count():,} persons); --reset rebuilds it."
            )
        else:
            self._build(clients, seed, day)
            data_version.advance()  # the bulk writes bypass the services that advance it
        self._print_summary(day)
        self._print_users(day)
        if not no_serve:
            self.stdout.write(f"Serving on http://{addrport}/ — stop with Ctrl+C.")
            call_command("runserver", addrport, use_reloader=False, skip_checks=True)

    def _build(self, clients: int, seed: int, day: date) -> None:
        started = time.perf_counter()
        with phase(self.stdout, total=clients, desc="Generating clients", unit="clients") as update:
            data = generate(clients=clients, seed=seed, as_of=day, progress=update)
        total_rows = sum(len(rows) for rows in data.rows.values())
        with (
            phase(self.stdout, total=total_rows, desc="Checking and writing", unit="rows") as update,
            transaction.atomic(),
        ):
            write_demo(data, clients=clients, as_of=day, progress=lambda name, n: update(n))
        self.stdout.write(
            f"Built in {time.perf_counter() - started:.1f} s "
            f"({total_rows:,} rows, seed {seed}, reference date {day})."
        )
        started = time.perf_counter()
        for when in routing_dates(day):
            run = route_clients(as_of=when, rules=rules_of(rule_set_on(when)))
            self.stdout.write(
                f"Routed {run.routed:,} clients on {when}: {run.handovers:,} handovers, "
                f"{run.queued:,} in a queue."
            )
        self.stdout.write(f"Routing history in {time.perf_counter() - started:.1f} s.")
        # Generated contacts get the client's current caseworker (one UPDATE, no loop).
        Contact.objects.filter(staff__isnull=True).update(
            staff=Subquery(Responsibility.objects.filter(person=OuterRef("person")).values("staff")[:1])
        )
        started = time.perf_counter()
        tally = simulate_outreach(day, clients, seed)
        self.stdout.write(
            f"Outreach year in {time.perf_counter() - started:.1f} s: {tally['cases']:,} cases, "
            f"{sum(v for k, v in tally.items() if k.startswith('visit_')):,} visits, "
            f"{tally['visit_met']:,} met, {tally['reconnected']:,} reconnected."
        )
        self.stdout.write(f"Needs recorded: {record_needs(day, seed):,}.")
        self.stdout.write(f"Agreements recorded: {record_agreements(day, seed):,}.")
        network = record_network_activity(day, seed)
        self.stdout.write(
            "Network: {meetings:,} meetings with minutes, {tasks:,} tasks, {referrals:,} referrals to "
            "childcare, {vacancies:,} vacancies, {proposals:,} placement proposals ({hired:,} hired).".format(
                **network
            )
        )
        started = time.perf_counter()
        changes = record_fact_changes(day, seed, count=max(5, clients // 1000))
        self.stdout.write(
            f"Fact changes recorded by caseworkers: {changes:,} "
            f"(each routed at once, in {time.perf_counter() - started:.1f} s)."
        )

    def _print_summary(self, day: date) -> None:
        for line in caseload_summary(day).lines():
            self.stdout.write(line)

    def _print_users(self, day: date) -> None:
        self.stdout.write(f"\nLog-ins (password for all: {DEMO_PASSWORD}):")
        for username, role, linked in create_demo_users(day):
            suffix = f" — {linked}" if linked else ""
            self.stdout.write(f"  {username:<24} {role}{suffix}")
