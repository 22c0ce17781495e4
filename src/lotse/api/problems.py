"""Errors in one shape: ``application/problem+json`` (RFC 9457) with field-level details.

Every error the API answers — bad input, missing token, missing scope, a client out
of reach, a stale edit, a rejected import — is a :class:`Problem`: ``type`` (a
stable identifier documented in ``docs/api.md``), ``title``, ``status``, ``detail``,
``instance`` (the request path) and, where fields are at fault, ``errors`` with a
JSON pointer into the request (``/birth_date``, ``/members/1/moved_in``) or the name
of the query parameter, each with its own message.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from lotse.clients.access import MIN_PURPOSE, PurposeRequired
from lotse.core.errors import Refused
from lotse.core.locking import StaleEdit

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/problems#"


class FieldError(Schema):
    pointer: str | None = None  # JSON pointer into the body
    parameter: str | None = None  # name of the query, path or header parameter
    detail: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
    changes: list[dict[str, Any]] | None = None  # stale edit: what the other user changed


class ApiProblem(Exception):
    """Raise from an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str | None = None,
        errors: list[dict] | None = None,
        **extra: Any,
    ):
        super().__init__(detail or title)
        self.status, self.kind, self.title, self.detail = status, kind, title, detail
        self.errors, self.extra = errors, extra


def problem_response(
    request: HttpRequest,
    status: int,
    kind: str,
    title: str,
    detail: str | None = None,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"type": TYPE_BASE + kind, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body["instance"] = request.path
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extra.items() if v is not None})
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_error(error: dict) -> dict:
    """A pydantic/ninja error (``loc`` = source, then the path) as a pointer or parameter."""
    source, *path = error.get("loc", ("body",))
    message = error.get("msg", "invalid")
    if source == "body":
        # ninja puts the body under the parameter's name: drop it, keep the path inside
        inner = [str(p) for p in path[1:]] if len(path) > 1 else [str(p) for p in path]
        return {"pointer": "/" + "/".join(inner), "detail": message}
    return {"parameter": str(path[0]) if path else str(source), "detail": message}


def install(api) -> None:
    """Register the handlers that turn every error into a problem document."""

    @api.exception_handler(ApiProblem)
    def _problem(request, exc: ApiProblem):
        return problem_response(request, exc.status, exc.kind, exc.title, exc.detail, exc.errors, **exc.extra)

    @api.exception_handler(ValidationError)
    def _invalid(request, exc: ValidationError):
        return problem_response(
            request,
            422,
            "validation",
            "The request is not valid.",
            "See errors for each field.",
            [_field_error(e) for e in exc.errors],
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            request,
            401,
            "unauthenticated",
            "A valid API token is required.",
            "Send 'Authorization: Bearer <token>'; the token may be expired or revoked.",
            headers={"WWW-Authenticate": 'Bearer realm="lotse"'},
        )

    @api.exception_handler(AuthorizationError)
    def _forbidden(request, exc):
        return problem_response(request, 403, "forbidden", "Not allowed.", str(exc))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(
            request, 404, "not-found", "Not found.", "No such resource within your reach."
        )

    @api.exception_handler(Refused)
    def _refused(request, exc: Refused):
        """A service refused the change: 422, at the field when the service names one."""
        errors = [{"pointer": f"/{exc.field}", "detail": exc.message}] if exc.field else None
        return problem_response(
            request,
            422,
            "validation",
            "The request is not valid.",
            None if exc.field else exc.message,
            errors,
        )

    @api.exception_handler(PurposeRequired)
    def _purpose_required(request, exc: PurposeRequired):
        return problem_response(
            request,
            403,
            "purpose-required",
            "This client is outside your own caseload.",
            f"State why you open the record in the Lotse-Purpose header (at least {MIN_PURPOSE} "
            "characters); it is written to the audit trail.",
        )

    @api.exception_handler(StaleEdit)
    def _stale(request, exc: StaleEdit):
        return problem_response(
            request,
            409,
            "stale-edit",
            "Someone else saved this record since you read it.",
            f"Nothing was written. The record is now at version {exc.current.version}; "
            "read it again and repeat your change if it still applies.",
            current_version=exc.current.version,
            changes=[{"field": c.name, "seen": c.seen, "now": c.now} for c in exc.changes],
        )

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        kinds = {400: "bad-request", 405: "method-not-allowed", 429: "throttled"}
        return problem_response(
            request, exc.status_code, kinds.get(exc.status_code, "error"), str(exc) or "Error."
        )


def bad_parameter(name: str, detail: str) -> ApiProblem:
    return ApiProblem(
        400, "bad-parameter", "A parameter is not valid.", detail, [{"parameter": name, "detail": detail}]
    )


def invalid(pointer: str, detail: str) -> ApiProblem:
    """A 422 for one field of the body that the schema accepted but a rule refuses."""
    return ApiProblem(
        422, "validation", "The request is not valid.", errors=[{"pointer": pointer, "detail": detail}]
    )


def forbidden(detail: str) -> ApiProblem:
    return ApiProblem(403, "forbidden", "Not allowed.", detail)
