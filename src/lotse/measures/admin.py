"""The measure catalogue, configured by the administrator (no client data)."""

from django.contrib import admin

from lotse.measures.models import Measure


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "provider", "target_group", "places", "external_id")
    list_filter = ("kind", "target_group")
    search_fields = ("name", "provider", "external_id")
