"""The client list as a django-tables2 table: sorted and paged on the server."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lotse.clients.models import Person


def _withheld():
    return format_html(
        '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
        _("shown after stating a purpose"),
    )


class PersonTable(tables.Table):
    """Given name and birth date only for the own caseload (rows annotated ``own``); a team
    client appears with the least needed to find them: client number, family name, district."""

    external_id = tables.Column(
        verbose_name=_("Client number"), linkify=("clients:detail", {"external_id": tables.A("external_id")})
    )
    family_name = tables.Column(
        verbose_name=_("Family name"), linkify=("clients:detail", {"external_id": tables.A("external_id")})
    )
    given_name = tables.Column(verbose_name=_("Given name"))
    birth_date = tables.DateColumn(verbose_name=_("Birth date"), format="d.m.Y")
    district = tables.Column(verbose_name=_("District"), order_by=("district__name",))

    class Meta:
        model = Person
        fields = ("external_id", "family_name", "given_name", "birth_date", "district")
        order_by = ("family_name", "given_name")
        attrs = {"class": "data"}
        empty_text = _("No person matches the search.")

    def render_given_name(self, value, record):
        return value if getattr(record, "own", True) else _withheld()

    def render_birth_date(self, value, record):
        return date_format(value, "d.m.Y") if getattr(record, "own", True) else _withheld()
