"""The audit trail and the deletion log (SPEC S11).

The audit trail is append-only for the application: rows are created, never changed,
and removed only by the retention run together with the person they are about
(:func:`lotse.trust.retention.retention_run`). On PostgreSQL a trigger refuses any
UPDATE as well, so not even a raw query in a later feature can rewrite history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Set on a user object authenticated by an API token (see trust.scope.as_api_user):
# the audit trail then records the API as channel, and integration accounts get reach.
API_FLAG = "_lotse_api"


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("write")
    EXPORT = "export", _("export")


class AuditChannel(models.TextChoices):
    WEB = "web", _("web page")
    API = "api", _("API")
    CLI = "cli", _("command line")


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AuditTrailIsAppendOnly("audit entries are removed only by the retention run")

    def purge(self) -> int:
        """Remove entries without loading them; for the retention run only."""
        return self._raw_delete(self.db)


class AuditEvent(models.Model):
    """Who read or changed which client's data, when, through which channel and why."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # users are deactivated, never deleted: the trail names them
        related_name="+",
    )
    actor = models.CharField(_("actor"), max_length=150)  # the user name, or the system job
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=AuditChannel.choices)
    what = models.CharField(_("what"), max_length=100)
    # No foreign key: the trail names the person by id even while the record is being
    # deleted; the retention run removes a deleted person's entries explicitly.
    person_pk = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    person_ref = models.CharField(_("client number"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person_pk", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what} {self.person_ref}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("audit entries are removed only by the retention run")


class DeletionLog(models.Model):
    """One retention run: what was deleted, in numbers only (no personal data)."""

    run_at = models.DateTimeField(_("run at"), default=timezone.now)
    as_of = models.DateField(_("reference date"))
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"))
    cutoff = models.DateField(_("last benefit day on or before"))
    actor = models.CharField(_("actor"), max_length=150)
    counts = models.JSONField(_("deleted rows per kind"), default=dict)
    frozen_months = models.JSONField(_("months whose figures were frozen"), default=list)

    class Meta:
        verbose_name = _("deletion log entry")
        verbose_name_plural = _("deletion log")
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.as_of}: {self.counts.get('persons', 0)}"
