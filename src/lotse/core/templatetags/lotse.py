from django import template

from lotse.core.labels import label as label_of

register = template.Library()


@register.filter
def label(code):
    """Translated label of an exchange-format code (status, profile, team kind…)."""
    return label_of(code)


@register.filter
def fact_value(entry):
    """A fact's value as a person reads it: the label of its code, a date in German."""
    if entry.attribute == "pregnancy_proof":
        try:
            from datetime import date

            return date.fromisoformat(entry.value).strftime("%d.%m.%Y")
        except ValueError:
            return entry.value
    return label_of(entry.value)
