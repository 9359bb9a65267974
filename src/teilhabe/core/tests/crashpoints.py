"""Deterministic places to kill a process at, for the crash tests (test code only).

A crash test starts the real server or worker with TEILHABE_CRASHPOINT set. When the process
reaches that point in real work, it writes the file `crashpoint-reached` into the data directory
and then stops where it is, holding whatever it holds (an open transaction, a claimed task),
until the test kills it with SIGKILL. So the kill always lands in the middle of the work, never
before it started or after it ended, without guessing with sleeps.

    TEILHABE_CRASHPOINT=activities:N   after the N-th activity saved in one process (an import
                                       writes them one by one inside its transaction)
    TEILHABE_CRASHPOINT=pdf:P          when a report PDF has reached P percent
    TEILHABE_CRASHPOINT=mail:N         when the mail server has accepted the N-th mail of a
                                       mailing, before Teilhabe recorded it (core/mailing.py)

gunicorn loads this module as its configuration (`--config python:teilhabe.core.tests.
crashpoints`, in place of teilhabe.gunicorn_conf, which it imports) and calls
`post_worker_init` in each worker; `python -m teilhabe.core.tests.crashpoints db_worker …` (or
`task_worker …`, with heartbeats) runs the task worker with the points installed."""

import os
import sys
import threading
from pathlib import Path
from typing import Any

import teilhabe.gunicorn_conf  # noqa: F401  (the server under test is configured as in production)

MARKER = "crashpoint-reached"


def _reached(what: str) -> None:
    marker = Path(os.environ["TEILHABE_DATA_DIR"]) / MARKER
    marker.write_text(f"{os.getpid()} {what}\n")
    threading.Event().wait()  # until SIGKILL; never returns


def install() -> None:
    """The points TEILHABE_CRASHPOINT names, several separated by commas ("pdf:20,mail:3": a
    worker stops at whichever of the two tasks it claims)."""
    for point in os.environ.get("TEILHABE_CRASHPOINT", "").split(","):
        if point:
            _install(point)


def _install(point: str) -> None:
    kind, _sep, number = point.partition(":")
    threshold = int(number)
    if kind == "activities":
        from django.db.models.signals import post_save

        from teilhabe.inventory.models import Activity

        saved = [0]

        def count(sender: Any, **kwargs: Any) -> None:
            saved[0] += 1
            if saved[0] >= threshold:
                _reached(f"activity {saved[0]} saved")

        post_save.connect(count, sender=Activity, weak=False)
    elif kind == "pdf":
        from teilhabe.reports import services

        set_progress = services.set_progress

        def progress(report_id: int, revision: int, percent: int, *args: Any) -> bool:
            result = set_progress(report_id, revision, percent, *args)
            if percent >= threshold:
                _reached(f"report {report_id} at {percent} %")
            return result

        services.set_progress = progress
    elif kind == "mail":
        from teilhabe.core import mailing

        send_mail, handed = mailing.send_mail, [0]

        def counted(*args: Any, **kwargs: Any) -> Any:
            result = send_mail(*args, **kwargs)
            handed[0] += 1
            if handed[0] >= threshold:
                _reached(f"mail {handed[0]} accepted by the server")
            return result

        mailing.send_mail = counted
    else:
        raise ValueError(f"unknown crash point {point!r}")


def post_worker_init(worker: Any) -> None:
    """gunicorn's hook: the application (and so Django) is loaded in this worker."""
    install()


if __name__ == "__main__" and sys.argv[1:2] in (["db_worker"], ["task_worker"]):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
    import django
    from django.core.management import call_command

    django.setup()
    install()
    call_command(sys.argv[1], *sys.argv[2:])
