"""Pieces every form shares: the date widget, and a refused save shown at its field."""

from __future__ import annotations

from collections.abc import Callable

from django import forms

from lotse.core.errors import Refused

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
