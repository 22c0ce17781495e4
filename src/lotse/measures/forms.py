"""The forms a caseworker fills in on the client page for steering (SPEC S7, S8)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import DATE_INPUT
from lotse.measures.models import ExitReason, FeedbackSource, IntegrationKind, Measure, NeedKind
from lotse.municipal.models import ServiceBudget


class ParticipationForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.order_by("name"))
    entered = forms.DateField(label=_("Entry"), widget=DATE_INPUT)


class ExitForm(forms.Form):
    exited = forms.DateField(label=_("Exit"), widget=DATE_INPUT)
    exit_reason = forms.ChoiceField(label=_("Exit reason"), choices=ExitReason.choices)


class IntegrationForm(forms.Form):
    started = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("Kind"), choices=IntegrationKind.choices)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    ended = forms.DateField(label=_("End (if known)"), required=False, widget=DATE_INPUT)


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Need"), choices=NeedKind.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class FeedbackForm(forms.Form):
    source = forms.ChoiceField(label=_("From"), choices=FeedbackSource.choices)
    source_name = forms.CharField(label=_("Name of the partner"), max_length=200)
    received_on = forms.DateField(label=_("Received on"), widget=DATE_INPUT)
    text = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}))


class ReferralForm(forms.Form):
    service = forms.ChoiceField(label=_("Municipal service"))
    referred_on = forms.DateField(label=_("Referred on"), widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Amount (€)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    ended_on = forms.DateField(label=_("Ended on (if known)"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        latest = {}
        for code, name in ServiceBudget.objects.order_by("code", "year").values_list("code", "name"):
            latest[code] = name  # the newest year's name of each service
        self.fields["service"].choices = sorted(latest.items(), key=lambda item: item[1])
