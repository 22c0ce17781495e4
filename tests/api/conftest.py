"""API callers on the small data set routed on 21.11.2026 (T1/S1: P1 and P3; P2 lives with P1;
P4 nobody's; P5's benefits ended)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client

from lotse.api.models import TokenScope
from lotse.api.tokens import service_account_create, token_create
from lotse.core.clock import today
from lotse.core.roles import Role
from tests.conftest import link_staff

DAY = date(2026, 11, 21)
ALL_SCOPES = list(TokenScope.values)


class Caller:
    """A test client that sends a bearer token and decodes JSON."""

    def __init__(self, secret: str, user):
        self.client = Client()
        self.secret = secret
        self.user = user

    def _headers(self, headers):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.secret}", **(headers or {})}

    def get(self, path, params=None, headers=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self._headers(headers))

    def post(self, path, body, headers=None):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self._headers(headers)
        )

    def patch(self, path, body, headers=None):
        return self.client.patch(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self._headers(headers)
        )


@pytest.fixture
def api_as(routed, make_user):
    """``api_as(role, staff=None, scopes=None)``: a caller with a fresh token of that role."""

    def make(role: Role, staff: str | None = None, scopes: list[str] | None = None, username=None) -> Caller:
        if role == Role.INTEGRATION:
            user = service_account_create(username=username or "benefit-software").user
        else:
            user = make_user(role, username or f"api-{role}-{staff or 'x'}")
        if staff:
            link_staff(user, staff)
        from lotse.api.tokens import allowed_scopes

        wanted = scopes if scopes is not None else sorted(allowed_scopes(user))
        issued = token_create(
            user=user, name="test", scopes=wanted, expires_on=today() + timedelta(days=30), today=today()
        )
        return Caller(issued.secret, user)

    return make
