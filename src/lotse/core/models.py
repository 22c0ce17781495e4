"""Building blocks shared by every app; no domain knowledge lives here."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_external_id() -> str:
    """An id for a row recorded in Lotse itself (not imported): unique, stable, opaque."""
    return f"lotse-{uuid.uuid4().hex}"


class ExternalKeyModel(models.Model):
    """A row that came from (or goes to) the exchange format under a stable string id.

    The source system chooses ``external_id``; Lotse keeps it so an export can be
    imported again and a legacy system can be matched row by row.
    """

    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        abstract = True


class ValidityPeriod(models.Model):
    """A row that holds from ``valid_from`` to ``valid_to`` inclusive (None = open end)."""

    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True


def valid_on(day: date, prefix: str = "") -> Q:
    """Rows of a :class:`ValidityPeriod` that hold on ``day`` (``prefix`` for a related row,
    e.g. ``"staff__"``): the one spelling of "valid on a date" for every query."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )
