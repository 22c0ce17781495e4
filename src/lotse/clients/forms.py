"""The client master-data form, with optimistic locking (see :mod:`lotse.core.locking`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.core.forms import DATE_INPUT
from lotse.core.locking import VersionedForm
from lotse.organisation.models import District


class PersonForm(VersionedForm):
    class Meta:
        model = Person
        fields = ("family_name", "given_name", "birth_date", "sex", "district")
        widgets = {"birth_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["district"].empty_label = _("no district")
