from django import template

from lotse.core.labels import label as label_of

register = template.Library()


@register.filter
def label(code):
    """Translated label of an exchange-format code (status, profile, team kind…)."""
    return label_of(code)
