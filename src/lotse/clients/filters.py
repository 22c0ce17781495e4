"""The client search form: name or id, district, active on a date."""

from __future__ import annotations

import django_filters
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.clients.selectors import search_persons
from lotse.organisation.models import District


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Name or client number"),
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

    scope = django_filters.ChoiceFilter(
        label=_("Persons"),
        method="filter_scope",
        empty_label=None,
        choices=[
            ("clients", _("clients (with benefits at any time)")),
            ("all", _("all persons incl. household members")),
        ],
    )

    class Meta:
        model = Person
        fields = ["q", "district", "active_on", "scope"]

    def __init__(self, data=None, *args, **kwargs):
        # Unbound or without a scope, the list shows clients, not their children.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("scope", "clients")
        super().__init__(data, *args, **kwargs)

    def filter_scope(self, queryset, name, value):
        return search_persons(queryset, clients_only=value != "all")

    def filter_q(self, queryset, name, value):
        return search_persons(queryset, query=value)

    def filter_active(self, queryset, name, value):
        return search_persons(queryset, active_on=value)
