"""The administrator configures the organisation and the Jobcenter's thresholds here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lotse.core.audit import record
from lotse.core.models import AuditAction
from lotse.organisation import models


class ComponentInline(admin.TabularInline):
    model = models.StaffingTargetComponent
    extra = 0


@admin.register(models.Jobcenter)
class JobcenterAdmin(admin.ModelAdmin):
    inlines = [ComponentInline]


class FiguresInline(admin.TabularInline):
    model = models.DistrictFigures
    extra = 0


@admin.register(models.District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("external_id", "name", "city", "population", "unemployment_rate")
    search_fields = ("name", "external_id")
    inlines = [FiguresInline]


@admin.register(models.Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("external_id", "name", "district", "is_local_office")


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("external_id", "name", "kind", "office")
    list_filter = ("kind",)


class QualificationInline(admin.TabularInline):
    model = models.Qualification
    extra = 0


class StaffForm(forms.ModelForm):
    """Refuses linking the acting administrator's own user: the link gives a caseload."""

    acting_user_pk: int | None = None

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None and user.pk == self.acting_user_pk and self.instance.user_id != user.pk:
            record(
                action=AuditAction.DENIED,
                what=f"staff:{self.instance.external_id or '?'}",
                user=user,
                detail=f"refused: link to own user {user.get_username()}",
            )
            raise forms.ValidationError(
                _("You cannot link your own user to a staff record; another administrator must do that."),
                code="self_link",
            )
        return user


@admin.register(models.Staff)
class StaffAdmin(admin.ModelAdmin):
    """Staff records; the link to a user is audited and never set by the user themselves."""

    form = StaffForm
    list_display = ("external_id", "family_name", "given_name", "team", "role", "fte", "fixed_term")
    list_filter = ("team__kind", "role", "fixed_term", "funding")
    search_fields = ("family_name", "given_name", "external_id")
    filter_horizontal = ("specialisations", "districts")
    raw_id_fields = ("user",)
    inlines = [QualificationInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type("StaffForm", (form,), {"acting_user_pk": request.user.pk})

    def save_model(self, request, obj, form, change):
        before = models.Staff.objects.filter(pk=obj.pk).values_list("user__username", flat=True).first()
        super().save_model(request, obj, form, change)
        after = obj.user.get_username() if obj.user_id else None
        if before != after:
            record(
                action=AuditAction.ACCESS,
                what=f"staff:{obj.external_id}",
                user=request.user,
                detail=f"user link: {before or '–'} → {after or '–'}",
            )


admin.site.register(models.City)
admin.site.register(models.Specialisation)
