"""What test_workers_live.py reads and makes inside a live installation (`Installation.call(
"teilhabe.core.tests.live_workers:name", …)`, see live.py): a bulk mailing, the workers'
heartbeats, and what became of the mailing."""

from typing import Any

from teilhabe.core.tests.live import AGS, make_wave

BASE_URL = "http://127.0.0.1/"


def make_mailing(recipients: int) -> dict[str, Any]:
    """A wave over `recipients` made-up municipalities, each with an address, and its links
    queued as one mailing (the database queue: a worker sends it)."""
    from teilhabe.surveys import mailing
    from teilhabe.surveys.models import Invitation, MailingKind, Wave

    made = make_wave(clients=recipients, questions=1, name="Versand")
    wave = Wave.objects.get(pk=made["wave"])
    invitations = list(wave.invitations.select_related("municipality").order_by("pk"))
    for invitation in invitations:
        invitation.email = f"{invitation.municipality.ars}@{AGS}.example"
    Invitation.objects.bulk_update(invitations, ["email"])
    started = mailing.start_mailing(wave, invitations, MailingKind.LINK, BASE_URL)
    return {"mailing": started.pk, "addresses": [i.email for i in invitations]}


def mailing_state(mailing: int) -> dict[str, Any]:
    from teilhabe.surveys.models import Invitation, Mailing

    found = Mailing.objects.get(pk=mailing)
    rows = Invitation.objects.filter(pk__in=found.invitation_ids)
    return {
        "state": found.state,
        "counts": [found.total, found.sent, found.failed, found.skipped],
        "uncertain": sorted(r.email for r in rows if r.failed_at and r.sent_at is None),
        "tasks": task_rows("send_mailing"),
    }


def task_rows(name: str) -> list[list[Any]]:
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path__endswith=name).order_by("enqueued_at")
    return [[r.status, r.exception_class_path.rsplit(".", 1)[-1], r.worker_ids] for r in rows]


def workers() -> list[str]:
    """The ids of the registered workers."""
    from teilhabe.core.models import WorkerHeartbeat

    return sorted(WorkerHeartbeat.objects.values_list("worker_id", flat=True))


def wait_done(what: str, pk: int, timeout: float) -> dict[str, Any]:
    """Poll inside the installation (one process, not one per look) until the report's PDF is
    done or the mailing finished; its state then, or the last state seen after `timeout`."""
    import time

    from teilhabe.core.tests.live import report_state

    deadline = time.monotonic() + timeout
    while True:
        state = report_state(pk) if what == "report" else mailing_state(pk)
        done = state["task_state"] == "done" if what == "report" else state["state"] == "done"
        if done or time.monotonic() > deadline:
            return state | {"done": done, "workers": workers()}
        time.sleep(0.1)
