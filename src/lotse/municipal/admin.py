"""Municipal services and their yearly budgets, configured by the administrator."""

from django.contrib import admin

from lotse.municipal.models import ServiceBudget


@admin.register(ServiceBudget)
class ServiceBudgetAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "year", "budget")
    list_filter = ("year",)
    search_fields = ("name", "code")
    ordering = ("-year", "name")
