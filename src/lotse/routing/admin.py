"""The administrator edits routing rule sets here; every save is checked by the domain rules."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lotse.domain.routing import RoutingRule, RuleError
from lotse.routing.models import Rule, RuleSet


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["position", "code", "label", "conditions", "team_kind", "specialisation"]

    def clean(self):
        data = super().clean()
        try:
            RoutingRule.build(
                data.get("code") or "?",
                data.get("label") or "",
                data.get("team_kind") or "",
                data.get("specialisation") or None,
                data.get("conditions") or {},
            )
        except RuleError as exc:
            raise ValidationError(str(exc)) from None
        return data


class RuleFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(f.errors for f in self.forms):
            return  # the rows name their own errors; the whole-set checks need valid rows
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not rows:
            raise ValidationError(_("A rule set needs at least one rule."))
        last = max(rows, key=lambda r: r["position"])
        if last.get("conditions"):
            raise ValidationError(
                _("The last rule must have no conditions (a catch-all), so that no client is dropped.")
            )


class RuleInline(admin.TabularInline):
    model = Rule
    form = RuleForm
    formset = RuleFormSet
    extra = 0
    ordering = ["position"]


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "valid_from", "valid_to", "is_draft")
    inlines = [RuleInline]


# Handovers and overrides name clients: they are read on the team lead's pages under
# need-to-know scoping and the audit trail, not in the administrator's admin (SPEC S11).
