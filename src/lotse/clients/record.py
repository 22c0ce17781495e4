"""What the clients app offers the client record (:mod:`lotse.web.client_record`): the facts on
the reference date with the history they come from, and the protocol other apps follow to
offer a form on the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language

from lotse.clients.models import HouseholdMember, Person
from lotse.clients.selectors import addresses_on, facts_for
from lotse.core.data_version import Version
from lotse.core.forms import fields_html
from lotse.core.kept import kept_per_config_version

Save = Callable[[HttpRequest, Person, dict], str]


@dataclass(frozen=True)
class Recorder:
    """A form a feature app offers on the client record, and how a valid one is saved.

    ``save`` calls the app's service and returns the sentence shown on success; a refusal
    is a :class:`~lotse.core.errors.Refused`. ``dated`` names the date field that starts at
    today's date.
    """

    form: type[forms.Form]
    save: Save
    dated: str | None = None

    def blank(self, prefix: str, today: date) -> forms.Form:
        return self.form(prefix=prefix, initial={self.dated: today} if self.dated else None)

    def closed(self, prefix: str, today: date, version: Version) -> BlankForm:
        """The blank form as the record shows it closed: its fields rendered once per
        catalogue version, day and language (the choices of measures, partners and services
        are the same for every client), the form built only when they are rendered.
        ``version`` is read once for all the record's forms."""
        return BlankForm(self, prefix, today, version)


@dataclass(frozen=True)
class BlankForm:
    """Stands in for a blank record form in the template (``_record_form.html``)."""

    recorder: Recorder
    prefix: str
    today: date
    version: Version
    is_bound = False
    errors: tuple = ()

    def fields_html(self) -> str:
        key = (self.recorder.form, self.prefix, self.today, get_language())
        return kept_per_config_version(key, lambda: fields_html(self.form), self.version)

    @cached_property
    def form(self) -> forms.Form:
        return self.recorder.blank(self.prefix, self.today)

    def __getattr__(self, name: str):
        """Anything else (its fields, its choices) is the real blank form's."""
        return getattr(self.form, name)


@dataclass(frozen=True)
class Corrector:
    """How a feature app lets a recorded item of the client record (a measure participation,
    an agreement, a referral, …) be corrected or withdrawn on its own page.

    ``model`` is a :class:`~lotse.core.models.Withdrawable`; ``initial`` fills ``form`` from
    the item; ``save(request, item, version, data)`` calls the app's correcting service and
    returns the sentence shown on success; ``describe`` names the item in the page's heading
    and in the audit's wording.
    """

    title: str
    model: type[models.Model]
    form: type[forms.Form]
    initial: Callable[[models.Model], dict]
    save: Callable[[HttpRequest, models.Model, int, dict], str]
    describe: Callable[[models.Model], str]


def client_section(person: Person, as_of: date) -> dict:
    """The facts on ``as_of`` and the household, benefit and attribute history behind them."""
    return {
        "facts": facts_for(Person.objects.filter(pk=person.pk), as_of)[person.pk],
        "memberships": (
            HouseholdMember.objects.filter(household__members__person=person)
            .select_related("person", "household")
            .order_by("household__external_id", "moved_in", "person__family_name")
            .distinct()
        ),
        "benefit_periods": person.benefit_periods.order_by("valid_from"),
        "attributes": person.attributes.order_by("attribute", "valid_from"),
        "address": addresses_on([person.pk], as_of).get(person.pk),
    }
