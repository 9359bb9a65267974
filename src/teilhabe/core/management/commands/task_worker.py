"""django-tasks-db's `db_worker` with leases and heartbeats (core/worker.py), so that workers
on several hosts take over each other's tasks, and with its log in the installation's language
(core/worker_log.py); `teilhabe up` starts this one. Run it, not `db_worker`, on every host:
a plain `db_worker` has no heartbeat, and its tasks would be taken over at once."""

import logging
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands import db_worker

from teilhabe.core.worker import LeasedWorker
from teilhabe.core.worker_log import TranslateWorkerLog


class Command(db_worker.Command):
    help = (
        "Run the background worker (db_worker) with a heartbeat, taking over the tasks of lost "
        "workers and running the scheduled jobs; its log in the installation's language."
    )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        translation.activate(settings.LANGUAGE_CODE)
        log_filter = TranslateWorkerLog()
        for name in (TASKS_LOGGER, db_worker.logger.name, "teilhabe.worker"):
            logging.getLogger(name).addFilter(log_filter)
        ours = logging.getLogger("teilhabe.worker")
        ours.setLevel(db_worker.logger.level)
        if not ours.hasHandlers():
            ours.addHandler(logging.StreamHandler(self.stdout))

    def handle(self, *args: Any, **options: Any) -> None:
        """db_worker's handle with our worker; no autoreload (its threads hold the lease)."""
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
