"""Form widgets rendered with Django's Jinja2 widget templates, Django templates as fallback.

The client record carries eight record forms whose selects list hundreds of partners; with
the Django template engine each option is an included template, which cost a fifth of the
record's time (bench/profile_requests.py). Django ships the same widget templates for
Jinja2, which renders them several times faster. Widgets that exist only as Django
templates (the admin's, third-party apps') are found through the fallback.
"""

from __future__ import annotations

from functools import cached_property

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class JinjaFirstRenderer(Jinja2):
    @cached_property
    def fallback(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
