"""Contact figures per caseworker are performance data (issue 20): a team lead sees the own
team's caseworkers with full names, controlling sees teams; which roles see individuals is a
setting. Lists sort as a person reads them."""

from __future__ import annotations

import pytest

from lotse.core.roles import Role
from lotse.evaluation.contact_density import reading_order
from lotse.organisation.models import Staff
from tests.conftest import link_staff

DAY = "2026-11-21"


@pytest.mark.django_db
def test_a_team_lead_sees_the_own_teams_caseworkers_only(routed, make_user, client):
    lead = make_user(Role.TEAM_LEAD, "lead-density")
    link_staff(lead, "S4")  # leads T1
    client.force_login(lead)
    page = client.get(f"/evaluation/contact-density/?as_of={DAY}&by=caseworker")
    groups = page.context["ev"].groups
    own = set(Staff.objects.filter(team__external_id="T1").values_list("external_id", flat=True))
    assert groups and {g.key for g in groups} <= own
    assert all(", " in g.label for g in groups)  # "Groß, Jürgen", not "Groß"


@pytest.mark.django_db
def test_controlling_sees_teams_unless_the_setting_allows_individuals(routed, make_user, client, settings):
    client.force_login(make_user(Role.CONTROLLING, "controlling-density"))
    page = client.get(f"/evaluation/contact-density/?as_of={DAY}&by=caseworker")
    assert page.context["by"] == "team" and "caseworker" not in page.context["dimensions"]
    settings.INDIVIDUAL_FIGURES_ROLES = ["team_lead", "controlling"]
    page = client.get(f"/evaluation/contact-density/?as_of={DAY}&by=caseworker")
    assert page.context["by"] == "caseworker"


def test_lists_sort_as_a_person_reads_them():
    names = ["Bewerber-Service 10", "Briemer", "Bärer", "Bewerber-Service 2", "austermühle"]
    assert sorted(names, key=reading_order) == [
        "austermühle",
        "Bärer",
        "Bewerber-Service 2",
        "Bewerber-Service 10",
        "Briemer",
    ]
