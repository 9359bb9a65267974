"""The leased worker (core/worker.py) in the test process: it holds its heartbeat while it runs
tasks and gives it up when it stops; test_workers_live.py runs real ones and kills one."""

import pytest
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult, get_date_max

from teilhabe.core import leases
from teilhabe.core.models import WorkerHeartbeat
from teilhabe.core.worker import LeasedWorker


@task
def probe() -> bool:
    """Run by the worker: is its heartbeat registered while it runs a task?"""
    return WorkerHeartbeat.objects.filter(worker_id="w-test").exists()


def leased_worker() -> LeasedWorker:
    return LeasedWorker(
        queue_names=["default"],
        interval=0,
        batch=True,  # run what is queued, then stop
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w-test",
        excluded_queue_names=[],
    )


@pytest.mark.django_db(transaction=True)  # the worker closes and opens connections itself
def test_a_worker_holds_its_heartbeat_while_it_runs_and_gives_it_up_after():
    DBTaskResult.objects.create(
        task_path=f"{__name__}.probe",
        backend_name="default",
        args_kwargs={"args": [], "kwargs": {}},
        run_after=get_date_max(),
    )
    leased_worker().run()
    result = DBTaskResult.objects.get()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, True)
    assert result.worker_ids == ["w-test"]
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_an_idle_worker_declared_lost_registers_again():
    worker = leased_worker()
    leases.register("w-test")
    WorkerHeartbeat.objects.all().delete()  # another worker declared it lost
    worker._beat()
    assert WorkerHeartbeat.objects.filter(worker_id="w-test").exists()
