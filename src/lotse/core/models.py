"""Building blocks shared by every app, and the audit trail that every app writes.

The audit trail (SPEC S11) is append-only for the application: rows are created, never
changed, and removed only by the retention run together with the person they are about
(:func:`lotse.trust.retention.retention_run`). On PostgreSQL and SQLite a trigger
refuses any UPDATE as well, so not even a raw query in a later feature can rewrite history.
It names persons by primary key and client number, without a foreign key, so it knows
nothing of the apps above.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lotse.core.clock import FIRST_DAY, LAST_DAY
from lotse.core.errors import Refused


def validate_day(value: date) -> None:
    """Every stored date lies in the documented range (1900–2199): an earlier or later one is a
    typing error and would break month arithmetic on every page that reads it."""
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": f"{FIRST_DAY:%d.%m.%Y}", "last": f"{LAST_DAY:%d.%m.%Y}"},
        )


class DayField(models.DateField):
    """A date column whose forms (the admin's too) refuse dates outside the documented range.

    It is a plain ``DateField`` in the database and in migrations (``deconstruct``), so adding
    the check changed no schema."""

    default_validators = [validate_day]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


def refuse_too_long(model: type[models.Model], **values: str) -> None:
    """Refuse (at the field) a text longer than its column holds: PostgreSQL would refuse the
    write with an error nobody can read, SQLite would silently keep it. Call it in a service
    before writing free text that did not pass a form with the same limit."""
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if limit and value and len(value) > limit:
            raise Refused(
                gettext("At most %(limit)d characters (%(length)d given).")
                % {"limit": limit, "length": len(value)},
                field=name,
            )


def new_external_id() -> str:
    """An id for a row recorded in Lotse itself (not imported): unique, stable, opaque."""
    return f"lotse-{uuid.uuid4().hex}"


class ExternalKeyModel(models.Model):
    """A row that came from (or goes to) the exchange format under a stable string id.

    The source system chooses ``external_id``; Lotse keeps it so an export can be
    imported again and a legacy system can be matched row by row.
    """

    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        abstract = True


class ValidityPeriod(models.Model):
    """A row that holds from ``valid_from`` to ``valid_to`` inclusive (None = open end)."""

    valid_from = DayField(_("valid from"))
    valid_to = DayField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True


class RecordedManager(models.Manager):
    """The default manager of a withdrawable item: only what stands (withdrawn items left out),
    so every report, list and export counts as if a withdrawn item had never been recorded."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Withdrawable(models.Model):
    """A recorded steering item (a participation, an agreement, a referral, …) that can be
    corrected (``version``: optimistic locking) or withdrawn with a reason. A withdrawn item
    stays in the table for the audit — ``all_objects`` sees it — and nowhere else."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_reason = models.CharField(
        _("reason for the withdrawal"), max_length=500, blank=True, editable=False
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = RecordedManager()
    all_objects = models.Manager()  # noqa: DJ012  (the unfiltered view, for the audit)

    class Meta:
        abstract = True  # related objects and the retention run's cascade use the unfiltered base manager


def valid_on(day: date, prefix: str = "") -> Q:
    """Rows of a :class:`ValidityPeriod` that hold on ``day`` (``prefix`` for a related row,
    e.g. ``"staff__"``): the one spelling of "valid on a date" for every query."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


# Set on a user object authenticated by an API token (see lotse.clients.scope.as_api_user):
# the audit trail then records the API as channel, and integration accounts get reach.
API_FLAG = "_lotse_api"


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("write")
    EXPORT = "export", _("export")
    DENIED = "denied", _("denied")  # a client outside the user's reach, or a change refused
    ACCESS = "access", _("access rights")  # a user's roles, active state, staff link changed


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
    # what changed, for changes that name no client (a user's roles, a staff-user link)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        # The table keeps the name it was created with: the append-only triggers
        # (trust migration 0002) and the operators' backup checks refer to it.
        db_table = "trust_auditevent"
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


class JobOutcome(models.TextChoices):
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class JobRun(models.Model):
    """One run of a scheduled job (nightly routing, overdue events, retention, webhook
    delivery): when it started and ended, how it went, what it counted, and the error. The
    health check and the administrators' banner read it (:mod:`lotse.core.jobs`)."""

    job = models.CharField(_("scheduled job"), max_length=64, db_index=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=JobOutcome.choices, default=JobOutcome.RUNNING
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    # 1 for the first try; a scheduled job that failed is tried once more (lotse.ops.tasks).
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "outcome", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M} {self.outcome}"


class DataVersion(models.Model):
    """How far the data has changed since the row was created: a counter each write advances
    inside its own transaction (:mod:`lotse.core.data_version`), so that a result computed from
    the data can be kept until the next write. ``epoch`` is new whenever the row is created, so
    a database built again (a new demo, a restored backup) never matches a kept result."""

    name = models.CharField(max_length=16, primary_key=True)
    number = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.number}"


class KeptPart(models.Model):
    """A part of a page or a figure computed from one person's data (the client record's
    sections besides the contacts; the due date of the worklist), kept for every web worker
    until a write about that person (:class:`lotse.core.kept.SharedParts`,
    :class:`lotse.core.kept.SharedFigures`). Keeping it in the database, not in each worker's
    memory or in files, means every worker finds it and it is deleted with the data: a new
    part replaces the person's older ones of its kind, the retention run deletes them all."""

    key = models.CharField(max_length=64, primary_key=True)  # digest of everything it depends on
    # "part": a page part, else a figure's name; the database default lets a worker of the previous
    # release store page parts while an upgrade is rolled out
    kind = models.CharField(max_length=20, default="part", db_default="part")
    person_pk = models.BigIntegerField(db_index=True)
    generation = models.CharField(max_length=100)  # data versions and day it is valid for
    payload = models.BinaryField()

    class Meta:
        verbose_name = _("kept page part")
        verbose_name_plural = _("kept page parts")

    def __str__(self) -> str:
        return f"{self.person_pk}: {self.key[:12]}"


class PersonStamp(models.Model):
    """The data version of the latest write about one person (contacts, facts, deviations, …):
    a person's own figures (the due date on the worklist) are kept until it changes. By
    primary key, without a foreign key, like the audit trail."""

    person_pk = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField(db_index=True)  # "written since" reads it by range
    # the latest write about the person that was not only a contact (what the record shows
    # besides the contacts is kept until it changes)
    shape_stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("person stamp")
        verbose_name_plural = _("person stamps")

    def __str__(self) -> str:
        return f"{self.person_pk}: {self.stamp}"
