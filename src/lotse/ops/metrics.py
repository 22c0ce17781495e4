"""``/metrics`` for Prometheus: the web process's request figures plus what the database
knows — the scheduled jobs' last runs and outcomes, queued tasks, pending webhook deliveries.

Reachable only from the addresses in ``LOTSE_METRICS_ALLOWED`` (default: this machine) and
never through the reverse proxy (a request with ``X-Forwarded-For`` is refused): the
figures carry no personal data, but the view names and volumes are the operator's business.
Others get a plain 404, as if there were no such page.
"""

from __future__ import annotations

import ipaddress
import os

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily


class DatabaseCollector:
    """Figures read from the database at scrape time: right across all processes (web
    workers, ``lotse worker``), as the database is what they share."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from lotse.core.models import JobOutcome, JobRun
        from lotse.events.models import Delivery, DeliveryStatus

        runs = GaugeMetricFamily(
            "lotse_job_runs", "Recorded runs of each scheduled job, by outcome", labels=["job", "outcome"]
        )
        for row in JobRun.objects.values("job", "outcome").annotate(n=Count("pk")).order_by():
            runs.add_metric([row["job"], row["outcome"]], row["n"])
        yield runs
        last = GaugeMetricFamily(
            "lotse_job_last_success_timestamp_seconds",
            "When each scheduled job last succeeded (Unix time)",
            labels=["job"],
        )
        duration = GaugeMetricFamily(
            "lotse_job_last_duration_seconds", "How long each job's latest finished run took", labels=["job"]
        )
        for row in (
            JobRun.objects.filter(outcome=JobOutcome.SUCCEEDED).values("job").annotate(at=Max("started_at"))
        ):
            last.add_metric([row["job"]], row["at"].timestamp())
        for job in JobRun.objects.values_list("job", flat=True).distinct().order_by():
            run = JobRun.objects.filter(job=job, finished_at__isnull=False).order_by("-started_at").first()
            if run:
                duration.add_metric([job], (run.finished_at - run.started_at).total_seconds())
        yield last
        yield duration
        queued = GaugeMetricFamily("lotse_tasks_queued", "Scheduled jobs waiting for the worker")
        queued.add_metric([], DBTaskResult.objects.filter(status="READY").count())
        yield queued
        pending = GaugeMetricFamily(
            "lotse_webhook_deliveries_pending", "Webhook deliveries waiting to be sent or retried"
        )
        pending.add_metric([], Delivery.objects.filter(status=DeliveryStatus.PENDING).count())
        yield pending


def _allowed(request: HttpRequest) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED)


@login_not_required
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):  # plain, as for any address that has nothing here
        return HttpResponseNotFound(b"Not Found", content_type="text/plain")
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # lotse serve: the workers' files, added up
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY  # one process (runserver, tests): its own figures
    body = generate_latest(registry) + generate_latest(_database_registry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _database_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector())
    return registry
