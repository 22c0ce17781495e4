"""The administrator configures when an agreement's review is due (with validity dates)."""

from django.contrib import admin

from lotse.agreements.models import AgreementRules


@admin.register(AgreementRules)
class AgreementRulesAdmin(admin.ModelAdmin):
    list_display = ("name", "review_months", "valid_from", "valid_to", "source")
