from django.contrib import admin

from lotse.outreach.models import OutreachRule


@admin.register(OutreachRule)
class OutreachRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "gap_months", "other_ways", "missed_in_row", "valid_from", "valid_to")
