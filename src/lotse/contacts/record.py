"""What the contacts app offers the client record: the contact status on the reference date,
the recent contacts and appointments, and the justified deviation as a form."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _

from lotse.clients.models import Person
from lotse.clients.record import Recorder
from lotse.contacts.forms import DeviationForm
from lotse.contacts.models import Channel
from lotse.contacts.outcomes import outcomes_offered
from lotse.contacts.selectors import contact_status
from lotse.contacts.services import deviation_record
from lotse.core.clock import today
from lotse.core.data_version import Version
from lotse.core.roles import may_read_clients


def contact_section(
    user, person: Person, as_of: date, draft: dict | None = None, version: Version | None = None
) -> dict:
    """The contact status on the date and the latest contacts; the form to record one (with a
    refused contact's input and error, ``draft``, when the last save was refused)."""
    items = contact_status(Person.objects.filter(pk=person.pk), as_of, version)
    return {
        "density": items[0].status if items else None,
        "recent_contacts": person.contacts.select_related("staff", "outcome").order_by("-date", "-pk")[:10],
        "appointments": person.appointments.filter(date__gte=as_of, contact__isnull=True)[:5],
        "deviations": person.deviations.order_by("-valid_from"),
        "may_record": may_read_clients(user),
        "channels": Channel.choices,
        "outcomes": outcomes_offered(),
        "today": today(),
        "draft": draft if draft and draft.get("person") == person.external_id else None,
    }


def _deviation(request: HttpRequest, person: Person, data: dict) -> str:
    deviation = deviation_record(person=person, user=request.user, **data)
    return _("Justified deviation recorded: %(what)s.") % {"what": deviation_text(deviation)}


def deviation_text(deviation) -> str:
    """What a deviation replaces, in words: "a contact every 2 months; 4 contacts a year"."""
    parts = []
    if deviation.interval_months:
        parts.append(_("a contact every %(n)s months") % {"n": deviation.interval_months})
    if deviation.per_year:
        parts.append(_("%(n)s contacts a year") % {"n": deviation.per_year})
    return "; ".join(parts)


RECORDERS = {"deviation": Recorder(DeviationForm, _deviation, dated="valid_from")}
