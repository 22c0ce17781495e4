"""The pages that belong to no area: keeping the session alive, the 400 page, and the
health checks an operator's monitoring calls (``/healthz``, ``/readyz``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lotse.core.errors import BadInput


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Extends the session now (other requests renew it at most once a minute); the timeout
    warning's button calls it."""
    request.session.modified = True
    return HttpResponse(status=204)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the sentence of a :class:`~lotse.core.errors.BadInput` (which parameter, why);
    other bad requests get the general sentence, as they may carry internals."""
    message = (
        str(exception)
        if isinstance(exception, BadInput)
        else gettext("The request cannot be processed. Check the address and the input.")
    )
    return render(request, "core/bad_request.html", {"message": message}, status=400)


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No database, no login, no personal data."""
    return JsonResponse({"status": "alive"})


@login_not_required
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness for a load balancer or monitoring: the database answers, every migration is
    applied, and last night's routing ran (its last success is younger than 26 hours).
    503 with the failed checks named; no login, no personal data."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from lotse.core.jobs import MUST_BE_RECENT, nightly_problems

    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable ({exc.__class__.__name__})"
        return JsonResponse({"status": "unready", "checks": checks}, status=503)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    checks["migrations"] = "ok" if not pending else f"{len(pending)} not applied"
    if pending:
        checks["nightly_jobs"] = "not checked (migrations first)"
    else:
        problems = nightly_problems(jobs=MUST_BE_RECENT)
        checks["nightly_jobs"] = "ok" if not problems else "; ".join(problems)
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unready", "checks": checks}, status=200 if ready else 503
    )
