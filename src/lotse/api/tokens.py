"""Making, checking and revoking API tokens: one function per state change."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.api.models import ApiToken, ServiceAccount, TokenScope
from lotse.core.errors import Refused
from lotse.core.roles import Role, roles_of

TOKEN_PREFIX = "lotse_"
MAX_DAYS = 366  # a token lives a year at most; a service account renews its tokens
FRESH_LOGIN_DAYS = 30  # a personal token living longer needs the password (and code) again

# Which scopes a role can hold at all (a token never exceeds its account's work).
SCOPES_BY_ROLE: dict[str, set[str]] = {
    Role.CASEWORKER: {
        TokenScope.CLIENTS_READ,
        TokenScope.CLIENTS_WRITE,
        TokenScope.CONTACTS_WRITE,
        TokenScope.RULES_READ,
        TokenScope.EVENTS_READ,
        TokenScope.NETWORK,
    },
    Role.TEAM_LEAD: {
        TokenScope.CLIENTS_READ,
        TokenScope.CLIENTS_WRITE,
        TokenScope.CONTACTS_WRITE,
        TokenScope.REPORTS_READ,
        TokenScope.RULES_READ,
        TokenScope.EVENTS_READ,
        TokenScope.NETWORK,
    },
    Role.OUTREACH: {TokenScope.CLIENTS_READ, TokenScope.CONTACTS_WRITE, TokenScope.EVENTS_READ},
    Role.CONTROLLING: {TokenScope.REPORTS_READ, TokenScope.RULES_READ},
    Role.MANAGEMENT: {TokenScope.REPORTS_READ, TokenScope.RULES_READ},
    Role.ADMINISTRATOR: {TokenScope.RULES_READ, TokenScope.RULES_WRITE},
    Role.DATA_PROTECTION: set(),
    Role.INTEGRATION: {
        TokenScope.CLIENTS_READ,
        TokenScope.CLIENTS_WRITE,
        TokenScope.CONTACTS_WRITE,
        TokenScope.REPORTS_READ,
        TokenScope.RULES_READ,
        TokenScope.EVENTS_READ,
    },
}


def allowed_scopes(user) -> set[str]:
    allowed: set[str] = set()
    for role in roles_of(user):
        allowed |= SCOPES_BY_ROLE.get(role, set())
    return allowed


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once


@transaction.atomic
def token_create(
    *, user, name: str, scopes: list[str], expires_on: date, today: date, confirmed: bool = False
) -> IssuedToken:
    """Make a token; refuses scopes the account's roles do not allow and open-ended lives.

    A personal token valid for more than :data:`FRESH_LOGIN_DAYS` days is made only when the
    user has just confirmed their log-in (password, and the one-time code where set up):
    ``confirmed``. A service account's token is made by the operator (``lotse api token``)."""
    if not name.strip():
        raise Refused(_("Give the token a name that says what it is for."), field="name")
    unknown = set(scopes) - set(TokenScope.values)
    if unknown:
        raise Refused(
            _("Unknown scopes: %(scopes)s") % {"scopes": ", ".join(sorted(unknown))}, field="scopes"
        )
    refused = set(scopes) - allowed_scopes(user)
    if refused:
        raise Refused(
            _("Your role does not allow the scopes: %(scopes)s") % {"scopes": ", ".join(sorted(refused))},
            field="scopes",
        )
    if not scopes:
        raise Refused(_("Choose at least one scope."), field="scopes")
    if not today < expires_on <= today + timedelta(days=MAX_DAYS):
        raise Refused(_("A token expires after today and within a year."), field="expires_on")
    long_lived = expires_on > today + timedelta(days=FRESH_LOGIN_DAYS)
    if long_lived and not confirmed and Role.INTEGRATION not in roles_of(user):
        raise Refused(
            _(
                "A token valid for more than %(days)d days needs your password again "
                "(and the one-time code, if you use one)."
            )
            % {"days": FRESH_LOGIN_DAYS},
            field="password",
        )
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=prefix,
        digest=digest_of(secret),
        scopes=sorted(set(scopes)),
        expires_on=expires_on,
    )
    return IssuedToken(token, secret)


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def effective_scopes(token: ApiToken) -> set[str]:
    """The scopes a token carries now: those it was made with that its owner's roles still
    allow — a role taken away takes its scopes from every token at once."""
    return set(token.scopes) & allowed_scopes(token.user)


def token_user(secret: str, today: date):
    """The token's row if the secret is valid, unrevoked and unexpired; else None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    prefix = secret[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
        return None
    if token.revoked_at is not None or token.expires_on < today or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def service_account_create(*, username: str, description: str = "") -> ServiceAccount:
    """A user in the integration role with no usable password: it can only use tokens."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise Refused(_("The account %(name)s exists already.") % {"name": username}, field="username")
    user = user_model(username=username)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.INTEGRATION.value)[0])
    return ServiceAccount.objects.create(user=user, description=description)
