"""The forms a caseworker fills in on the client page for measures, integrations, needs and
feedback (SPEC S7)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import DATE_INPUT, DayField
from lotse.measures.models import ExitReason, FeedbackSource, IntegrationKind, Measure, NeedKind
from lotse.network.models import Partner


class ParticipationForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.order_by("name"))
    entered = DayField(label=_("Entry"), widget=DATE_INPUT)


class ExitForm(forms.Form):
    exited = DayField(label=_("Exit"), widget=DATE_INPUT)
    exit_reason = forms.ChoiceField(label=_("Exit reason"), choices=ExitReason.choices)


class IntegrationForm(forms.Form):
    started = DayField(label=_("Start"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("Kind"), choices=IntegrationKind.choices)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    ended = DayField(label=_("End (if known)"), required=False, widget=DATE_INPUT)


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Need"), choices=NeedKind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FeedbackForm(forms.Form):
    source = forms.ChoiceField(label=_("From"), choices=FeedbackSource.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner of the network"), queryset=Partner.objects.none(), required=False
    )
    source_name = forms.CharField(
        label=_("Name of the partner"),
        max_length=200,
        required=False,
        help_text=_("Only when the partner is not in the network list."),
    )
    received_on = DayField(label=_("Received on"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(active=True).order_by("name")


class ParticipationCorrectionForm(forms.Form):
    """A wrongly recorded participation set right: the measure, entry and (where it ended) exit."""

    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.order_by("name"))
    entered = DayField(label=_("Entry"), widget=DATE_INPUT)
    exited = DayField(label=_("Exit"), required=False, widget=DATE_INPUT)
    exit_reason = forms.ChoiceField(
        label=_("Exit reason"), choices=[("", "–"), *ExitReason.choices], required=False
    )


class NeedCorrectionForm(NeedForm):
    resolved_on = DayField(label=_("Resolved on"), required=False, widget=DATE_INPUT)
