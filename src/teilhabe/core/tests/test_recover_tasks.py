"""recover_tasks after a killed worker: what the database queue holds then (a task RUNNING for
ever) is written here directly; test_crash.py makes it with a real SIGKILL."""

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from teilhabe.core.recovery import WORKER_LOST
from teilhabe.reports import services, tasks
from teilhabe.reports.models import TaskState


def task_result(report, status, error=""):
    return DBTaskResult.objects.create(
        status=status,
        task_path=tasks.generate_pdf.module_path,
        backend_name="default",
        args_kwargs={"args": [report.pk, report.revision], "kwargs": {}},
        run_after=get_date_max(),
        worker_ids=["killed"],
        exception_class_path=error,
        started_at=timezone.now(),
    )


@pytest.fixture
def half_made(rotenburg):
    """A draft whose PDF was at 20 % when its worker was killed."""
    report = services.create_report(rotenburg, {})
    services.set_progress(report.pk, report.revision, 20)
    return report, task_result(report, TaskResultStatus.RUNNING)


def test_a_pdf_interrupted_too_often_is_shown_failed_with_try_again(client, personas, half_made):
    report, running = half_made
    for _attempt in range(services.MAX_PDF_ATTEMPTS - 1):
        task_result(report, TaskResultStatus.FAILED, WORKER_LOST)
    call_command("recover_tasks")
    running.refresh_from_db()
    assert (running.status, running.exception_class_path) == (TaskResultStatus.FAILED, WORKER_LOST)
    assert "killed" in running.traceback
    report.refresh_from_db()
    assert report.task_state == TaskState.FAILED
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()

    client.force_login(personas["alice"])
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert "Das PDF konnte nicht erstellt werden. Bitte versuchen Sie es erneut" in page
    assert "Mit aktuellen Daten neu erstellen" in page  # the button that makes it again
    assert "hx-trigger" not in page  # no progress polled for ever


def test_nothing_is_touched_when_no_worker_was_lost(half_made):
    report, running = half_made
    running.delete()
    task_result(report, TaskResultStatus.READY)  # queued: the worker will make it
    call_command("recover_tasks")
    report.refresh_from_db()
    assert (report.task_state, report.progress) == (TaskState.RUNNING, 20)
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
