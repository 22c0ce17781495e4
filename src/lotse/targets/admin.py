"""The yearly target agreement: targets, plan values and team shares (SPEC S9).

Comments and steering measures are written on the MBZ page, not here. "Copy to the next
year" turns the template (or last year's agreement) into this year's, so a Jobcenter
starts from the preset and only changes the plan values.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.clock import today
from lotse.core.errors import Refused
from lotse.targets.models import Target, TargetAgreement, TeamShare
from lotse.targets.services import agreement_copy_to_year


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ("position", "label", "figure", "plan", "basis", "direction", "owner")
    show_change_link = True  # team shares are edited on the target


class TeamShareInline(admin.TabularInline):
    model = TeamShare
    extra = 1


@admin.register(TargetAgreement)
class TargetAgreementAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "partners", "is_preset")
    list_filter = ("is_preset", "year")
    inlines = [TargetInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=gettext_lazy("Copy to the next year (with targets and team shares)"))
    def copy_to_next_year(self, request, queryset) -> None:
        """The next year, or this year for an older template (the 2014 preset becomes this year's)."""
        for agreement in queryset:
            try:
                copy = agreement_copy_to_year(user=request.user, agreement=agreement, today=today())
            except Refused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("'%(name)s' created; adjust its plan values.") % {"name": copy.name}
                )


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("label", "agreement", "figure", "plan", "basis", "direction", "owner")
    list_filter = ("agreement",)
    inlines = [TeamShareInline]
