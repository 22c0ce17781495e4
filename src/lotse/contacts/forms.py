"""Correcting a recorded contact, with optimistic locking (see :mod:`lotse.core.locking`)."""

from __future__ import annotations

from django import forms

from lotse.contacts.models import Contact
from lotse.core.locking import VersionedForm


class ContactForm(VersionedForm):
    class Meta:
        model = Contact
        fields = ("date", "channel", "held", "topic", "note")
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
