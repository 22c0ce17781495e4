"""Running Lotse (issue 23, first part): every run of a scheduled job is recorded, the
health checks answer without login and without personal data, and a nightly routing that
failed or did not run shows a banner to administrators and team leads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lotse.core.models import JobOutcome, JobRun
from lotse.core.roles import Role


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "alive"}


@pytest.mark.django_db
def test_readyz_turns_unready_when_the_nightly_routing_is_older_than_26_hours(
    client, small_data, monkeypatch
):
    assert client.get("/readyz").status_code == 503  # never ran
    call_command("route", "--as-of", "2026-11-21")
    run = JobRun.objects.get(job="route")
    assert run.outcome == JobOutcome.SUCCEEDED and run.counts["clients"] > 0 and run.finished_at
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "nightly_jobs": "ok",
    }
    later = run.started_at + timedelta(hours=26, minutes=1)  # a pinned clock, a day and more later
    monkeypatch.setattr("lotse.core.jobs.timezone.now", lambda: later)
    stale = client.get("/readyz")
    assert stale.status_code == 503 and "mehr als 26 Stunden" in stale.json()["checks"]["nightly_jobs"]
    assert "P1" not in stale.content.decode()  # no personal data


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_shows_the_banner(client, make_user, small_data, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("lotse.routing.management.commands.route.route_clients", broken)
    with pytest.raises(RuntimeError):
        call_command("route", "--as-of", "2026-11-21")
    run = JobRun.objects.get(job="route")
    assert run.outcome == JobOutcome.FAILED and "database went away" in run.error and run.finished_at
    client.force_login(make_user(Role.TEAM_LEAD))
    html = client.get("/").content.decode()
    assert "Die nächtlichen Läufe sind nicht wie geplant gelaufen" in html
    assert f"Lauf vom {timezone.localtime(run.started_at):%d.%m.%Y %H:%M} ist fehlgeschlagen" in html
    client.force_login(make_user(Role.CASEWORKER))
    assert "nicht wie geplant" not in client.get("/").content.decode()  # for those who can act


@pytest.mark.django_db
def test_a_dry_run_is_not_a_nightly_run(small_data):
    call_command("route", "--as-of", "2026-11-21", "--dry-run")
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_requests_and_jobs_log_one_json_line_each_without_client_names(caseworker_client, caplog):
    """A caseworker's round (worklist, record, a contact saved) and a routing run leave JSON
    lines with request id, user id, view and duration — and none of the clients' names or
    numbers, though every page shown them."""
    import json
    import logging

    from lotse.clients.models import Person

    caplog.set_level(logging.INFO, logger="lotse.requests")
    caplog.set_level(logging.INFO, logger="lotse.jobs")
    caseworker_client.get("/contacts/worklist/", {"as_of": "2026-11-21", "section": "all"})
    record = caseworker_client.get("/clients/P1/", {"as_of": "2026-11-21"})
    assert "Müller" in record.content.decode()
    caseworker_client.post(
        "/contacts/record/P1/?as_of=2026-11-21",
        {"kind": "contact", "date": "2026-11-20", "channel": "phone", "held": "on", "topic": "Beratung"},
    )
    call_command("route", "--as-of", "2026-11-21")
    formatter = __import__("lotse.core.logs", fromlist=["JsonFormatter"]).JsonFormatter()
    lines = [
        json.loads(formatter.format(r)) for r in caplog.records if r.name in ("lotse.requests", "lotse.jobs")
    ]
    requests = [line for line in lines if line["logger"] == "lotse.requests"]
    assert [line["view"] for line in requests][:2] == ["contacts:worklist", "clients:detail"]
    assert all(line["request_id"] and line["user_id"] and line["duration_ms"] >= 0 for line in requests)
    assert record["X-Request-ID"] == requests[1]["request_id"]
    assert any(line["logger"] == "lotse.jobs" and line["job"] == "route" for line in lines)
    text = "\n".join(formatter.format(r) for r in caplog.records)
    for family, given, number in Person.objects.values_list("family_name", "given_name", "external_id"):
        assert (
            family not in text
            and given not in text
            and f'"{number}"' not in text
            and f"/{number}/" not in text
        )
