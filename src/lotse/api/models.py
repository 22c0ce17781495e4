"""API tokens: personal ones per user, and those of service accounts (SPEC S12).

A token is shown once when it is made; only its SHA-256 digest is stored, with a
short public prefix to find it. A token carries scopes (what kinds of operation it
may call) on top of its account's need-to-know: a caseworker's token with every
scope still reads only that caseworker's clients.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.models import DayField


class TokenScope(models.TextChoices):
    CLIENTS_READ = "clients:read", _("read clients, households, contacts and worklists")
    CLIENTS_WRITE = "clients:write", _("change master data; create clients and households (integration)")
    CONTACTS_WRITE = "contacts:write", _("record contacts")
    REPORTS_READ = "reports:read", _("read evaluations and reports")
    RULES_READ = "rules:read", _("read rule sets")
    RULES_WRITE = "rules:write", _("import rule sets")
    EVENTS_READ = "events:read", _("read the event feed")
    NETWORK = "network", _("schedule collegial case consultations (the network, SPEC S10)")


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)  # SHA-256 of the whole token, hex
    scopes = models.JSONField(_("scopes"), default=list)
    expires_on = DayField(_("expires on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ServiceAccount(models.Model):
    """An account for a connected system; it has no password and works through tokens only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_account"
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service account")
        verbose_name_plural = _("service accounts")

    def __str__(self) -> str:
        return self.user.get_username()
