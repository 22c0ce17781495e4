"""Scheduled jobs (issue 23): the plan's slots, one run per slot even with two schedulers,
every run recorded, a failed job tried once more and then shown in the banner, a run whose
worker died marked failed and retried."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.core.models import JobOutcome, JobRun
from lotse.core.roles import Role
from lotse.ops.models import ScheduleClaim
from lotse.ops.schedule import Entry, PlanError, parse_plan
from lotse.ops.scheduler import tick

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, second, tzinfo=BERLIN)


def test_the_plan_is_read_from_the_setting_and_names_a_wrong_entry():
    assert parse_plan("route=02:00, events_deliver=*/5") == [
        Entry("route", at=time(2, 0)),
        Entry("events_deliver", every_minutes=5),
    ]
    with pytest.raises(PlanError, match="'routing=02:00'"):
        parse_plan("routing=02:00")
    with pytest.raises(PlanError, match="not a time"):
        parse_plan("route=2 Uhr")


def test_a_daily_slot_is_due_for_twelve_hours_and_a_minute_slot_for_its_minute():
    daily = Entry("route", at=time(2, 0))
    assert daily.due_slot(at(3, 1, 59)) is None  # yesterday's 02:00 is more than 12 h ago
    assert daily.due_slot(at(3, 2, 0, 30)) == at(3, 2, 0)
    assert daily.due_slot(at(3, 13, 59)) == at(3, 2, 0)  # a scheduler that was down catches up
    assert daily.due_slot(at(3, 14, 1)) is None
    every_five = Entry("events_deliver", every_minutes=5)
    assert every_five.due_slot(at(3, 10, 7, 12)) == at(3, 10, 5)


# The worker runs real transactions and closes a connection left in a transaction (as after
# every task), so these tests run outside the test's own transaction.
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_enqueue_the_nightly_routing_once_and_the_run_is_recorded(small_data, settings):
    settings.LOTSE_SCHEDULE = "route=02:00"
    first = tick(at(3, 2, 0, 5), name="host-a")
    second = tick(at(3, 2, 0, 6), name="host-b")  # the other machine's scheduler, a second later
    again = tick(at(3, 2, 0, 25), name="host-a")  # and the first one's next look
    assert first.enqueued == ["route"] and second.enqueued == [] and again.enqueued == []
    claim = ScheduleClaim.objects.get()
    assert claim.claimed_by == "host-a" and claim.slot == at(3, 2, 0)
    call_command("worker", "--batch")
    run = JobRun.objects.get()
    assert (run.job, run.outcome, run.attempt) == ("route", JobOutcome.SUCCEEDED, 1)
    assert run.counts["clients"] > 0
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert tick(at(4, 2, 0, 5), name="host-b").enqueued == ["route"]  # the next night's run


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_tried_once_more_then_shown_in_the_banner(
    small_data, settings, monkeypatch, client, make_user
):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("lotse.routing.management.commands.route.route_clients", broken)
    settings.LOTSE_SCHEDULE = "route=02:00"
    tick(at(3, 2, 0, 5))
    call_command("worker", "--batch")  # the first attempt fails and queues the second, which fails
    runs = list(JobRun.objects.order_by("attempt").values_list("attempt", "outcome"))
    assert runs == [(1, JobOutcome.FAILED), (2, JobOutcome.FAILED)]
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["FAILED", "FAILED"]
    client.force_login(make_user(Role.ADMINISTRATOR))
    html = client.get("/").content.decode()
    assert "Die nächtlichen Läufe sind nicht wie geplant gelaufen" in html
    assert "nächtlicher Zuordnungslauf: Der Lauf vom" in html and "ist fehlgeschlagen" in html


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_died_is_marked_failed_and_retried(small_data, settings):
    settings.LOTSE_SCHEDULE = ""
    settings.LOTSE_JOB_TIMEOUT_HOURS = 4
    now = timezone.now()
    dead = JobRun.objects.create(job="route", started_at=now - timedelta(hours=5))
    assert tick(now).abandoned == ["route"]
    dead.refresh_from_db()
    assert dead.outcome == JobOutcome.FAILED and "did not finish within 4 hours" in dead.error
    call_command("worker", "--batch")
    retry = JobRun.objects.exclude(pk=dead.pk).get()
    assert (retry.attempt, retry.outcome) == (2, JobOutcome.SUCCEEDED)
    assert tick(now).abandoned == []


@pytest.mark.django_db
def test_month_freezing_keeps_the_last_closed_month(small_data, settings):
    from lotse.evaluation.contact_density import closed_month_end
    from lotse.evaluation.models import FrozenMonth

    assert closed_month_end(datetime(2026, 12, 10).date(), 10) == datetime(2026, 11, 30).date()
    assert closed_month_end(datetime(2026, 12, 9).date(), 10) == datetime(2026, 10, 31).date()
    call_command("evaluate", "freeze-month", "--as-of", "2026-12-10")
    call_command("evaluate", "freeze-month", "--as-of", "2026-12-11")  # idempotent
    assert list(FrozenMonth.objects.values_list("month_end", flat=True)) == [datetime(2026, 11, 30).date()]
    assert [r.counts["frozen"] for r in JobRun.objects.filter(job="freeze_month").order_by("pk")] == [1, 0]
