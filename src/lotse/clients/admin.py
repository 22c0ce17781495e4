"""The administrator configures here which market distance a Profillage means (with validity
dates); the clients themselves are not in the admin (their data is social data)."""

from django.contrib import admin

from lotse.clients.models import ProfileMapping


@admin.register(ProfileMapping)
class ProfileMappingAdmin(admin.ModelAdmin):
    list_display = ("profile", "market_distance", "valid_from", "valid_to", "source")
    list_filter = ("profile", "market_distance")
