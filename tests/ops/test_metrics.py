"""/metrics (issue 23): request latency and database time by view, the jobs' runs from the
database; only from the configured addresses."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_metrics_show_requests_by_view_and_the_jobs_and_only_to_allowed_addresses(
    caseworker_client, client, settings
):
    caseworker_client.get("/")
    call_command("route", "--as-of", "2026-11-21")
    body = client.get("/metrics").content.decode()
    assert 'lotse_request_duration_seconds_count{method="GET",status="2xx",view="home"}' in body
    assert 'lotse_request_database_seconds_count{view="home"}' in body
    assert 'lotse_job_runs{job="route",outcome="succeeded"} 1.0' in body
    assert 'lotse_job_last_success_timestamp_seconds{job="route"}' in body
    assert "P1" not in body and "Groß" not in body  # no client or staff names
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
    settings.METRICS_ALLOWED = ["10.1.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
