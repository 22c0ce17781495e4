"""The access matrix: every URL pattern of the project, every role, an anonymous user and an
outsider caseworker of another team. Any 200 that the matrix does not allow fails.

The URL patterns are read from the resolver, so a new page is walked automatically; a
pattern that is not in ``ALLOWED`` fails the test until someone decides who may open it.
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from tests.pages import ALLOWED, allowed, concrete, logged_in_clients, walk


@pytest.fixture
def clients(routed, make_user):
    return logged_in_clients(make_user)


@pytest.mark.django_db
def test_no_unexpected_200_on_any_url_for_any_role(clients):
    urls = sorted(set(walk(get_resolver().url_patterns)))
    assert len(urls) > 40  # the admin's patterns included
    seen_200: dict[str, set[str]] = {}
    unexpected = []
    for template, name in urls:
        path = concrete(template, name)
        may = allowed(name)
        for label, c in clients.items():
            status = c.get(path, {"as_of": "2026-11-21"}).status_code
            if status == 200:
                seen_200.setdefault(name, set()).add(label)
                if label not in may:
                    unexpected.append(f"{label} GET {path} ({name}) -> 200")
    assert not unexpected, "\n".join(unexpected)
    # The matrix is not vacuous: each page someone may open answers them with 200.
    for name, may in ALLOWED.items():
        if name.startswith("admin:"):
            continue
        assert seen_200.get(name, set()) == set(may), (name, seen_200.get(name))
    assert "administrator" in seen_200["admin:index"]
