"""The demo Jobcenter is plausible, reproducible and valid exchange data."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from lotse.agreements.report import agreement_quota
from lotse.clients.models import Person
from lotse.clients.summary import caseload_summary
from lotse.demo.build import DEMO_PASSWORD, generate
from lotse.demo.organisation import deal_districts, letter_ranges, plan_districts
from lotse.exchange.exporter import export
from lotse.exchange.services import exchange_import
from lotse.organisation.models import Staff, TeamKind
from tests.conftest import empty_domain_tables
from tests.demo.conftest import AS_OF


def test_demo_is_plausible(demo):
    summary = caseload_summary(AS_OF)
    assert summary.clients == 1500
    households = summary.households_by_type
    total = sum(households.values())
    assert 0.42 <= households["single"] / total <= 0.58
    assert 0.10 <= households["single_parent"] / total <= 0.20
    segments = summary.segments
    assert 0.06 <= segments["U25"] / summary.clients <= 0.14
    assert 0.50 <= segments["long-term (LZB)"] / summary.clients <= 0.75
    assert segments["self-employed"] > 0 and segments["Reha/SB"] > 0
    assert len(summary.clients_per_district) == 40
    assert max(summary.clients_per_district.values()) > 3 * min(summary.clients_per_district.values())
    kinds = set(Staff.objects.values_list("team__kind", flat=True))
    assert set(TeamKind.values) <= kinds
    assert "demo.caseworker" in demo and DEMO_PASSWORD in demo
    quota = agreement_quota(AS_OF, by_team=False).total
    assert 70 <= quota.share_valid <= 95 and quota.review_overdue > 0
    assert 40 <= quota.share_first_contact <= 90


def test_demo_users_log_in(demo):
    request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
    user = authenticate(request, username="demo.caseworker", password=DEMO_PASSWORD)
    assert user is not None and user.staff.specialisations.filter(code="single_parents").exists()


def test_demo_export_reimports_into_an_empty_database(demo, tmp_path):
    export(tmp_path / "a")
    count = Person.objects.count()
    empty_domain_tables()  # also removes the specialisation codes: the import restores them
    result = exchange_import(folder=tmp_path / "a")
    assert result.ok, result.errors[:5]
    assert Person.objects.count() == count
    export(tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_text() == (tmp_path / "b" / path.name).read_text(), path.name


def test_demo_round_trip_through_a_workbook_equals_the_csv_import(demo, tmp_path):
    """Issue 21: the demo exported, turned into one workbook (a sheet per file, dates as dates,
    numbers as numbers), imported into an empty database and exported again gives the same
    files as the CSV export — the XLSX import equals the CSV import."""
    from lotse.exchange.exporter import workbook_of_folder

    export(tmp_path / "a")
    workbook_of_folder(tmp_path / "a", tmp_path / "demo.xlsx")
    count = Person.objects.count()
    empty_domain_tables()
    result = exchange_import(folder=tmp_path / "demo.xlsx")
    assert result.ok, [str(e) for e in result.errors[:5]]
    assert Person.objects.count() == count
    export(tmp_path / "b")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_text() == (tmp_path / "b" / path.name).read_text(), path.name


def test_a_build_in_a_log_prints_one_line_per_phase(demo):
    """Not on a terminal (a log, CI), the demo prints each phase once with its count and time
    instead of a progress bar."""
    import re

    assert re.search(r"^Generating clients: 1,500 clients in \d+\.\d s$", demo, re.M), demo[:400]
    assert re.search(r"^Checking and writing: [\d,]+ rows in \d+\.\d s$", demo, re.M)
    assert "\r" not in demo  # no bar redrawn in the log


def test_same_seed_same_data():
    first = generate(clients=300, seed=3, as_of=AS_OF)
    second = generate(clients=300, seed=3, as_of=AS_OF)
    assert [r.values for r in first.of("persons.csv")] == [r.values for r in second.of("persons.csv")]
    other = generate(clients=300, seed=4, as_of=AS_OF)
    assert [r.values for r in first.of("persons.csv")] != [r.values for r in other.of("persons.csv")]


def test_letter_ranges_cover_the_alphabet():
    assert letter_ranges(1) == ["A-Z"]
    assert letter_ranges(2) == ["A-M", "N-Z"]
    assert len(letter_ranges(30)) == 30


def test_every_district_is_served_and_load_is_even():
    import random

    districts = plan_districts(random.Random(1), 25_000)
    served = deal_districts(districts, 14)
    assert {d.district_id for d in districts} == {d for s in served for d in s}
    weight = {d.district_id: d.weight for d in districts}
    loads = [sum(weight[d] for d in s) for s in served]
    assert max(loads) < 2.5 * min(loads)


def test_second_run_reuses_the_data_and_keeps_the_log_ins(demo):
    out = StringIO()
    call_command("demo", "--no-serve", "--as-of", AS_OF.isoformat(), stdout=out)
    assert "Using the data already in the database" in out.getvalue()
    assert Person.objects.filter(benefit_periods__isnull=False).distinct().count() >= 1500
    assert (
        authenticate(
            RequestFactory().post("/accounts/login/"), username="demo.team_lead", password=DEMO_PASSWORD
        ).staff
        is not None
    )


def test_demo_is_routed_every_client_has_a_caseworker_or_a_named_queue(demo):
    from lotse.clients.models import Responsibility
    from lotse.clients.selectors import active_person_ids
    from lotse.routing.engine import route_clients
    from lotse.routing.rulesets import rule_set_on, rules_of

    active = set(Person.objects.filter(pk__in=active_person_ids(AS_OF)).values_list("pk", flat=True))
    rows = list(Responsibility.objects.values_list("person_id", "staff_id", "team_id"))
    assert {p for p, _s, _t in rows} == active  # exactly one each (one-to-one), nobody dropped
    assert all(staff or team for _p, staff, team in rows)
    again = route_clients(as_of=AS_OF, rules=rules_of(rule_set_on(AS_OF)))
    assert again.handovers == 0 and again.changed == []


def test_demo_clients_live_at_addresses_and_caseworkers_recorded_fact_changes(demo):
    from lotse.clients.models import Address
    from lotse.clients.selectors import addresses_on
    from lotse.routing.models import Handover, HandoverKind

    people = list(Person.objects.filter(benefit_periods__valid_to__isnull=True).values_list("pk", flat=True))
    current = addresses_on(people, AS_OF)
    assert 0.95 <= len(current) / len(people) < 1  # a few have no fixed abode: the round flags them
    codes = {a.postal_code for a in current.values()}
    assert all(len(c) == 5 and c.isdigit() for c in codes) and len(codes) >= 30  # one per district
    assert Address.objects.filter(valid_to__isnull=False).exists()  # moves are kept as history
    changes = Handover.objects.filter(kind=HandoverKind.FACT_CHANGE)
    assert changes.exists() and all(":" in h.reason and " ab " in h.reason for h in changes)


def test_demo_has_a_network_and_the_qualification_coverage_shows_gaps(demo):
    from lotse.network.models import (
        Cooperation,
        Meeting,
        Partner,
        PartnerReferral,
        PlacementProposal,
        WorkingGroup,
    )
    from lotse.network.report import partner_report, proposal_figures
    from lotse.organisation.qualifications import coverage

    kinds = set(Partner.objects.values_list("kind", flat=True))
    assert {"childcare", "employer", "counselling", "municipality", "equal_opportunity"} <= kinds
    assert Cooperation.objects.filter(status="in_force").exists()
    assert set(WorkingGroup.objects.values_list("cadence", flat=True)) == {"biweekly", "monthly"}
    assert Meeting.objects.exclude(minutes="").count() >= 6  # a quarter of minutes
    assert PartnerReferral.objects.filter(single_parent=True).exists()
    assert partner_report(AS_OF.replace(month=1, day=1), AS_OF)
    groups, _teams = proposal_figures(AS_OF.replace(month=1, day=1), AS_OF)
    assert groups[0].proposals == PlacementProposal.objects.filter(proposed_on__year=AS_OF.year).count() > 0
    teams = coverage(AS_OF)
    lacking = [(t.team.name, kind.code, n) for t in teams for kind, n in t.lacking]
    assert any(code == "counselling_concept" for _team, code, _n in lacking)  # the view has something to show


def test_family_names_are_written_in_their_natural_order():
    """Faker lists some Dutch names inverted for sorting ("Dussen van"); the demo writes them
    as a person does ("van Dussen")."""
    from lotse.demo.names import natural_order, pools

    assert natural_order("Dussen van") == "van Dussen"
    assert natural_order("Müller") == "Müller"
    family = {name for pool in pools() for name in pool.family}
    assert "van Dussen" in family
    assert not [n for n in family if n.split()[-1].lower() in {"van", "von", "de", "der"} and " " in n]
