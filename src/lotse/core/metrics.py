"""Prometheus metrics of the web process: request latency and database time by view.

Under ``lotse serve`` every gunicorn worker is a process of its own; ``lotse serve`` sets
``PROMETHEUS_MULTIPROC_DIR`` (a fresh folder per start) so the workers write their figures
there and ``/metrics`` (lotse.ops.metrics) adds them up. Labels are the view's name, the
method and the status class: never a path (paths carry client numbers).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import Histogram

REQUEST_SECONDS = Histogram(
    "lotse_request_duration_seconds",
    "Time to answer a request, by view",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10),
)
DATABASE_SECONDS = Histogram(
    "lotse_request_database_seconds",
    "Time spent in database queries while answering a request, by view",
    ["view"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 5),
)


class QueryTimer:
    """A ``connection.execute_wrapper`` that adds up the time of the request's queries."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Callable, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def observe_request(view: str, method: str, status: int, seconds: float, database_seconds: float) -> None:
    REQUEST_SECONDS.labels(view, method, f"{status // 100}xx").observe(seconds)
    DATABASE_SECONDS.labels(view).observe(database_seconds)
