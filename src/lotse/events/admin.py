"""Webhooks are configured by the administrator; the delivery log is read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from lotse.core.audit import record
from lotse.core.models import AuditAction
from lotse.events.delivery import deliveries_retry
from lotse.events.models import Delivery, Webhook


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """The administrator sees the webhooks and can switch one off; making one is the owning
    integration account's business, through the API (POST /api/v1/webhooks), where the URL
    is checked (lotse.events.destinations)."""

    list_display = ("name", "url", "owner", "active", "created_at")
    list_filter = ("active",)
    fields = ("name", "url", "kinds", "owner", "active", "created_at")
    readonly_fields = ("name", "url", "kinds", "owner", "created_at")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "active" in form.changed_data:
            record(
                action=AuditAction.ACCESS,
                what=f"webhook:{obj.name}",
                user=request.user,
                detail="active: yes" if obj.active else "active: no",
            )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    # The event id and kind, not the event: the administrator sees no client numbers.
    list_display = (
        "pk",
        "webhook",
        "event_id",
        "kind",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    fields = list_display
    readonly_fields = list_display
    list_filter = ("status", "webhook")
    actions = ["retry"]

    @admin.display(description=_("kind"))
    def kind(self, obj: Delivery) -> str:
        return obj.event.get_kind_display()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("webhook", "event")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry(self, request, queryset):
        count = deliveries_retry(deliveries=queryset, user=request.user)
        messages.success(request, _("%(count)d deliveries will be sent again.") % {"count": count})
