"""Rule sets (routing hierarchy, contact density): read them, import a new version."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Path, Router, Status

from lotse.api.auth import require
from lotse.api.models import TokenScope
from lotse.api.problems import ApiProblem, Problem, forbidden
from lotse.api.schemas import RuleSetImport, RuleSetSummary
from lotse.contacts.models import ContactRuleSet
from lotse.contacts.rulesets import contact_rule_set_import
from lotse.core.roles import Role, has_role
from lotse.domain.conditions import RuleError
from lotse.routing.models import RuleSet
from lotse.routing.rulesets import document_of, rule_set_import

router = Router(tags=["rule sets"])
Kind = Literal["routing", "contact-density"]
MODELS = {"routing": RuleSet, "contact-density": ContactRuleSet}


def _document(kind: str, rule_set) -> dict[str, Any]:
    return document_of(rule_set) if kind == "routing" else dict(rule_set.document)


@router.get("/rule-sets/{kind}", response={200: list[RuleSetSummary]}, summary="The rule sets of a kind")
def list_rule_sets(request: HttpRequest, kind: Kind):
    require(request, TokenScope.RULES_READ)
    return [
        RuleSetSummary(name=r.name, valid_from=r.valid_from, valid_to=r.valid_to)
        for r in MODELS[kind].objects.order_by("-valid_from", "name")
    ]


@router.get(
    "/rule-sets/{kind}/{name}",
    response={200: dict[str, Any], 404: Problem},
    summary="One rule set as a document (the YAML format as JSON)",
)
def get_rule_set(
    request: HttpRequest, kind: Kind, name: str = Path(..., max_length=200, examples=["Darmstadt 2017"])
):
    require(request, TokenScope.RULES_READ)
    rule_set = MODELS[kind].objects.filter(name=name).first()
    if rule_set is None:
        raise Http404
    return _document(kind, rule_set)


@router.post(
    "/rule-sets/{kind}",
    response={201: RuleSetSummary, 403: Problem, 409: Problem, 422: Problem},
    summary="Import a rule set (administrators; checked like `lotse rules import`)",
)
def import_rule_set(request: HttpRequest, kind: Kind, payload: RuleSetImport):
    require(request, TokenScope.RULES_WRITE)
    if not has_role(request.user, Role.ADMINISTRATOR):
        raise forbidden("Only administrators import rule sets.")
    name = payload.document.get("name")
    if not payload.replace and isinstance(name, str) and MODELS[kind].objects.filter(name=name).exists():
        raise ApiProblem(
            409,
            "exists",
            "A rule set of this name exists.",
            f"Send replace=true to overwrite '{name}'.",
        )
    importer = rule_set_import if kind == "routing" else contact_rule_set_import
    try:
        stored = importer(document=dict(payload.document), replace=payload.replace)
    except (RuleError, ValueError, TypeError, KeyError) as exc:
        raise ApiProblem(
            422,
            "rejected",
            "The rule set was rejected; nothing was written.",
            errors=[{"pointer": "/document", "detail": str(exc)}],
        ) from None
    return Status(
        201, RuleSetSummary(name=stored.name, valid_from=stored.valid_from, valid_to=stored.valid_to)
    )
