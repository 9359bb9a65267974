"""The task worker for several hosts: django_tasks_db's Worker (its row claims unchanged) with
a heartbeat and housekeeping in two threads (core/leases.py, core/schedule.py).

- heartbeat: registers the worker before it claims anything and beats every lease/6 seconds;
  it only writes one row, so a long take-over or scheduled job never delays it. If the row is
  gone (another worker declared this one lost), a worker that is running a task ends itself at
  once: that task is now another worker's. An idle one registers again.
- housekeeping: every lease/6 seconds takes over the tasks of lost workers, and every minute
  runs the scheduled jobs whose slot this worker claims first."""

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, connection
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from teilhabe.core import leases, outbox, schedule

logger = logging.getLogger("teilhabe.worker")

SCHEDULE_EVERY = 60.0  # seconds between two looks at the schedule


class LeasedWorker(Worker):
    """django_tasks_db's Worker, holding a lease on its tasks through a heartbeat."""

    def run(self) -> None:
        leases.register(self.worker_id)
        stop = threading.Event()
        threads = [
            threading.Thread(target=self._loop, args=(stop, self._beat), daemon=True),
            threading.Thread(target=self._loop, args=(stop, self._housekeep), daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            super().run()
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            leases.unregister(self.worker_id)

    def run_task(self, db_task_result: DBTaskResult[..., Any]) -> None:
        """Run it with the id of its first run at hand, for the keys of its mails."""
        token = outbox.current_task.set(leases.origin_of(db_task_result.pk))
        try:
            super().run_task(db_task_result)
        finally:
            outbox.current_task.reset(token)

    def _loop(self, stop: threading.Event, step: Callable[[], None]) -> None:
        """Call `step` every lease/6 seconds until stopped; an error is logged, not fatal."""
        try:
            while not stop.wait(leases.beat_interval()):
                try:
                    step()
                except DatabaseError:
                    logger.exception("worker %s: %s failed", self.worker_id, step.__name__)
        finally:
            connection.close()  # this thread's own connection

    def _beat(self) -> None:
        if leases.beat(self.worker_id):
            return
        if self.running_task:
            logger.error(
                _("Worker %s was declared lost while running a task; it stops now."),
                self.worker_id,
            )
            os._exit(1)  # fencing: the task is now another worker's
        leases.register(self.worker_id)

    _next_schedule = 0.0

    def _housekeep(self) -> None:
        done = leases.take_over()
        if done:
            logger.warning(
                _("Worker %s took over tasks of lost workers: %d queued again, %d failed"),
                self.worker_id,
                len(done.requeued),
                len(done.failed),
            )
            for line in done.lines:
                logger.warning("%s", line)
        if time.monotonic() >= self._next_schedule:
            self._next_schedule = time.monotonic() + SCHEDULE_EVERY
            for run in schedule.tick(self.worker_id):
                logger.info(_("Scheduled job %s (%s): %s"), run.job, run.slot, run.outcome)
