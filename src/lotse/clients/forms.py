"""The client master-data form, with optimistic locking (see :mod:`lotse.core.locking`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.locking import VersionedForm
from lotse.organisation.models import District


class PersonForm(VersionedForm):
    class Meta:
        model = Person
        fields = ("family_name", "given_name", "birth_date", "sex", "district")
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["district"].empty_label = _("no district")
