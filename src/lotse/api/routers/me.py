"""Who am I: the account, roles and scopes behind the token (for checking a set-up)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from lotse.api.schemas import Me
from lotse.api.tokens import effective_scopes
from lotse.core.roles import roles_of

router = Router(tags=["account"])


@router.get("/me", response=Me, summary="The account and scopes of the calling token")
def me(request: HttpRequest):
    token = request.auth
    return Me(
        username=request.user.get_username(),
        roles=sorted(roles_of(request.user)),
        scopes=sorted(effective_scopes(token)),
        token=f"{token.name} ({token.prefix}…)",
        expires_on=token.expires_on,
    )
