"""Browser journeys: a real Chromium (Debian's package) driven by Playwright.

Every page a journey visits is scanned with axe-core for WCAG 2.1 A/AA rules and
photographed at 1366×768 into ``test-artifacts/screenshots`` for reviewers.
``playwright install`` cannot download browsers here, so the system Chromium is
used; without it (or without axe-core from ``npm ci``) the journeys fail loudly,
they are never skipped in CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from lotse.core.roles import Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright in pytest's loop

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "test-artifacts" / "screenshots"
PASSWORD = "journey-password-2026"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (see scripts/test.sh)")
    if not AXE.exists():
        pytest.fail("axe-core is missing: run npm ci (see scripts/test.sh)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Journey:
    """A logged-in browser tab with helpers that scan and photograph every page."""

    def __init__(self, page, base_url: str, name: str):
        self.page = page
        self.base_url = base_url
        self.name = name
        self.step = 0
        self.scanned: list[str] = []

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check("goto " + path)

    def navigate(self, label: str, action) -> None:
        """Do something that loads a new page (a click, Enter in a form), then check it."""
        with self.page.expect_navigation():
            action()
        self.check(label)

    def menu(self, group: str, link: str) -> None:
        """Open a menu of the main navigation and follow one of its links."""
        nav = self.page.get_by_role("navigation", name="Hauptnavigation")
        nav.get_by_text(group, exact=True).click()
        self.navigate(link, lambda: nav.get_by_role("link", name=link, exact=True).click())

    def check(self, label: str) -> None:
        """axe scan (zero violations), a screenshot of the page as it is now, and no sideways
        scrolling at 1366×768 nor at 320×640."""
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:50]
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.name}-{self.step:02d}-{slug}.png"))
        self.scanned.append(self.page.url)
        overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{self.page.url} is {overflow} px wider than the window (1366×768)"
        assert violations == [], f"axe on {self.page.url}:\n{json.dumps(violations, indent=1)}"
        narrow = self.reflow_overflow()
        assert narrow <= 0, f"{self.page.url} is {narrow} px wider than 320 px (WCAG 1.4.10 Reflow)"

    def reflow_overflow(self) -> int:
        """How far the page is wider than a 320 px window (then back to 1366×768)."""
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": 320, "height": 640})
        try:
            return self.page.evaluate(
                "() => new Promise(done => requestAnimationFrame(() =>"
                " done(document.documentElement.scrollWidth - window.innerWidth)))"
            )
        finally:
            self.page.set_viewport_size(size)


@pytest.fixture
def journey(browser, live_server, transactional_db):
    contexts = []

    def start(role: Role, name: str, staff: str | None = None) -> Journey:
        """Log in a new user with the role; ``staff`` links them to that staff record
        (their caseload and team follow from it)."""
        from lotse.organisation.models import Staff

        user = User.objects.create_user(f"{role.value}-{name}", password=PASSWORD)
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        if staff:
            Staff.objects.filter(external_id=staff).update(user=user)
        # bypass_csp only lets the test inject axe-core; the app's CSP is tested in tests/web.
        context = browser.new_context(
            viewport={"width": 1366, "height": 768}, locale="de-DE", bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        j = Journey(page, live_server.url, name)
        j.goto("/accounts/login/")
        page.get_by_label("Benutzername").fill(user.username)
        page.get_by_label("Passwort").fill(PASSWORD)
        j.navigate("start page", lambda: page.get_by_label("Passwort").press("Enter"))
        assert page.url == live_server.url + "/"
        return j

    yield start
    for context in contexts:
        context.close()
