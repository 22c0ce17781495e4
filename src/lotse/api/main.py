"""The REST API, version 1 (``/api/v1/``), built with django-ninja.

The OpenAPI schema is generated from the code and committed (``docs/openapi.json``);
``lotse api schema --check`` fails when they drift. Every error response is
documented as ``application/problem+json`` (see :mod:`lotse.api.problems`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI, Swagger

from lotse.api import problems
from lotse.api.auth import TokenAuth
from lotse.api.routers import clients, contacts, events, facts, households, me, network, reports, rules, work

DESCRIPTION = """\
Lotse's REST API over the same services, need-to-know scoping and audit trail as the web UI.

* **Authentication**: `Authorization: Bearer <token>`; make a personal token on the page
  *API-Zugänge* or ask the administrator for a service-account token. Tokens carry scopes.
* **Need-to-know**: a token reads what its account may read in the web UI; anything else
  answers 404. Every client read is written to the audit trail (channel `api`).
* **Errors**: `application/problem+json` (RFC 9457) with `errors[]` pointing at fields.
* **Paging**: `?limit=` and `?cursor=` (the `next_cursor` of the page before).
"""

# Responses every operation may give besides its own (documented once, here).
COMMON_ERRORS = {
    "400": "The request cannot be read (malformed JSON body or cursor).",
    "401": "No valid token (missing, expired or revoked).",
    "403": "The token lacks the scope, or the role does not allow the operation.",
    "422": "A parameter or the body is not valid; errors[] names each field.",
}


class LotseAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, text in COMMON_ERRORS.items():
                    responses.setdefault(
                        status,
                        {
                            "description": text,
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                            },
                        },
                    )
                for status, response in responses.items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {problems.MEDIA_TYPE: response["content"]["application/json"]}
        schema.setdefault("components", {}).setdefault("schemas", {})
        if "Problem" not in schema["components"]["schemas"]:
            schema["components"]["schemas"].update(_problem_components())
        return schema


def _problem_components() -> dict:
    from ninja.openapi.schema import REF_TEMPLATE

    generated = problems.Problem.model_json_schema(ref_template=REF_TEMPLATE)
    defs = generated.pop("$defs", {})
    return {"Problem": generated, **defs}


api = LotseAPI(
    title="Lotse API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
for module in (clients, facts, households, contacts, work, reports, rules, events, network, me):
    api.add_router("/", module.router)


def urlpatterns():
    """The API's URLs: authenticated by token, not by the web session's log-in."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if getattr(pattern, "name", "") != "openapi-view":  # the docs page needs a web log-in
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
