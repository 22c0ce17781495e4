"""Pieces every form shares: the date field and widget, and a refused save shown at its field."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.clock import FIRST_DAY, LAST_DAY
from lotse.core.errors import Refused

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def within_documented_range(value) -> None:
    """A date field's value lies in the documented range (1900–2199): anything else is a typing
    error and would break month arithmetic later."""
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise forms.ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": f"{FIRST_DAY:%d.%m.%Y}", "last": f"{LAST_DAY:%d.%m.%Y}"},
            code="date_range",
        )


class DayField(forms.DateField):
    """A date input in the documented range, with the browser's date picker."""

    default_validators = [within_documented_range]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DATE_INPUT)
        super().__init__(**kwargs)


class RuleSetHeaderBase(forms.Form):
    """The header every versioned rule set shares (contact rules, routing rules): its name and
    validity, the end never before the start."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    valid_from = DayField(label=gettext_lazy("Valid from"))
    valid_to = DayField(
        label=gettext_lazy("Valid until"), required=False, help_text=gettext_lazy("Empty: open-ended.")
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity lies before its start."))
        return data


def save_new_version[T](request, header: forms.Form, save: Callable[[], T], *, old_name: str) -> T | None:
    """Save an edited rule set as a new version (``save`` calls the service). A refusal or a
    rule error lands on the header form; on success the user reads from when it applies."""
    try:
        created = save()
    except Refused as exc:
        add_refusal(header, exc)
        return None
    except ValueError as exc:  # a rule that cannot be used (RuleError names rule and field)
        header.add_error(None, str(exc))
        return None
    messages.success(
        request,
        _("Saved: '%(name)s' applies from %(day)s; '%(old)s' ends the day before.")
        % {"name": created.name, "day": created.valid_from.strftime("%d.%m.%Y"), "old": old_name},
    )
    return created


def add_refusal(form: forms.Form, refused: Refused) -> None:
    """Show a service's refusal on the form: at its field if the form has it, else above the form."""
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def save_or_refuse[T](form: forms.Form, save: Callable[[], T]) -> T | None:
    """Run ``save`` (a service call) for a valid form; a :class:`Refused` lands on the form.

    Returns what ``save`` returned, or None when the form is invalid or the service refused
    (the form then carries the error, with the user's input kept).
    """
    if not form.is_valid():
        return None
    try:
        return save()
    except Refused as exc:
        add_refusal(form, exc)
        return None


def form_errors_text(form: forms.Form) -> str:
    """Every error of a bound form in one line, each with its field's label."""
    return "; ".join(
        f"{form.fields[name].label}: {error}" if name in form.fields else str(error)
        for name, errors in form.errors.items()
        for error in errors
    )


def save_with_message(request, form: forms.Form, save: Callable[[dict], str]) -> bool:
    """Save a valid form through ``save`` (a service call returning the success sentence) and
    report the outcome as a message: the errors of an invalid form, or the service's refusal.
    For forms whose page redirects after the post."""
    if not form.is_valid():
        messages.error(request, _("Not saved: %(errors)s") % {"errors": form_errors_text(form)})
        return False
    try:
        messages.success(request, save(form.cleaned_data))
    except Refused as exc:
        messages.error(request, _("Not saved: %(errors)s") % {"errors": exc})
        return False
    return True


def fields_html(form: forms.Form) -> str:
    """The form's fields as ``_field.html`` renders each (label, widget, help, errors)."""
    return mark_safe("".join(render_to_string("_field.html", {"field": field}) for field in form))
