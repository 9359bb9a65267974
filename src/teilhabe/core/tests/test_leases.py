"""Taking over the tasks of lost workers (core/leases.py): what the queue and the heartbeats
hold when a worker dies is written here directly; test_workers_live.py makes it with a real
SIGKILL of one of two running workers."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult, get_date_max

from teilhabe.core import leases
from teilhabe.core.models import WorkerHeartbeat
from teilhabe.core.recovery import WORKER_LOST
from teilhabe.reports import services, tasks
from teilhabe.reports.models import TaskState

LEASE = 60.0


def running_pdf(report, worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        task_path=tasks.generate_pdf.module_path,
        backend_name="default",
        args_kwargs={"args": [report.pk, report.revision], "kwargs": {}},
        run_after=get_date_max(),
        worker_ids=[worker_id],
        started_at=timezone.now(),
    )


def heartbeat(worker_id: str, seconds_ago: float) -> WorkerHeartbeat:
    seen = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, host="node-b", pid=4711, started_at=seen, last_seen=seen
    )


@pytest.fixture
def half_made(rotenburg, settings):
    settings.TEILHABE_TASK_LEASE_SECONDS = LEASE
    settings.TEILHABE_TASK_MAX_ATTEMPTS = 3
    report = services.create_report(rotenburg, {})
    services.set_progress(report.pk, report.revision, 20)
    return report


def statuses() -> list[tuple[str, str]]:
    rows = DBTaskResult.objects.order_by("enqueued_at")
    return [(r.status, r.exception_class_path.rsplit(".", 1)[-1]) for r in rows]


@pytest.mark.django_db
def test_a_task_whose_heartbeat_expired_is_queued_again_and_its_loss_recorded(half_made):
    running = running_pdf(half_made, "w-dead")
    heartbeat("w-dead", seconds_ago=LEASE + 5)
    done = leases.take_over()
    assert [r.pk for r in done.requeued] == [running.pk] and done.failed == []
    assert statuses() == [("FAILED", "WorkerLost"), ("READY", "")]
    running.refresh_from_db()
    assert "w-dead on node-b (pid 4711)" in running.traceback
    assert "attempt 1 of 3" in running.traceback
    again = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert again.args_kwargs == running.args_kwargs and again.task_path == running.task_path
    assert not WorkerHeartbeat.objects.exists()  # the lost worker's lease is gone (fencing)
    half_made.refresh_from_db()  # the copy will make the PDF: the report waits for it
    assert (half_made.task_state, half_made.progress) == (TaskState.RUNNING, 20)


@pytest.mark.django_db
def test_a_task_whose_worker_beats_is_left_alone(half_made):
    running_pdf(half_made, "w-alive")
    heartbeat("w-alive", seconds_ago=LEASE - 5)
    assert not leases.take_over()
    assert statuses() == [("RUNNING", "")]
    assert leases.beat("w-alive")


@pytest.mark.django_db
def test_a_task_whose_worker_never_registered_is_taken_over_at_once(half_made):
    running_pdf(half_made, "plain-db-worker")
    call_command("recover_tasks")
    assert statuses() == [("FAILED", "WorkerLost"), ("READY", "")]


@pytest.mark.django_db
def test_after_the_last_attempt_the_task_stays_failed_visibly(half_made, client, personas):
    for _attempt in range(2):  # two runs of this call were lost before
        running_pdf(half_made, "w-old").set_failed(RuntimeError())
    DBTaskResult.objects.update(exception_class_path=WORKER_LOST)
    running_pdf(half_made, "w-dead")
    heartbeat("w-dead", seconds_ago=LEASE * 3)
    with translation.override("en"):
        done = leases.take_over()
    assert len(done.failed) == 1 and done.requeued == []
    assert statuses() == [("FAILED", "WorkerLost")] * 3
    assert "attempt 3 of 3): given up" in done.failed[0].traceback
    half_made.refresh_from_db()  # the reports' recovery step: shown failed, with "try again"
    assert half_made.task_state == TaskState.FAILED
    assert done.lines == ["Report PDFs marked failed after repeated interruptions: 1"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_taking_over_at_once_queue_one_copy(half_made):
    running_pdf(half_made, "w-dead")
    heartbeat("w-dead", seconds_ago=LEASE * 2)
    start = threading.Barrier(2)
    found: list[int] = []

    def worker() -> None:
        try:
            start.wait()
            done = leases.take_over()
            found.append(len(done.requeued))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(found) == [0, 1]
    assert statuses() == [("FAILED", "WorkerLost"), ("READY", "")]
