"""No page makes a query per row: every page is opened with a few clients of its kind and
again with several times as many, and must not need more queries the second time.

The pages are every URL pattern of the resolver (tests/pages.py, as the access matrix walks
them), each opened by a user who may; Django's admin is left to Django. An N+1 query on any
page, present or future, fails here.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from lotse.api.tokens import allowed_scopes, service_account_create, token_create
from lotse.core.clock import today
from lotse.routing.engine import route_clients
from lotse.routing.rulesets import rule_set_on, rules_of
from tests.factories import DAY, caseload, history_for, steering_for
from tests.pages import allowed, concrete, logged_in_clients, walk

# Who opens a page when several may: the one who sees the most rows on it.
PREFERRED = ("team_lead", "caseworker", "controlling", "data_protection", "outreach", "administrator")
OPENED_BY_OTHERS = {"api-v1:openapi-view", "api-v1:openapi-json", "login", "admin:login"}


def grow(n: int, prefix: str) -> None:
    """``n`` more clients in S1's districts with everything their pages list, routed; and
    ``n`` more rows of each kind on the sample client's own record (P1)."""
    steering_for(caseload(n, prefix=prefix, district="D1"))
    route_clients(as_of=DAY, rules=rules_of(rule_set_on(DAY)))
    history_for("P1", n, prefix=prefix)


def pages() -> list[tuple[str, str, str]]:
    """(path, URL name, user) for every page someone may GET, admin pages aside."""
    found = []
    for template, name in sorted(set(walk(get_resolver().url_patterns))):
        may = allowed(name)
        if name.startswith("admin:") or not may or name in OPENED_BY_OTHERS:
            continue
        user = next(u for u in PREFERRED if u in may)
        found.append((concrete(template, name), name, user))
    return found


def api_reads() -> list[str]:
    """The API's GET routes with sample parameters (a program reads them with a token)."""
    return [
        concrete(template, name)
        for template, name in sorted(set(walk(get_resolver().url_patterns)))
        if name.startswith("api-v1:") and name not in OPENED_BY_OTHERS
    ]


def queries(client, path: str, **headers) -> int | None:
    """The queries of a GET; None when the route answers anything but 200 (a POST-only
    route, a sample that does not exist there)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"as_of": DAY.isoformat()}, **headers)
    return len(captured) if response.status_code == 200 else None


def integration_token() -> str:
    """A token of a connected system with every scope (it reaches every client)."""
    account = service_account_create(username="query-counter").user
    day = today()
    scopes = sorted(allowed_scopes(account))
    return token_create(
        user=account, name="counts", scopes=scopes, expires_on=day + timedelta(1), today=day
    ).secret


@pytest.mark.django_db
def test_no_page_needs_more_queries_for_more_rows(routed, make_user):
    clients = logged_in_clients(make_user)
    api = {"HTTP_AUTHORIZATION": f"Bearer {integration_token()}"}

    def count_all() -> dict[str, int | None]:
        counts = {name: queries(clients[user], path) for path, name, user in pages()}
        return counts | {path: queries(clients["anonymous"], path, **api) for path in api_reads()}

    grow(4, "G")
    before = count_all()
    assert sum(1 for n in before.values() if n is not None) > 40  # pages and API reads answered
    grow(16, "H")
    after = count_all()
    assert [k for k in before if (before[k] is None) != (after[k] is None)] == []
    more = {k: (before[k], after[k]) for k in before if before[k] is not None and after[k] > before[k]}
    assert more == {}, f"pages that query per row (queries with 4 → 20 extra clients): {more}"
