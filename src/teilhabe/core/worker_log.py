"""The background worker's log in the installation's language.

django-tasks-db and Django's task signals log fixed English templates ("Starting worker
worker_id=%s queues=%s"); a coordinator reads them in the terminal of `teilhabe up` beside our
German lines. The filter swaps each known template for its translation and keeps the arguments,
so an unknown (future) message still shows, in English, rather than vanishing."""

import logging

from django.utils.translation import gettext as _


def _templates() -> dict[str, str]:
    return {
        "Starting worker worker_id=%s queues=%s": _(
            "Background worker started (id %s, queues: %s)"
        ),
        "Task id=%s path=%s state=%s": _("Background task %s (%s): %s"),
        "Task id=%s failed unexpectedly": _("Background task %s failed unexpectedly"),
        "Received %s - terminating current task.": _("%s received: the current task is stopped."),
        "Received %s - shutting down gracefully... (press Ctrl+C again to force)": _(
            "%s received: the worker stops after the current task (Ctrl+C again stops it at once)."
        ),
    }


def _states() -> dict[str, str]:
    return {
        "READY": _("waiting"),
        "RUNNING": _("running"),
        "SUCCESSFUL": _("done"),
        "FAILED": _("failed"),
    }


class TranslateWorkerLog(logging.Filter):
    """Rewrites known English worker messages into the active language."""

    def filter(self, record: logging.LogRecord) -> bool:
        template = _templates().get(str(record.msg))
        if template is not None:
            record.msg = template
            if isinstance(record.args, tuple):
                states = _states()
                record.args = tuple(states.get(str(arg), arg) for arg in record.args)
        return True
