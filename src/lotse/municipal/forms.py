"""Referring a client to a municipal integration service on the client page (SPEC S8)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.core.forms import DATE_INPUT, DayField
from lotse.municipal.models import ServiceBudget


class ReferralForm(forms.Form):
    service = forms.ChoiceField(label=_("Municipal service"))
    referred_on = DayField(label=_("Referred on"), widget=DATE_INPUT)
    amount = forms.DecimalField(
        label=_("Amount (€)"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2
    )
    ended_on = DayField(label=_("Ended on (if known)"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        latest = {}
        for code, name in ServiceBudget.objects.order_by("code", "year").values_list("code", "name"):
            latest[code] = name  # the newest year's name of each service
        self.fields["service"].choices = sorted(latest.items(), key=lambda item: item[1])
