"""Forms of the organisation pages a team lead uses (deputies for absences)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import DATE_INPUT, DayField
from lotse.organisation.models import Staff


class StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Staff) -> str:
        return f"{obj.family_name}, {obj.given_name}"


class DeputyshipForm(forms.Form):
    absent = StaffChoice(label=_("Absent Integrationsfachkraft"), queryset=Staff.objects.none())
    deputy = StaffChoice(label=_("Deputy"), queryset=Staff.objects.none())
    valid_from = DayField(label=_("First day of absence"), widget=DATE_INPUT)
    valid_to = DayField(label=_("Last day of absence"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Optional, e.g. 'holiday'. No health data: the reason for an absence is not recorded."),
    )

    def __init__(self, *args, team_staff, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = team_staff.filter(role="caseworker")
        self.fields["deputy"].queryset = team_staff

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The absence ends before it begins."))
        return data
