"""Contact rule sets in the UI (SPEC S4): read them, and edit one as a new version.

An edit is always a new version from a valid-from date (earlier months keep the rules
valid then). Before saving, the administrator sees what the edited rules do to the
Jobcenter's contact density on the reference date.
"""

from __future__ import annotations

from datetime import date

import yaml
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lotse.contacts.models import Channel, ContactRuleSet
from lotse.contacts.ruleset_forms import (
    BOOL_CONDITIONS,
    KIND_LABELS,
    LIST_CONDITIONS,
    RuleFormSet,
    RuleSetHeaderForm,
    document_from_forms,
    header_initial,
    rule_initial,
)
from lotse.contacts.rulesets import contact_rule_set_new_version, exported
from lotse.core.clock import today
from lotse.core.dates import request_as_of, request_day
from lotse.core.forms import save_new_version
from lotse.core.labels import label
from lotse.core.models import valid_on
from lotse.core.roles import Role, has_role
from lotse.domain.dates import add_months
from lotse.evaluation.contact_density import (
    WINDOWS,
    evaluate_contact_density,
    jobcenter_counts,
    kept_arrays,
)

READERS = (Role.ADMINISTRATOR, Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)
EDITORS = (Role.ADMINISTRATOR,)


def _channel_labels(codes) -> str:
    return ", ".join(str(Channel(c).label) for c in codes if c in Channel.values)


def _conditions_text(when: dict) -> str:
    """A rule's segment in words, e.g. "Under 25: yes · Status: unemployed"."""
    names = {**BOOL_CONDITIONS, **LIST_CONDITIONS}
    parts = []
    for name, value in (when or {}).items():
        if isinstance(value, bool):
            shown = _("yes") if value else _("no")
        else:
            shown = ", ".join(label(v) for v in value)
        parts.append(f"{names.get(name, name)}: {shown}")
    return " · ".join(parts) or _("all clients")


def rule_rows(document: dict) -> list[dict]:
    return [
        {
            "code": r.get("code"),
            "label": r.get("label"),
            "kind": KIND_LABELS.get(r.get("kind"), r.get("kind")),
            "amount": r.get("months") if r.get("kind") == "max_interval" else r.get("count"),
            "channels": _channel_labels(r.get("channels") or ()) or _("every counting channel"),
            "segment": _conditions_text(r.get("when") or {}),
        }
        for r in document.get("rules", [])
    ]


def rule_set_list(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    as_of = request_as_of(request)
    current = ContactRuleSet.objects.filter(valid_on(as_of)).order_by("-valid_from", "-pk").first()
    evaluation = evaluate_contact_density(as_of, by=(), series_months=1)
    total = evaluation.total
    return render(
        request,
        "contacts/rule_sets.html",
        {
            "rule_sets": ContactRuleSet.objects.order_by("-valid_from"),
            "current": current,
            "as_of": as_of,
            "clients": total.clients,
            "shares": [(n, total.share(n), evaluation.guide.get(n)) for n in WINDOWS],
        },
    )


def rule_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not has_role(request.user, *READERS):
        raise Http404
    rule_set = get_object_or_404(ContactRuleSet, pk=pk)
    if request.GET.get("format") == "yaml":
        response = HttpResponse(
            yaml.safe_dump(exported(rule_set.document), allow_unicode=True, sort_keys=False),
            content_type="application/yaml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="kontaktregeln-{rule_set.pk}.yaml"'
        return response
    return render(
        request,
        "contacts/rule_set.html",
        {
            "rule_set": rule_set,
            "channels": _channel_labels(rule_set.document.get("counting_channels", ())),
            "guide_values": sorted(
                (int(k), v) for k, v in (rule_set.document.get("guide_values") or {}).items()
            ),
            "rules": rule_rows(rule_set.document),
            "may_edit": has_role(request.user, *EDITORS),
        },
    )


def _first_of_next_month(day: date) -> date:
    return add_months(date(day.year, day.month, 1), 1)


def rule_set_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a rule set into a new version; "preview" shows its effect, "save" stores it."""
    if not has_role(request.user, *EDITORS):
        raise Http404
    base = get_object_or_404(ContactRuleSet, pk=pk)
    as_of = request_as_of(request)
    preview = None
    if request.method == "POST":
        header = RuleSetHeaderForm(request.POST, prefix="set")
        rules = RuleFormSet(request.POST, prefix="rule")
        if header.is_valid() and rules.is_valid():
            document = document_from_forms(header, rules)
            if "save" in request.POST:
                created = save_new_version(
                    request,
                    header,
                    lambda: contact_rule_set_new_version(base=base, document=document, user=request.user),
                    old_name=base.name,
                )
                if created is not None:
                    return redirect("contact_rules:detail", pk=created.pk)
            if header.is_valid():
                as_of = _preview_day(request, as_of)
                preview = _preview(base, document, as_of)
    else:
        start = _first_of_next_month(today())
        header = RuleSetHeaderForm(
            prefix="set",
            initial=header_initial(
                base.document, name=f"{base.name} ({start.strftime('%d.%m.%Y')})", valid_from=start
            ),
        )
        rules = RuleFormSet(prefix="rule", initial=[rule_initial(r) for r in base.document.get("rules", [])])
    return render(
        request,
        "contacts/rule_set_edit.html",
        {"base": base, "header": header, "rules": rules, "preview": preview, "as_of": as_of},
    )


def _preview_day(request: HttpRequest, default: date) -> date:
    return request_day(request.POST, "preview_as_of", default)


def _preview(base: ContactRuleSet, document: dict, as_of: date) -> dict:
    """The Jobcenter's 1/3/6 shares on the reference date with the stored and the edited channels."""
    arrays = kept_arrays()
    before = jobcenter_counts(arrays, as_of, frozenset(base.document.get("counting_channels", ())))
    after = jobcenter_counts(arrays, as_of, frozenset(document["counting_channels"]))
    return {
        "as_of": as_of,
        "clients": before.clients,
        "rows": [(n, before.share(n), after.share(n)) for n in WINDOWS],
    }
