"""The client search form: name or id, district, active on a date."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.clients.selectors import search_persons
from lotse.organisation.models import District


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or id"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        empty_label=_("all districts"),
    )
    active_on = django_filters.DateFilter(
        label=_("Receiving benefits on"),
        method="filter_active",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Person
        fields = ["q", "district", "active_on"]

    def filter_q(self, queryset, name, value):
        return search_persons(queryset, query=value)

    def filter_active(self, queryset, name, value):
        return search_persons(queryset, active_on=value)
