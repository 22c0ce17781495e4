from django import template

from lotse.core.forms import fields_html
from lotse.core.labels import condition_label
from lotse.core.labels import label as label_of

register = template.Library()


@register.simple_tag
def form_fields(form):
    """A record form's fields: a closed blank one's as kept (:class:`lotse.clients.record.BlankForm`),
    any other rendered now (a refused form shows the input and the errors)."""
    if hasattr(form, "fields_html"):
        return form.fields_html()
    return fields_html(form)


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


@register.filter
def person_name(user) -> str:
    """A user as colleagues know them: the name of their staff record, else their full name;
    the login name only where nothing else is known (the audit trail keeps login names)."""
    from django.core.exceptions import ObjectDoesNotExist

    if user is None:
        return "–"
    try:
        staff = user.staff
    except (ObjectDoesNotExist, AttributeError):
        staff = None
    if staff is not None:
        return f"{staff.given_name} {staff.family_name}"
    return user.get_full_name() or user.get_username()


@register.filter
def condition(name):
    """A routing condition's name in words ("alleinerziehend", not ``single_parent``)."""
    return condition_label(name)


@register.filter
def condition_value(value):
    """A condition's value: yes/no for a flag, the label of a code otherwise."""
    from django.utils.translation import gettext

    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(label_of(v)) for v in value)
    return label_of(value) if value is not None else "–"


@register.inclusion_tag("reports/_downloads.html", takes_context=True)
def report_downloads(context, name: str, **params):
    """Links to a report in every format with the page's parameters (the page's own query,
    overridden by ``params``): PDF, XLSX, CSV for German Excel, CSV in the exchange format."""
    from django.http import QueryDict
    from django.urls import reverse

    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key in ("format", "page", "table"):
        query.pop(key, None)
    for key, value in params.items():
        if value not in (None, ""):
            query[key] = str(value)
    base = reverse("reports:download", kwargs={"name": name})

    def link(fmt: str) -> str:
        q = query.copy()
        q["format"] = fmt
        return f"{base}?{q.urlencode()}"

    return {
        "links": {fmt.replace("-", "_"): link(fmt) for fmt in ("pdf", "xlsx", "csv", "csv-exchange", "json")}
    }


@register.filter
def chart_svg(chart, width: int = 680):
    """A :class:`lotse.core.charts.Chart` drawn as SVG (the same drawing as in PDFs)."""
    from django.utils.safestring import mark_safe

    from lotse.core.charts import line_chart_svg

    if chart is None:
        return ""
    return mark_safe(line_chart_svg(chart, width=int(width)))
