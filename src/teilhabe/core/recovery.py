"""After a crash: background tasks whose worker died (kill -9, out of memory, power loss).

The database queue (django_tasks_db) marks a task RUNNING when a worker claims it and only
changes that when the worker finishes it. A worker that is killed half-way leaves the task
RUNNING for ever, and whatever waits for it (a report's PDF) shows "being generated" for ever.
core/leases.py finds such tasks by their worker's expired heartbeat and takes them over (each
lost run ends FAILED with WorkerLost); each app then decides what its interrupted work needs
(its AppConfig's `recover_tasks`, core/installation.py: the reports queue their PDF again).
The helpers below let an app ask what became of the calls of its task."""

from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):
    """The worker process ended while it was running the task."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"

Call = tuple[object, ...]  # the positional arguments of one call of a task, as stored (JSON)


def lost_attempts(task_path: str) -> dict[Call, int]:
    """How often each call of a task (by its arguments) was interrupted by a lost worker."""
    counts: dict[Call, int] = {}
    lost = DBTaskResult.objects.filter(
        task_path=task_path, status=TaskResultStatus.FAILED, exception_class_path=WORKER_LOST
    ).values_list("args_kwargs", flat=True)
    for args_kwargs in lost:
        key = tuple(args_kwargs.get("args", ()))
        counts[key] = counts.get(key, 0) + 1
    return counts


def pending_calls(task_path: str) -> set[Call]:
    """The arguments of the calls of a task that a worker will still run (queued)."""
    return {
        tuple(args_kwargs.get("args", ()))
        for args_kwargs in DBTaskResult.objects.filter(
            task_path=task_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).values_list("args_kwargs", flat=True)
    }
