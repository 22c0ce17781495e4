"""Routing rule sets in the UI (SPEC S3): read the hierarchy in words, and edit it as a new
version with a preview of what it does to the caseloads before anything is saved."""

from __future__ import annotations

from datetime import date

import yaml
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from lotse.core.clock import today
from lotse.core.dates import request_as_of, request_day
from lotse.core.forms import save_new_version
from lotse.core.labels import condition_label, label
from lotse.core.roles import Role, has_role
from lotse.domain.conditions import CONDITIONS, RuleError
from lotse.domain.dates import add_months
from lotse.domain.rule_documents import parse_rule_set
from lotse.organisation.models import Specialisation
from lotse.routing.models import RuleSet
from lotse.routing.ruleset_forms import (
    RoutingRuleFormSet,
    RoutingRuleSetHeaderForm,
    document_from_forms,
    header_initial,
    rule_initial,
    team_kind_choices,
)
from lotse.routing.rulesets import NoRuleSet, document_of, routing_rule_set_new_version, rule_set_on, rules_of
from lotse.routing.selectors import simulate

READERS = (Role.ADMINISTRATOR, Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT)
EDITORS = (Role.ADMINISTRATOR,)


def conditions_text(when: dict) -> str:
    """A rule's conditions in words, e.g. "single parent: yes · under 25: yes"."""
    order = list(CONDITIONS)  # the vocabulary's order: PostgreSQL's jsonb keeps no key order
    parts = []
    for name, value in sorted((when or {}).items(), key=lambda item: order.index(item[0])):
        shown = (_("yes") if value else _("no")) if isinstance(value, bool) else ", ".join(map(label, value))
        parts.append(f"{condition_label(name)}: {shown}")
    return " · ".join(parts) or _("all other clients")


def rule_rows(document: dict) -> list[dict]:
    kinds = dict(team_kind_choices())
    specialisations = dict(Specialisation.objects.values_list("code", "label"))
    return [
        {
            "position": i,
            "code": r["code"],
            "label": r["label"],
            "conditions": conditions_text(r.get("when") or {}),
            "team": kinds.get(r["team_kind"], r["team_kind"]),
            "specialisation": specialisations.get(r.get("specialisation"), r.get("specialisation") or "–"),
        }
        for i, r in enumerate(document["rules"], start=1)
    ]


def _require(request: HttpRequest, roles) -> None:
    if not has_role(request.user, *roles):
        raise Http404


def rule_set_list(request: HttpRequest) -> HttpResponse:
    _require(request, READERS)
    as_of = request_as_of(request)
    rule_sets = RuleSet.objects.order_by("-valid_from", "-pk")
    try:
        current = rule_set_on(as_of)
    except NoRuleSet:
        current = None
    return render(request, "routing/rule_sets.html", {"rule_sets": rule_sets, "current": current})


def rule_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, READERS)
    rule_set = get_object_or_404(RuleSet, pk=pk)
    document = document_of(rule_set)
    if request.GET.get("format") == "yaml":
        response = HttpResponse(
            yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
            content_type="application/yaml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="zuordnungsregeln-{rule_set.pk}.yaml"'
        return response
    return render(
        request,
        "routing/rule_set.html",
        {"rule_set": rule_set, "rules": rule_rows(document), "may_edit": has_role(request.user, *EDITORS)},
    )


def rule_set_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a hierarchy into a new version; "preview" shows its effect, "save" stores it."""
    _require(request, EDITORS)
    base = get_object_or_404(RuleSet, pk=pk)
    as_of = request_as_of(request)
    preview = None
    if request.method == "POST":
        header = RoutingRuleSetHeaderForm(request.POST, prefix="set")
        rules = RoutingRuleFormSet(request.POST, prefix="rule")
        if header.is_valid() and rules.is_valid():
            document = document_from_forms(header, rules)
            if "save" in request.POST:
                created = save_new_version(
                    request,
                    header,
                    lambda: routing_rule_set_new_version(base=base, document=document, user=request.user),
                    old_name=base.name,
                )
                if created is not None:
                    return redirect("routing:rule_set", pk=created.pk)
            if header.is_valid():
                as_of = request_day(request.POST, "preview_as_of", as_of)
                try:
                    preview = _preview(base, document, as_of)
                except RuleError as exc:
                    header.add_error(None, str(exc))
    else:
        start = add_months(date(today().year, today().month, 1), 1)
        document = document_of(base)
        header = RoutingRuleSetHeaderForm(
            prefix="set",
            initial=header_initial(
                document, name=f"{base.name} ({start.strftime('%d.%m.%Y')})", valid_from=start
            ),
        )
        rules = RoutingRuleFormSet(
            prefix="rule",
            initial=[rule_initial(r, i) for i, r in enumerate(document["rules"], start=1)],
        )
    refused = request.method == "POST" and preview is None
    return render(
        request,
        "routing/rule_set_edit.html",
        {"base": base, "header": header, "rules": rules, "preview": preview, "as_of": as_of},
        status=400 if refused else 200,
    )


def _preview(base: RuleSet, document: dict, as_of: date) -> dict:
    """Caseloads by team kind and clients by rule on the date, with the stored and the edited
    hierarchy (routed in memory by district, nothing written)."""
    edited = parse_rule_set(dict(document)).rules
    (before,) = simulate(as_of, rules_of(base), strategies=("district",))
    (after,) = simulate(as_of, edited, strategies=("district",))
    kinds = dict(team_kind_choices())
    old = {k.team_kind: k for k in before.kinds}
    new = {k.team_kind: k for k in after.kinds}
    return {
        "as_of": as_of,
        "clients": after.clients,
        "changed_before": before.changed_caseworker,
        "changed_after": after.changed_caseworker,
        "kinds": [
            {
                "team": kinds.get(kind, kind),
                "before": old[kind].clients if kind in old else 0,
                "after": new[kind].clients if kind in new else 0,
                "per_fte_before": old[kind].mean_per_fte if kind in old else None,
                "per_fte_after": new[kind].mean_per_fte if kind in new else None,
            }
            for kind in sorted(old.keys() | new.keys(), key=lambda k: str(kinds.get(k, k)))
        ],
        "rules": [
            {
                "code": r.code,
                "label": r.label,
                "before": before.by_rule.get(r.code, 0),
                "after": after.by_rule[r.code],
            }
            for r in edited
        ],
    }
