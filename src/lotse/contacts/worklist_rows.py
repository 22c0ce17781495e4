"""The worklist's rows as HTML, kept per client until the next write about them.

A worklist page shows 50 of a caseload's clients; rendering their rows was a quarter of the
page's time. A row shows only the client's own data on the reference date (name, due date,
last counting contact, next appointment, the rules that apply), so it is kept like the due
date it shows (:data:`lotse.contacts.selectors.DUE_DATES`): per person stamp, configuration
version, reference date and language. A row marked with an absent colleague's name
(Vertretung) depends on who reads it and is rendered each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lotse.contacts.selectors import WorkItem
from lotse.core import data_version
from lotse.core.kept import PersonFigures, keeping

ROWS = PersonFigures(size=50_000)
ROW_TEMPLATE = "contacts/_worklist_row.html"


def worklist_rows(items: Sequence[WorkItem], as_of: date, version: data_version.Version) -> list[SafeString]:
    """The rows of ``items``, kept under ``version``: the data version their statuses were
    computed under (:attr:`lotse.contacts.selectors.Worklist.version`)."""
    template = get_template(ROW_TEMPLATE).template
    day = as_of.isoformat()

    def render(item: WorkItem) -> SafeString:
        return template.render(Context({"item": item, "day": day}))

    if not keeping():
        return [render(item) for item in items]
    stamps = {item.person.pk: item.stamp for item in items}
    context = (as_of, get_language())
    plain = [item.person.pk for item in items if item.stands_in_for is None]
    kept, missing = ROWS.lookup(version, stamps, context, plain)
    rows = [kept.get(item.person.pk) or render(item) for item in items]
    new = set(missing)
    fresh = {item.person.pk: row for item, row in zip(items, rows, strict=True) if item.person.pk in new}
    ROWS.keep(version, stamps, context, fresh)
    return rows
