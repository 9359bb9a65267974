"""Receivers (connected in CoreConfig.ready): a log line and a duration per background task
run, from django.tasks' task_finished, which every backend sends (the database worker and the
immediate backend of the tests alike); a count per refused login; the end of a request's id."""

import logging
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.core.signals import request_finished
from django.dispatch import receiver
from django.tasks.base import TaskResult
from django.tasks.signals import task_finished

from teilhabe.core.ops import logs, metrics

logger = logging.getLogger("teilhabe.task")


@receiver(task_finished, dispatch_uid="teilhabe.ops.task_finished")
def log_task_run(sender: Any, task_result: TaskResult[Any, Any], **kwargs: Any) -> None:
    task = task_result.task.module_path
    started, finished = task_result.started_at, task_result.finished_at
    seconds = (finished - started).total_seconds() if started and finished else 0.0
    status = str(task_result.status)
    metrics.observe_task(task, status, seconds)
    fields = {
        "event": "task",
        "task": task,
        "task_id": str(task_result.id),
        "status": status,
        "duration_ms": round(seconds * 1000, 1),
        "worker_id": task_result.worker_ids[-1] if task_result.worker_ids else None,
    }
    level = logging.ERROR if status == "FAILED" else logging.INFO
    logger.log(level, "%s %s %s ms", task, status, fields["duration_ms"], extra={"fields": fields})


@receiver(user_login_failed, dispatch_uid="teilhabe.ops.user_login_failed")
def count_failed_login(sender: Any, **kwargs: Any) -> None:
    """The credentials the signal carries are not looked at."""
    metrics.FAILED_LOGINS.inc()


request_finished.connect(logs.forget_request_id, dispatch_uid="teilhabe.ops.request_finished")
