"""The client master-data form, with optimistic locking (see :mod:`lotse.core.locking`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person
from lotse.organisation.models import District

EDITABLE = ("family_name", "given_name", "birth_date", "sex", "district")


class PersonForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = EDITABLE
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name")
        self.fields["district"].empty_label = _("no district")
        for field in self.fields.values():
            # The values the form was opened with travel along, so a stale save can say
            # what the other user changed.
            field.show_hidden_initial = not isinstance(field.widget, forms.HiddenInput)

    def seen(self) -> dict[str, object]:
        """The stored values the user's form was opened with (foreign keys as ids)."""
        values = {}
        for name in EDITABLE:
            field = self.fields[name]
            raw = field.hidden_widget().value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            value = field.to_python(raw)
            values[name] = value.pk if hasattr(value, "pk") else value
        return values
