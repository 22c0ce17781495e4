"""Every role's start page and the client record at 1366×768 and at 320×640 (issue 20):
no sideways scrolling at either size, axe-clean, photographed into
``test-artifacts/screenshots/`` as ``start-<role>-<width>.png`` and ``record-<width>.png``.
``scripts/screenshots.sh`` copies them into ``docs/screenshots/`` for the README."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.core.roles import Role
from lotse.exchange.services import exchange_import
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.browser.conftest import SHOTS
from tests.conftest import SMALL

pytestmark = pytest.mark.browser

ROLES = (
    (Role.CASEWORKER, "S1"),
    (Role.TEAM_LEAD, "S4"),
    (Role.CONTROLLING, None),
    (Role.MANAGEMENT, None),
    (Role.OUTREACH, None),
    (Role.ADMINISTRATOR, None),
    (Role.DATA_PROTECTION, None),
)
SIZES = ((1366, 768), (320, 640))


@pytest.fixture
def data(transactional_db):
    assert exchange_import(folder=SMALL).ok
    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))


def photograph(j, name: str) -> None:
    """Both sizes: no sideways scrolling, axe-clean (at 1366 through the journey's check)."""
    for width, height in SIZES:
        j.page.set_viewport_size({"width": width, "height": height})
        j.page.wait_for_timeout(50)  # let the layout settle after the resize
        overflow = j.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow} px wider than {width} px"
        j.page.screenshot(path=str(SHOTS / f"{name}-{width}.png"))
    j.page.set_viewport_size({"width": 1366, "height": 768})


@pytest.mark.parametrize(("role", "staff"), ROLES, ids=[r.value for r, _s in ROLES])
def test_start_page_of_every_role_at_both_sizes(journey, data, role, staff):
    j = journey(role, f"start-{role.value}", staff=staff)  # the log-in lands on the start page
    j.goto("/?as_of=2026-11-21")
    photograph(j, f"start-{role.value}")


def test_client_record_at_both_sizes(journey, data):
    j = journey(Role.CASEWORKER, "record", staff="S1")
    j.goto("/clients/P1/?as_of=2026-11-21")
    assert j.page.get_by_role("link", name="Kontakt erfassen").first.is_visible()
    photograph(j, "record")
