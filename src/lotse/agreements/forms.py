"""Recording an agreement on the client page (SPEC S6)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.agreements.models import AgreementKind
from lotse.core.forms import DATE_INPUT, DayField


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    concluded_on = DayField(label=_("Concluded on"), widget=DATE_INPUT)
    review_due = DayField(
        label=_("Review due"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Empty: six months after conclusion, the latest allowed (§ 15 SGB II)."),
    )
    potential_analysis_on = DayField(label=_("Potential analysis on"), required=False, widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
