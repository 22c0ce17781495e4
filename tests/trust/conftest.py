"""Users of the small data set, routed on 21.11.2026 (team T1: P1 and P3 with S1, P2 lives with P1)."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.core.roles import Role
from tests.conftest import link_staff

DAY = date(2026, 11, 21)


@pytest.fixture
def login(client, make_user, routed):
    """Log in a fresh user with a role, optionally as a staff member; returns the client."""

    def as_user(role: Role | None, staff: str | None = None, username: str | None = None):
        user = make_user(role, username or f"{role or 'none'}-{staff or 'x'}")
        if staff:
            link_staff(user, staff)
        client.force_login(user)
        client.user = user
        return client

    return as_user


from tests.api.conftest import api_as  # noqa: E402,F401  (API callers for the access probes)
