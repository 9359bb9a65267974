"""Scheduled work once per slot across all workers (core/schedule.py): workers racing for one
slot in threads, each with its own database connection (on SQLite and on PostgreSQL alike)."""

import datetime
import threading
import zoneinfo
from collections.abc import Iterator

import pytest
from django.db import connection

from teilhabe.core import schedule
from teilhabe.core.models import ScheduledRun

MORNING = datetime.datetime(2026, 12, 7, 7, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))


@pytest.fixture
def counted() -> Iterator[list[str]]:
    """A job that records each run, in place of the installation's jobs for the test."""
    runs: list[str] = []
    saved = dict(schedule.Job.registry)
    schedule.Job.registry.clear()
    schedule.Job("count", lambda: runs.append("ran") or "counted").register()
    yield runs
    schedule.Job.registry.clear()
    schedule.Job.registry.update(saved)


@pytest.mark.django_db
def test_a_slot_runs_once_and_the_next_day_again(counted, settings):
    settings.TEILHABE_SCHEDULE_HOUR = 6
    assert schedule.tick("w1", MORNING.replace(hour=5)) == []  # before the hour: nothing
    [run] = schedule.tick("w1", MORNING)
    assert (run.job, run.slot, run.outcome) == ("count", "2026-12-07", "counted")
    assert run.finished_at is not None
    assert schedule.tick("w2", MORNING + datetime.timedelta(hours=3)) == []
    assert len(schedule.tick("w2", MORNING + datetime.timedelta(days=1))) == 1
    assert counted == ["ran", "ran"]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(counted):
    schedule.Job("broken", lambda: str(1 / 0)).register()
    runs = {run.job: run.outcome for run in schedule.tick("w1", MORNING)}
    assert runs == {"count": "counted", "broken": "failed: ZeroDivisionError: division by zero"}


@pytest.mark.django_db(transaction=True)
def test_of_workers_racing_for_one_slot_exactly_one_runs_it(counted):
    start = threading.Barrier(4)
    claimed: list[int] = []

    def worker(name: str) -> None:
        try:
            start.wait()
            claimed.append(len(schedule.tick(name, MORNING)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(claimed) == [0, 0, 0, 1]
    assert counted == ["ran"]
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db
def test_the_daily_reminders_are_a_job_of_the_installation():
    assert "reminders" in schedule.Job.registry
    assert "digests" in schedule.Job.registry  # registered by the digest app
