"""Structured logs: one JSON line per request and per job run, for an operator's log
collection. A line names the view (the URL pattern's name), never the path: paths carry
client numbers, and no client's name or number belongs in a log.

Each request gets a request id (the ``X-Request-ID`` a proxy sent, when it is a plain token,
else a new one), returned in the response header so a user's report can be matched.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from lotse.core.metrics import QueryTimer, observe_request

REQUESTS = logging.getLogger("lotse.requests")
JOBS = logging.getLogger("lotse.jobs")
TOKEN = re.compile(r"[A-Za-z0-9._-]{8,64}")


class JsonFormatter(logging.Formatter):
    """The record's ``fields`` (a dict) as one JSON line, with time, level and logger."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": timezone.localtime().isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            **getattr(record, "fields", {"message": record.getMessage()}),
        }
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLog:
    """Times every request (and its database queries), logs it as one line after the
    response is made, and counts it in the Prometheus metrics."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if TOKEN.fullmatch(offered) else uuid.uuid4().hex
        started = time.perf_counter()
        queries = QueryTimer()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else None) or "unknown"
        observe_request(view, request.method or "", response.status_code, seconds, queries.seconds)
        user = getattr(request, "user", None)
        REQUESTS.info(
            "request",
            extra={
                "fields": {
                    "request_id": request.request_id,
                    "method": request.method,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "db_ms": round(queries.seconds * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                }
            },
        )
        response["X-Request-ID"] = request.request_id
        return response


def log_job(job: str, outcome: str, seconds: float, counts: dict, error: str = "") -> None:
    JOBS.info(
        "job",
        extra={
            "fields": {
                "job": job,
                "outcome": outcome,
                "duration_ms": round(seconds * 1000, 1),
                "counts": counts,
                **({"error": error.splitlines()[0][:300]} if error else {}),
            }
        },
    )
