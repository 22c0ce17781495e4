"""The page where a user makes and revokes their personal API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import match_token, user_has_device

from lotse.api.models import ApiToken, TokenScope
from lotse.api.tokens import FRESH_LOGIN_DAYS, allowed_scopes, token_create
from lotse.api.tokens import token_revoke as revoke
from lotse.core.clock import parse_as_of, today
from lotse.core.errors import Refused
from lotse.core.roles import Role, has_role

DEFAULT_DAYS = FRESH_LOGIN_DAYS  # longer needs the password (and code) again


def log_in_confirmed(request: HttpRequest) -> bool:
    """The user typed their password (and the current one-time code, if they use one) again
    with this request: the fresh log-in a long-lived token needs. A wrong password counts as
    a failed log-in (django-axes)."""
    password = request.POST.get("password", "")
    if not password:
        return False
    user = authenticate(request, username=request.user.get_username(), password=password)
    if user is None or user.pk != request.user.pk:
        return False
    if user_has_device(user):
        code = request.POST.get("otp_token", "").strip()
        return bool(code) and match_token(user, code) is not None  # no code: no failed try counted
    return True


def token_list(request: HttpRequest) -> HttpResponse:
    allowed = allowed_scopes(request.user)
    if not allowed or has_role(request.user, Role.INTEGRATION):  # service accounts: `lotse api token`
        raise Http404
    issued = None
    error = None
    form = {"name": "", "scopes": [], "expires_on": today() + timedelta(days=DEFAULT_DAYS)}
    if request.method == "POST":
        form["name"] = request.POST.get("name", "")
        form["scopes"] = request.POST.getlist("scopes")
        try:
            form["expires_on"] = parse_as_of(request.POST.get("expires_on"), form["expires_on"])
            issued = token_create(
                user=request.user,
                name=form["name"],
                scopes=form["scopes"],
                expires_on=form["expires_on"],
                today=today(),
                confirmed=log_in_confirmed(request),
            )
        except Refused as exc:
            error = str(exc)
        except ValueError:  # a malformed date
            error = _("The expiry date is not a date.")
    choices = [(value, label) for value, label in TokenScope.choices if value in allowed]
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "choices": choices,
            "form": form,
            "issued": issued,
            "error": error,
            "today": today(),
            "fresh_login_days": FRESH_LOGIN_DAYS,
            "asks_code": user_has_device(request.user),
        },
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke(token=token)
    messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
    return redirect("api:tokens")
