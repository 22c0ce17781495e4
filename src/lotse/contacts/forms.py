"""Correcting a recorded contact, with optimistic locking (see :mod:`lotse.core.locking`)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lotse.contacts.models import Contact, ContactOutcome
from lotse.core.forms import DATE_INPUT, DayField
from lotse.core.locking import VersionedForm


class ContactForm(VersionedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the offered outcomes, and the one the contact carries even if no longer offered
        current = self.instance.outcome_id if self.instance else None
        self.fields["outcome"].queryset = ContactOutcome.objects.filter(Q(active=True) | Q(pk=current))

    class Meta:
        model = Contact
        fields = ("date", "channel", "held", "topic", "outcome", "note")
        widgets = {
            "date": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 4}),
        }


class DeviationForm(forms.Form):
    """A justified deviation for one client: another interval and/or another yearly count."""

    interval_months = forms.IntegerField(
        label=_("Contact every N months"),
        min_value=1,
        max_value=24,
        required=False,
        help_text=_("Replaces the interval of the rules that ask for a contact every N months."),
    )
    per_year = forms.IntegerField(
        label=_("Contacts per year"),
        min_value=1,
        max_value=52,
        required=False,
        help_text=_("Replaces the number of the rules that ask for N contacts a year."),
    )
    reason = forms.CharField(label=_("Justification"), min_length=10, max_length=500)
    valid_from = DayField(label=_("Valid from"), widget=DATE_INPUT)
    valid_to = DayField(label=_("Valid until"), required=False, widget=DATE_INPUT)
