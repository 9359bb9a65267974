"""Two task workers on one installation, as on two hosts: kill -9 of the one in the middle of a
report PDF or of a bulk mailing; the other, running all along and never restarted, takes the
task over once the lease (3 s here) has expired and finishes it. The mailing's recipients each
get their mail once, counted at a real SMTP server on loopback.

The kills land at deterministic points (crashpoints.py)."""

import subprocess
import time
from typing import Any

import pytest

from teilhabe import testing_smtp
from teilhabe.core.tests import live

pytestmark = pytest.mark.serial  # kills processes: not beside other tests

LEASE = live.LEASE
WORKERS = "teilhabe.core.tests.live_workers"


def worker(
    installation: live.Installation, name: str, mail: testing_smtp.MailServer, crashpoint: str = ""
) -> subprocess.Popen[bytes]:
    return live.task_worker(installation, name, (mail.host, mail.port), crashpoint)


def kill_one_while_the_other_runs(
    installation: live.Installation, mail: testing_smtp.MailServer, crashpoint: str, make: Any
) -> tuple[subprocess.Popen[bytes], float, Any]:
    """Worker a starts, `make()` queues the task, a claims it; worker b starts while a works
    and registers; a reaches the crash point and is killed. Returns b (running), the moment of
    the kill and what `make` returned. (Starting b only after a's claim makes a the one that
    runs the task; overlapping the starts keeps the test short.)"""
    installation.marker.unlink(missing_ok=True)
    a = worker(installation, "worker-a", mail, crashpoint)
    try:
        made = make()
        task = "generate_pdf" if crashpoint.startswith("pdf") else "send_mailing"
        live.wait_until(lambda: task in log(installation, "worker-a"), 60, "worker a's claim")
        b = worker(installation, "worker-b", mail)
        # b logs its start (with its id) once registered, before it looks for tasks.
        live.wait_until(lambda: "worker-b" in log(installation, "worker-b"), 60, "worker b")
        live.wait_until(installation.marker.exists, 60, f"worker a at {crashpoint}")
        live.kill_hard([a.pid])
        return b, time.monotonic(), made
    finally:
        live.stop(a)


def log(installation: live.Installation, name: str) -> str:
    return live.worker_log(installation, name)


def test_the_other_worker_takes_over_a_pdf_whose_worker_was_killed(installation, mail_server):
    b, killed, report = kill_one_while_the_other_runs(
        installation, mail_server, "pdf:20", lambda: installation.call("make_report")["report"]
    )
    try:
        state = installation.call(f"{WORKERS}:wait_done", what="report", pk=report, timeout=30)
        assert state["done"], state
        assert time.monotonic() - killed >= float(LEASE) - 0.5  # not before the lease expired
        assert b.poll() is None, log(installation, "worker-b")  # never restarted
    finally:
        live.stop(b)
    assert state["pdf"] == "%PDF-"
    assert state["workers"] == ["worker-b"]  # a's lease was taken away with its task
    rows = installation.call(f"{WORKERS}:task_rows", name="generate_pdf")
    assert rows[-2:] == [["FAILED", "WorkerLost", ["worker-a"]], ["SUCCESSFUL", "", ["worker-b"]]]


def test_a_mailing_whose_worker_was_killed_sends_each_mail_once(installation, mail_server):
    b, _killed, made = kill_one_while_the_other_runs(
        installation,
        mail_server,
        "mail:3",
        lambda: installation.call(f"{WORKERS}:make_mailing", recipients=8),
    )
    try:
        state = installation.call(
            f"{WORKERS}:wait_done", what="mailing", pk=made["mailing"], timeout=30
        )
        assert state["done"], state
        assert b.poll() is None, log(installation, "worker-b")
    finally:
        live.stop(b)
    to = [r for m in mail_server.received for r in m.recipients]
    assert sorted(to) == sorted(made["addresses"])  # each exactly once: none lost, none twice
    third = made["addresses"][2]  # accepted by the server when worker a died: not sent again
    assert state["uncertain"] == [third]
    assert state["workers"] == ["worker-b"]
    assert state["counts"] == [8, 7, 1, 0]
    assert state["tasks"] == [
        ["FAILED", "WorkerLost", ["worker-a"]],
        ["SUCCESSFUL", "", ["worker-b"]],
    ]
