"""The event feed and webhooks (SPEC S12): what downstream systems follow instead of polling.

An :class:`Event` is written in the same transaction as the change it reports, so a
feed reader never sees an event for a change that was rolled back, and never misses
one that was committed. A :class:`Delivery` is the outbox row of one event for one
webhook; ``lotse events deliver`` sends them with retries and keeps the log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    RESPONSIBILITY_CHANGED = "responsibility.changed", _("responsibility changed")
    CONTACT_CREATED = "contact.created", _("contact recorded")
    CLIENT_OVERDUE = "client.overdue", _("client overdue for contact")


class Event(models.Model):
    """One change a downstream system may follow. Ids only grow: they are the feed's cursor."""

    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices, db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), auto_now_add=True)
    # No foreign key: the retention run deletes a person's events with the person.
    person_pk = models.BigIntegerField(null=True, blank=True, db_index=True)
    person_ref = models.CharField(_("client number"), max_length=64, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    # Set for events a nightly job emits, so that a rerun of the job adds nothing.
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.pk} {self.kind} {self.person_ref}"


class Webhook(models.Model):
    """A downstream endpoint that receives events by POST, signed with its secret.

    Deliveries carry client numbers, so a webhook belongs to an account (``owner``,
    usually a service account) and receives only events about clients that account
    may see — the same need-to-know as its API token.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    url = models.URLField(_("URL"), max_length=500)
    kinds = models.JSONField(_("event kinds"), default=list, help_text=_("Empty: every kind."))
    secret = models.CharField(
        _("signing secret"), max_length=200, help_text=_("HMAC-SHA256 key for the Lotse-Signature header.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="webhooks", verbose_name=_("account")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed (no more retries)")


class Delivery(models.Model):
    """One event for one webhook: the delivery log with every attempt's outcome."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        constraints = [models.UniqueConstraint(fields=["webhook", "event"], name="one_delivery_per_webhook")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.webhook} #{self.event_id}: {self.status}"
