"""Integration agreements and the agreement quota (SPEC S6, seed 004), with pinned dates.

Small data set on 21.11.2026: P1, P3 and P4 receive benefits. P3 (since 01.04.2026, first
contact 01.10.) concludes a cooperation plan on 01.10. — at the first contact, valid until
01.04.2027. P1 concluded one on 10.03.2026, after a contact on 10.02. — not at the first
contact, and its review was due on 10.09.2026: overdue. P4 has none. Quota: 1 of 3.
"""

from __future__ import annotations

from datetime import date

import pytest

from lotse.agreements.models import Agreement
from lotse.agreements.report import agreement_quota
from lotse.agreements.services import agreement_conclude
from lotse.clients.models import Person
from lotse.core.errors import Refused
from lotse.core.models import AuditEvent
from lotse.targets.mbz import mbz_report
from lotse.targets.models import Target, TargetAgreement

DAY = date(2026, 11, 21)


def person(ref: str) -> Person:
    return Person.objects.get(external_id=ref)


@pytest.fixture
def agreements(caseworker_client):
    response = caseworker_client.post(
        "/clients/P3/record/agreement/",
        {"agreement-kind": "cooperation_plan", "agreement-concluded_on": "2026-10-01"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    agreement_conclude(person=person("P1"), kind="egv", concluded_on=date(2026, 3, 10), today=DAY)
    return caseworker_client


@pytest.mark.django_db
def test_review_date_and_first_contact(agreements):
    p3 = Agreement.objects.get(person__external_id="P3")
    assert (p3.review_due, p3.at_first_contact) == (date(2027, 4, 1), True)
    p1 = Agreement.objects.get(person__external_id="P1")
    assert (p1.review_due, p1.at_first_contact) == (date(2026, 9, 10), False)  # 10.02. came first
    assert AuditEvent.objects.filter(what="agreement", person_ref="P3").count() == 1
    page = agreements.get("/clients/P3/")
    assert "01.04.2027" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ref", "kwargs"),
    [
        ("P3", {"concluded_on": date(2026, 10, 2), "review_due": date(2027, 4, 3)}),  # later than 6 months
        ("P3", {"concluded_on": date(2026, 10, 2), "review_due": date(2026, 10, 1)}),  # before conclusion
        ("P3", {"concluded_on": date(2026, 11, 22)}),  # in the future
        ("P3", {"concluded_on": date(2026, 10, 2), "potential_analysis_on": date(2026, 10, 3)}),
        ("P5", {"concluded_on": date(2026, 6, 1)}),  # no benefits on that day
    ],
)
def test_bad_agreements_are_refused(caseworker_client, ref, kwargs):
    with pytest.raises(Refused):
        agreement_conclude(person=person(ref), kind="egv", today=DAY, **kwargs)
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_quota_per_team_and_in_the_mbz(agreements, make_user):
    quota = agreement_quota(DAY)
    total = quota.total
    assert (total.clients, total.valid, total.at_first_contact, total.review_overdue) == (3, 1, 1, 1)
    assert (total.share_valid, total.share_first_contact, total.without) == (33.3, 33.3, 2)
    assert sum(t.clients for t in quota.teams) == 3 and sum(t.valid for t in quota.teams) == 1
    assert agreement_quota(date(2026, 9, 30)).total.valid == 0  # P3's not yet, P1's review overdue
    assert agreement_quota(date(2026, 9, 10)).total.valid == 1  # P1's on its last valid day

    year = TargetAgreement.objects.create(year=2026, name="Zielvereinbarung 2026")
    Target.objects.create(
        agreement=year,
        label="Eingliederungsvereinbarungen",
        figure="agreement_quota",
        plan=80,
        direction="at_least",
        owner="both",
    )
    row = mbz_report(date(2026, 11, 1)).rows[0]
    assert (row.actual, row.plan_to_date, row.achieved) == (33.3, 80.0, False)
    assert row.trend[-1][1] == 33.3 and row.trend[-3][1] == 0  # 09/2026: none valid

    from lotse.core.roles import Role

    client = agreements
    client.force_login(make_user(Role.CONTROLLING))
    data = client.get("/steering/agreements/?as_of=2026-11-21&format=json").json()
    assert data["jobcenter"]["share_valid"] == 33.3 and data["target"] == 80.0
    assert client.get("/steering/agreements/?as_of=2026-11-21").status_code == 200


def test_the_review_period_is_data_with_validity_dates(routed):
    """§ 15 SGB II's six months ship as agreement rules; a Jobcenter's rules from 2027 with
    four months apply to agreements concluded from then, and 'lotse rules' exports them."""
    import io
    from datetime import date

    import yaml
    from django.core.management import call_command

    from lotse.agreements.models import AgreementRules
    from lotse.agreements.rules import review_months_on

    assert review_months_on(date(2026, 11, 21)) == 6
    AgreementRules.objects.filter(name="§ 15 SGB II").update(valid_to=date(2026, 12, 31))
    AgreementRules.objects.create(
        name="Eigene Regel 2027", review_months=4, valid_from=date(2027, 1, 1), source="Beschluss"
    )
    assert (review_months_on(date(2026, 12, 31)), review_months_on(date(2027, 1, 1))) == (6, 4)
    out = io.StringIO()
    call_command("rules", "export", "--kind", "agreement_rules", "--as-of", "2027-02-01", stdout=out)
    assert yaml.safe_load(out.getvalue())["review_months"] == 4
