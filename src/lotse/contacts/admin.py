"""The administrator keeps the list of contact outcomes (deactivate instead of delete)."""

from django.contrib import admin

from lotse.contacts.models import ContactOutcome


@admin.register(ContactOutcome)
class ContactOutcomeAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "position", "active")
    list_editable = ("position", "active")

    def has_delete_permission(self, request, obj=None):
        return False  # recorded contacts keep their outcome: switch it off instead
