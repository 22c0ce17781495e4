"""The roles of SPEC S11 as Django groups; the group name is the role's code."""

from __future__ import annotations

import functools

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.db import PLACEHOLDER, Prepared, prepared


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    TEAM_LEAD = "team_lead", _("Team lead")
    OUTREACH = "outreach", _("Outreach worker")
    CONTROLLING = "controlling", _("Controlling")
    MANAGEMENT = "management", _("Management")
    ADMINISTRATOR = "administrator", _("Administrator")
    DATA_PROTECTION = "data_protection", _("Data protection officer")
    # A connected system (benefit software, data warehouse): API tokens only, no log-in.
    INTEGRATION = "integration", _("Integration (service account)")


# Roles that work with individual clients and may open a client record.
CLIENT_READERS = frozenset({Role.CASEWORKER, Role.TEAM_LEAD, Role.OUTREACH})


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_lotse_roles", None)
    if cached is None:
        cached = {name for (name,) in _roles_statement().rows(user.pk)}
        user._lotse_roles = cached
    return cached


@functools.cache
def _roles_statement() -> Prepared:
    """A user's group names: read on every request, built once per process."""
    return prepared(Group.objects.filter(user__id=PLACEHOLDER).order_by().values_list("name"))


def may_read_clients(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(roles_of(user) & CLIENT_READERS)


# What the administrator configures in the admin: organisation, rule sets, users, log-in
# protection and second factors. No model that holds client data is in this list.
ADMINISTRATOR_MODELS = (
    ("organisation", None),  # every model of the app
    ("clients", "profilemapping"),  # configuration, not client data
    ("agreements", "agreementrules"),
    ("routing", "ruleset"),
    ("routing", "rule"),
    ("contacts", "contactruleset"),
    ("contacts", "contactoutcome"),
    ("auth", "user"),
    ("auth", "group"),
    ("axes", None),
    ("otp_totp", "totpdevice"),
    ("outreach", "outreachrule"),
    ("events", "webhook"),
    ("events", "delivery"),
    ("api", "serviceaccount"),
    ("measures", "measure"),
    ("municipal", "servicebudget"),
    ("targets", "targetagreement"),
    ("targets", "target"),
    ("targets", "teamshare"),
    ("core", "jobrun"),  # the record of the scheduled jobs (read-only in the admin)
)


def ensure_role_groups() -> None:
    """Create the role groups if missing (after a flush, or on a database restored from
    elsewhere), and give the administrator the permissions to configure."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    configurable = Q(pk__in=[])
    for app, model in ADMINISTRATOR_MODELS:
        configurable |= Q(content_type__app_label=app, **({"content_type__model": model} if model else {}))
    Group.objects.get(name=Role.ADMINISTRATOR.value).permissions.set(Permission.objects.filter(configurable))


def has_role(user: AbstractBaseUser | AnonymousUser, *roles: Role) -> bool:
    return bool(roles_of(user) & {r.value for r in roles})
