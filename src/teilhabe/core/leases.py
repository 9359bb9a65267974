"""Leases and heartbeats: task workers on several hosts on one database.

django_tasks_db claims a task by locking its row (select_for_update, skip_locked) and marking
it RUNNING with the worker's id in `worker_ids`; nothing ends that claim if the worker dies.
On top of it, each worker (core/worker.py) registers a `WorkerHeartbeat` and beats it every
lease/6 seconds from a thread, on the database's clock (so the hosts' clocks do not matter).
A RUNNING task whose worker has no heartbeat younger than the lease (TEILHABE_TASK_LEASE_SECONDS)
is lost: any worker, periodically, and `recover_tasks` on demand, takes it over while the
other workers keep running. The lost run is closed as FAILED (WorkerLost, naming the worker and
host) and a fresh copy of the task is queued, until the call has been lost
TEILHABE_TASK_MAX_ATTEMPTS times; then it stays failed, visibly. Each lost run keeps its own
row, so the admin's task list shows every attempt, a late answer of a worker that was only
slow lands on its own old row, and the apps count lost attempts per call (core/recovery.py).
After a take-over each app puts right what its interrupted work left (AppConfig.recover_tasks).

A taken-over worker's heartbeat row is deleted: should it come back (it was only cut off), its
next beat finds no row and, if it is running a task, the process ends itself (fencing), since
another worker now owns that task."""

import datetime
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models.functions import Now
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from teilhabe.core.models import TaskRetry, WorkerHeartbeat
from teilhabe.core.recovery import WORKER_LOST, WorkerLost

ADVISORY_LOCK = 0x7E11_4ABE  # PostgreSQL: one take-over at a time in the whole installation


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TEILHABE_TASK_LEASE_SECONDS)


def max_attempts() -> int:
    return int(settings.TEILHABE_TASK_MAX_ATTEMPTS)


def beat_interval() -> float:
    """Seconds between two heartbeats (and two looks for lost tasks): a sixth of the lease."""
    return float(settings.TEILHABE_TASK_LEASE_SECONDS) / 6


def host_name() -> str:
    return os.environ.get("TEILHABE_NODE_NAME") or socket.gethostname()


def register(worker_id: str) -> None:
    """Before the worker claims its first task: a claimed task's owner always has a row."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": host_name(), "pid": os.getpid(), "started_at": Now(), "last_seen": Now()},
    )


def beat(worker_id: str) -> bool:
    """Renew the lease; False when the row is gone (the worker was declared lost)."""
    return WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=Now()) == 1


def unregister(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _cutoff() -> Any:
    """The database's now minus the lease: a heartbeat older than this has expired."""
    return models.ExpressionWrapper(Now() - lease(), output_field=models.DateTimeField())


@dataclass
class Takeover:
    requeued: list[DBTaskResult[..., Any]] = field(default_factory=list)
    failed: list[DBTaskResult[..., Any]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # what the apps put right

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed)


def _lost_before(result: DBTaskResult[..., Any]) -> int:
    """How often this call (task and arguments) was lost before this run."""
    earlier = DBTaskResult.objects.filter(
        task_path=result.task_path,
        status=TaskResultStatus.FAILED,
        exception_class_path=WORKER_LOST,
    ).exclude(pk=result.pk)
    return sum(1 for a in earlier.values_list("args_kwargs", flat=True) if a == result.args_kwargs)


def _requeue(result: DBTaskResult[..., Any], attempt: int) -> None:
    """Queue a fresh copy of the lost run, remembering which first run it repeats."""
    again = DBTaskResult.objects.create(
        task_path=result.task_path,
        args_kwargs=result.args_kwargs,
        priority=result.priority,
        queue_name=result.queue_name,
        backend_name=result.backend_name,
        run_after=result.run_after,
    )
    TaskRetry.objects.create(task_id=again.pk, origin_id=origin_of(result.pk), attempt=attempt)


def origin_of(task_id: Any) -> str:
    """The id of the first run of the task whose run this is (its own id if it is the first)."""
    retry = TaskRetry.objects.filter(task_id=task_id).values_list("origin_id", flat=True).first()
    return str(retry or task_id)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _anything_lost() -> bool:
    """A cheap look without locks (every worker, every few seconds): is any RUNNING task's
    worker not beating? Only then the locked pass below (on SQLite it locks every writer)."""
    owners = {
        ids[-1] if ids else ""
        for ids in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
            "worker_ids", flat=True
        )
    }
    if not owners:
        return False
    live = WorkerHeartbeat.objects.filter(last_seen__gte=_cutoff(), worker_id__in=owners)
    return live.count() < len(owners)


def take_over(*, recover_apps: bool = False) -> Takeover:
    """Take over every RUNNING task whose worker's lease has expired (see the module); then,
    if anything was taken over or `recover_apps`, run the apps' recovery steps."""
    from teilhabe.core import installation

    done = Takeover()
    if not recover_apps and not _anything_lost():
        return done
    most = max_attempts()
    with exclusive_transaction():  # SQLite: one writer; PostgreSQL: the advisory lock
        _lock()
        # The running tasks first, then the live workers: a worker registers before it claims,
        # so the owner of every task read here is already visible below.
        running = list(
            DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING
            )
        )
        live = WorkerHeartbeat.objects.filter(last_seen__gte=_cutoff())
        alive = {w.worker_id: w for w in live}
        gone = {w.worker_id: w for w in WorkerHeartbeat.objects.exclude(pk__in=alive)}
        for result in running:
            owner = result.worker_ids[-1] if result.worker_ids else ""
            if owner in alive:
                continue
            where = f"{owner or '?'}" + (
                f" on {gone[owner].host} (pid {gone[owner].pid})" if owner in gone else ""
            )
            attempt = _lost_before(result) + 1
            if attempt >= most:
                result.set_failed(
                    WorkerLost(
                        f"The worker {where} stopped while running this task (attempt {attempt} "
                        f"of {most}): given up."
                    )
                )
                done.failed.append(result)
            else:
                result.set_failed(
                    WorkerLost(
                        f"The worker {where} stopped while running this task (attempt {attempt} "
                        f"of {most}): taken over and queued again."
                    )
                )
                _requeue(result, attempt + 1)
                done.requeued.append(result)
        WorkerHeartbeat.objects.filter(pk__in=list(gone)).delete()
        if done or recover_apps:
            done.lines = installation.recover_tasks()
    return done
