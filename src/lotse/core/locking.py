"""Optimistic locking: an edit saves only if nobody saved the row since the form was opened.

Each lockable row has a ``version`` that every save increments. The form carries the
version it was opened at and, as hidden initial values (``show_hidden_initial``), the
values it showed. A save writes only the fields the user changed, in one
``UPDATE … WHERE pk = ? AND version = ?``: if another user saved in between, nothing is
written and :class:`StaleEdit` tells which fields they changed. The form then comes back on
top of the stored row: the fields the user changed keep the user's input, every other field
shows what is stored now, and the page lists per field what the user saw, what is stored
now and what the user entered. Saving again writes only the user's own changes, so the other
user's change to another field is not lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext

from lotse.core.errors import Refused
from lotse.core.forms import add_refusal


@dataclass
class FieldChange:
    name: str
    label: str
    seen: Any  # what the user's form showed when it was opened
    now: Any  # what is stored now
    mine: Any = None  # what the user entered (a conflict when it differs from both)
    mine_changed: bool = False  # the user changed this field too: their input is kept


class StaleEdit(Exception):
    def __init__(self, current: models.Model, changes: list[FieldChange]):
        super().__init__("the row was changed by someone else since the form was opened")
        self.current = current
        self.changes = changes


def save_versioned(
    instance: models.Model, *, version: int, changes: dict[str, Any], seen: dict[str, Any]
) -> models.Model:
    """Write ``changes`` if the row is still at ``version``; raise :class:`StaleEdit` otherwise.

    ``seen`` maps field names to the values the user's form was opened with; they are
    compared with the stored values to say what the other user changed.
    """
    model = type(instance)
    written = model.objects.filter(pk=instance.pk, version=version).update(
        **changes, version=F("version") + 1
    )
    current = model.objects.get(pk=instance.pk)
    if not written:
        differing = []
        for name, value in seen.items():
            stored = getattr(current, model._meta.get_field(name).attname)
            if stored != value:
                differing.append(
                    FieldChange(name, str(model._meta.get_field(name).verbose_name), value, stored)
                )
        raise StaleEdit(current, differing)
    return current


class VersionedForm(forms.ModelForm):
    """A model form that carries the row's version and the values it was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**18 - 1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        for name, field in self.fields.items():
            if name != "version":
                field.show_hidden_initial = True

    def seen(self) -> dict[str, Any]:
        """The stored values the user's form was opened with (foreign keys as ids)."""
        values = {}
        for name in self._meta.fields:
            field = self.fields[name]
            raw = field.hidden_widget().value_from_datadict(
                self.data, self.files, self.add_initial_prefix(name)
            )
            try:
                value = field.to_python(raw)
            except forms.ValidationError:
                value = raw
            values[name] = value.pk if hasattr(value, "pk") else value
        return values

    def lock_args(self) -> dict[str, Any]:
        """What a versioned service takes: the version, the changes and the values seen."""
        return {"version": self.cleaned_data["version"], "changes": self.changes(), "seen": self.seen()}

    def _entered(self, name: str) -> Any:
        value = self.cleaned_data.get(name)
        return value.pk if hasattr(value, "pk") else value

    def changed_by_user(self) -> list[str]:
        """The fields whose input differs from what the form showed when it was opened."""
        seen = self.seen()
        return [name for name in self._meta.fields if self._entered(name) != seen[name]]

    def changes(self) -> dict[str, Any]:
        """The fields the user changed, by column name, ready for :func:`save_versioned`."""
        model = self._meta.model
        return {model._meta.get_field(name).attname: self._entered(name) for name in self.changed_by_user()}

    def display(self, name: str, value: Any) -> str:
        """A stored or entered value as the page shows it (a choice's label, a date in German)."""
        field = self.fields[name]
        if value is None or value == "":
            return "–"
        if isinstance(field, forms.ModelChoiceField):
            return str(field.queryset.filter(pk=value).first() or value)
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        if isinstance(value, bool):
            return gettext("yes") if value else gettext("no")
        if hasattr(value, "strftime"):
            return value.strftime("%d.%m.%Y")
        return str(value)

    def rebased(self, stale: StaleEdit) -> VersionedForm:
        """The user's own changes on top of the row as it is now: every field the user did not
        change shows the stored value, so saving again writes only the user's changes."""
        mine = set(self.changed_by_user())
        model = self._meta.model
        data = self.data.copy()
        data["version"] = stale.current.version
        for name in self._meta.fields:
            now = getattr(stale.current, model._meta.get_field(name).attname)
            data[self.add_initial_prefix(name)] = "" if now is None else str(now)
            if name in mine:
                continue  # the user's input stays
            if isinstance(self.fields[name], forms.BooleanField):
                if now:
                    data[self.add_prefix(name)] = "on"
                else:
                    data.pop(self.add_prefix(name), None)
            else:
                data[self.add_prefix(name)] = "" if now is None else str(now)
        for change in stale.changes:
            change.mine_changed = change.name in mine
            change.mine = self.display(change.name, self._entered(change.name))
            change.seen = self.display(change.name, change.seen)
            change.now = self.display(change.name, change.now)
        form = type(self)(data, instance=stale.current)
        form.is_valid()
        return form


def versioned_edit(
    request, form_class: type[VersionedForm], instance: models.Model, save: Callable[[VersionedForm], Any]
) -> tuple[VersionedForm, StaleEdit | None, bool]:
    """The whole edit flow of a versioned form: (form to show, stale edit or None, saved?).

    On GET the form for ``instance``; on POST the bound form, and if it is valid
    ``save(form)`` runs the service. A stale save comes back as the user's input rebased
    on the stored row; a :class:`~lotse.core.errors.Refused` from the service lands on the
    form at its field.
    """
    if request.method != "POST":
        return form_class(instance=instance), None, False
    form = form_class(request.POST, instance=instance)
    if not form.is_valid():
        return form, None, False
    try:
        save(form)
    except StaleEdit as exc:
        return form.rebased(exc), exc, False
    except Refused as exc:
        add_refusal(form, exc)
        return form, None, False
    return form, None, True
