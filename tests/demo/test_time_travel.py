"""A past month stays as it was: its team, caseworker and segment figures use who was
responsible on its last day (the responsibility periods), not who is responsible now."""

from __future__ import annotations

from datetime import date

from lotse.agreements.report import agreement_quota
from lotse.clients.models import ResponsibilityPeriod
from lotse.evaluation.contact_density import evaluate_contact_density
from lotse.organisation.models import Team
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_import, rule_set_on, rules_of
from lotse.targets.mbz import mbz_report
from tests.demo.conftest import AS_OF

LAST_MONTH = date(2026, 10, 31)
BY = ("team", "office", "caseworker", "segment")


def figures() -> tuple[dict, list, dict]:
    evaluation = evaluate_contact_density(LAST_MONTH, by=BY, series_months=1).as_json()
    quota = [row.as_json() for row in agreement_quota(LAST_MONTH).teams]
    team = Team.objects.get(external_id=TEAM)
    return evaluation, quota, mbz_report(date(2026, 10, 1), team).as_json()


TEAM = "T001"


def test_re_routing_today_leaves_last_month_as_it_was(demo):
    before = figures()
    today_before = evaluate_contact_density(AS_OF, by=("team",), series_months=1).as_json()["groups"]
    rule_set_import(
        document={
            "kind": "routing",
            "name": "Alle zum Bewerber-Service",
            "valid_from": AS_OF.isoformat(),
            "rules": [{"code": "everyone", "label": "Alle", "when": {}, "team_kind": "applicant_service"}],
        }
    )
    run = route_clients(as_of=AS_OF, rules=rules_of(rule_set_on(AS_OF)))
    assert run.handovers > 100  # a real re-routing: U25, Reha, FM clients all move
    assert figures() == before
    assert evaluate_contact_density(AS_OF, by=("team",), series_months=1).as_json()["groups"] != today_before
    # the history holds both: last month's period ended the day before the re-routing
    moved = run.changed[0].person_pk
    periods = list(ResponsibilityPeriod.objects.filter(person_id=moved).order_by("valid_from"))
    assert periods[-1].valid_from == AS_OF and periods[-2].valid_to == date(2026, 11, 20)
