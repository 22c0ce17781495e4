"""Start pages by role (issue 20): every figure equals the one on the page it links to."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.core.roles import Role
from tests.conftest import link_staff

DAY = date(2026, 11, 21)


@pytest.mark.django_db
def test_the_caseworkers_counts_equal_the_worklist_sections(caseworker_client):
    home = caseworker_client.get(f"/?as_of={DAY}")
    counts = home.context["mine"]["counts"]
    assert counts["all"] > 0
    for section, n in counts.items():
        page = caseworker_client.get(f"/contacts/worklist/?as_of={DAY}&section={section}")
        assert page.context["page"].paginator.count == n, section
    html = home.content.decode()
    assert "Willkommen, Jürgen Groß." in html and "Willkommen, user-caseworker" not in html


@pytest.mark.django_db
def test_the_team_leads_figures_equal_each_caseworkers_worklist(caseworker_client, make_user, client):
    lead = make_user(Role.TEAM_LEAD, "lead-start")
    link_staff(lead, "S4")  # leads T1
    client.force_login(lead)
    home = client.get(f"/?as_of={DAY}")
    team = home.context["team"]
    assert team["members"], "the team has caseworkers"
    for member in team["members"]:
        for section, n in (("overdue", member.overdue), ("never", member.never), ("all", member.caseload)):
            page = client.get(
                f"/contacts/worklist/?as_of={DAY}&staff={member.staff.external_id}&section={section}"
            )
            assert page.context["page"].paginator.count == n, (member.staff, section)


@pytest.mark.django_db
def test_controlling_sees_the_contact_density_of_the_evaluation_page(small_data, make_user, client):
    user = make_user(Role.CONTROLLING, "controlling-start")
    client.force_login(user)
    home = client.get(f"/?as_of={DAY}")
    density = {n: share for n, share, _guide in home.context["steering"]["density"]}
    page = client.get(f"/evaluation/contact-density/?as_of={DAY}")
    assert density == {n: share for n, _count, share, _guide in page.context["headline"]}
    assert "Steuerung auf einen Blick" in home.content.decode()
