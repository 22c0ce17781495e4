"""Bearer-token authentication and scope checks for the API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from lotse.api.problems import ApiProblem, forbidden
from lotse.api.tokens import effective_scopes, token_user
from lotse.clients.scope import as_api_user
from lotse.core.clock import today
from lotse.core.roles import Role, has_role


class TokenAuth(HttpBearer):
    """``Authorization: Bearer lotse_…``: the token's account becomes ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_user(token.strip(), today())
        if found is None:
            return None
        request.user = as_api_user(found.user)
        request.api_token = found
        return found


def require(request: HttpRequest, scope: str) -> None:
    """Refuse the call (403) unless the request's token carries ``scope`` and its owner's roles
    still allow it."""
    if scope not in effective_scopes(request.auth):
        raise ApiProblem(
            403,
            "missing-scope",
            "The token lacks a scope this operation needs.",
            f"This operation needs the scope '{scope}'; make a token that has it.",
            required_scope=scope,
        )


def require_integration(request: HttpRequest, scope: str) -> None:
    """Persons and households come from the benefit software: only integration accounts
    create and move them, with a token carrying ``scope``."""
    require(request, scope)
    if not has_role(request.user, Role.INTEGRATION):
        raise forbidden(
            "Clients and households are created by the connected benefit software "
            "(an integration account), not by personal tokens."
        )
