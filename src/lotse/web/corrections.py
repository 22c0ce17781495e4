"""Correcting or withdrawing a recorded item of the client record (a measure participation,
an integration, a need, feedback, an agreement, a referral).

Each app offers its :class:`~lotse.clients.record.Corrector` (form and correcting service);
this page puts it beside the withdrawal, which every item shares
(:func:`lotse.core.withdrawal.item_withdraw`). A correction is locked by the item's version;
a withdrawal needs a reason and leaves every report as if the item had never been recorded.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.agreements import record as agreements_record
from lotse.clients.access import open_client_form
from lotse.clients.record import Corrector
from lotse.core.errors import Refused
from lotse.core.forms import add_refusal
from lotse.core.locking import StaleEdit
from lotse.core.withdrawal import MIN_REASON, item_withdraw
from lotse.measures import record as measures_record
from lotse.municipal import record as municipal_record

CORRECTORS: dict[str, Corrector] = {
    **agreements_record.CORRECTORS,
    **measures_record.CORRECTORS,
    **municipal_record.CORRECTORS,
}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**18 - 1)


class WithdrawForm(VersionForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the withdrawal"),
        min_length=MIN_REASON,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "For example: recorded for the wrong person, entered twice. The entry stays in the "
            "audit trail and leaves every figure."
        ),
    )


def _stale(form: forms.Form, current_version: int) -> None:
    form.add_error(
        None,
        _(
            "Someone else changed this entry after you opened the page. Nothing was saved; your "
            "input is kept. Compare it with the entry as it is stored now (above) and save again."
        ),
    )
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current_version


def _stored(item, form: forms.Form, initial: dict) -> list[tuple[str, str]]:
    """The item as it is stored now, field by field in the form's words (dates as 01.09.2026,
    choices by their label), shown above the forms."""
    rows = []
    for name, value in initial.items():
        display = getattr(item, f"get_{name}_display", None)
        if display is not None:
            shown = display()
        elif isinstance(value, date):
            shown = value.strftime("%d.%m.%Y")
        elif isinstance(value, Decimal):
            shown = number_format(value, 2, force_grouping=True)
        else:
            shown = str(value) if value not in (None, "") else "–"
        if name == "service":
            shown = item.service.name
        elif isinstance(value, models.Model):
            shown = str(value)
        rows.append((str(form.fields[name].label), shown or "–"))
    return rows


def item_page(request: HttpRequest, external_id: str, kind: str, pk: int) -> HttpResponse:
    """Correct a recorded item, or withdraw it with a reason; back to the record on success."""
    corrector = CORRECTORS.get(kind)
    if corrector is None:
        raise Http404
    person = open_client_form(request, external_id, what=f"{kind}_correction")
    item = get_object_or_404(corrector.model.objects, pk=pk, person=person)
    back = reverse("clients:detail", kwargs={"external_id": person.external_id}) + "#steering"

    class CorrectionForm(VersionForm, corrector.form):
        pass

    initial = corrector.initial(item)
    correct = CorrectionForm(prefix="correct", initial={**initial, "version": item.version})
    withdraw = WithdrawForm(prefix="withdraw", initial={"version": item.version})
    if request.method == "POST":
        withdrawing = "withdraw" in request.POST
        form = (
            WithdrawForm(request.POST, prefix="withdraw")
            if withdrawing
            else CorrectionForm(request.POST, prefix="correct")
        )
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version")
            try:
                if withdrawing:
                    item_withdraw(item, reason=data["reason"], version=version, what=kind, user=request.user)
                    text = _("The entry was withdrawn: %(item)s.") % {"item": corrector.describe(item)}
                else:
                    text = corrector.save(request, item, version, data)
            except Refused as exc:
                add_refusal(form, exc)
            except StaleEdit as exc:
                _stale(form, exc.current.version)
                item = exc.current
                initial = corrector.initial(item)
            else:
                messages.success(request, text)
                return redirect(back)
        if withdrawing:
            withdraw = form
        else:
            correct = form
    return render(
        request,
        "clients/item.html",
        {
            "person": person,
            "corrector": corrector,
            "item": item,
            "label": corrector.describe(item),
            "stored": _stored(item, correct, initial),
            "correct": correct,
            "withdraw": withdraw,
            "back": back,
        },
    )
