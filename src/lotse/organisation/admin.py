"""The administrator configures the organisation and the Jobcenter's thresholds here."""

from django.contrib import admin

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


@admin.register(models.Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("external_id", "family_name", "given_name", "team", "role", "fte", "fixed_term")
    list_filter = ("team__kind", "role", "fixed_term", "funding")
    search_fields = ("family_name", "given_name", "external_id")
    filter_horizontal = ("specialisations", "districts")
    raw_id_fields = ("user",)
    inlines = [QualificationInline]


admin.site.register(models.City)
admin.site.register(models.Specialisation)
