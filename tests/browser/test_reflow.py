"""Reflow (WCAG 1.4.10, issue 20): the daily pages at 320 CSS px need no sideways scrolling;
wide tables scroll inside their own region."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.core.roles import Role
from lotse.exchange.services import exchange_import
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.conftest import SMALL

pytestmark = pytest.mark.browser

PAGES = (
    "/",
    "/contacts/worklist/?section=all&as_of=2026-11-21",
    "/clients/?q=M",
    "/clients/P1/?as_of=2026-11-21",
    "/clients/P1/facts/",
    "/network/partners/",
    "/routing/handovers/",
    "/evaluation/contact-density/?as_of=2026-11-21",
)


@pytest.fixture
def data(transactional_db):
    assert exchange_import(folder=SMALL).ok
    route_clients(as_of=date(2026, 11, 21), rules=rules_of(rule_set_on(date(2026, 11, 21))))


def test_the_daily_pages_reflow_at_320_px(journey, data):
    j = journey(Role.TEAM_LEAD, "reflow", staff="S4")
    j.page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for path in PAGES:
        j.page.goto(j.base_url + path)
        overflow = j.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[path] = overflow
        j.page.screenshot(
            path=f"test-artifacts/screenshots/reflow-320{path.replace('/', '_')[:60]}.png", full_page=False
        )
    assert wide == {}, f"wider than 320 px: {wide}"
