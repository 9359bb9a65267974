"""django-tasks-db's `db_worker`, logging in the installation's language (core/worker_log.py);
`teilhabe up` starts this one."""

import logging

from django.conf import settings
from django.utils import translation
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands import db_worker

from teilhabe.core.worker_log import TranslateWorkerLog


class Command(db_worker.Command):
    help = "Run the background worker (db_worker) with its log in the installation's language."

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        translation.activate(settings.LANGUAGE_CODE)
        log_filter = TranslateWorkerLog()
        for name in (TASKS_LOGGER, db_worker.logger.name):
            logging.getLogger(name).addFilter(log_filter)
