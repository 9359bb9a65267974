"""kill -9 of the server and of the background worker in the middle of their work, then a
restart: the database is consistent, an import is there whole or not at all, every
acknowledged autosave is kept, and an interrupted report PDF is made again.

The kills land at deterministic points (crashpoints.py): the process says when it is in the
middle of the work and waits there for its SIGKILL."""

import asyncio
import csv
import io
import subprocess
import sys
import time

import pytest

from teilhabe.core.tests import live
from teilhabe.testing import ZEVEN_ARS

pytestmark = pytest.mark.serial  # measures and kills servers: not beside other tests

ROWS = 300


def import_file(prefix: str) -> bytes:
    rows = [["Kommune (ARS)", "Titel", "Handlungsfeld", "Status", "Trägerart"]]
    rows += [[ZEVEN_ARS, f"{prefix} {i:03d}", "Sprache", "aktiv", "Verein"] for i in range(ROWS)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def upload(browser: live.Browser, data: bytes) -> str:
    """Upload the file; the address of its preview, where the import is confirmed."""
    body, content_type = live.multipart("file", "angebote.csv", data)
    status, headers, content = browser.send(
        "POST", f"/districts/{live.AGS}/activities/import/", body, content_type
    )
    assert status == 302, (status, content[:2000])
    preview = headers["location"]
    status, _headers, content = browser.send("GET", preview)  # the plan: no problems
    assert status == 200 and f"{ROWS}".encode() in content, content[:2000]
    return preview


def test_an_import_killed_half_way_leaves_nothing_and_runs_whole_after_restart(installation):
    before = installation.call("consistency")
    installation.marker.unlink(missing_ok=True)
    server = live.gunicorn(installation, crashpoint=f"activities:{ROWS // 3}")
    try:
        browser = live.Browser(server.port)
        browser.login("live-coordinator")
        preview = upload(browser, import_file("Abgebrochen"))

        async def confirm_and_kill() -> None:
            confirming = asyncio.ensure_future(
                live.http(
                    server.port,
                    "POST",
                    preview,
                    {
                        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
                        "X-CSRFToken": browser.csrf,
                        "Referer": f"http://{live.HOST}:{server.port}/",
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
            )
            # A hundred activities are written inside the import's transaction: kill now.
            await asyncio.to_thread(live.wait_until, installation.marker.exists, 60, "the import")
            live.kill_server(server)
            outcome = await asyncio.gather(confirming, return_exceptions=True)
            assert isinstance(outcome[0], (OSError, asyncio.IncompleteReadError)), outcome

        live.run(confirm_and_kill)
    finally:
        live.stop(server.process)
    assert "activity 100 saved" in installation.marker.read_text()

    after = installation.call("consistency")
    assert after["problems"] == []
    assert installation.call("activities_titled", prefix="Abgebrochen") == 0
    assert (after["activities"], after["activity_history"]) == (
        before["activities"],
        before["activity_history"],
    )

    server = live.gunicorn(installation)  # restarted, as after a crash
    try:
        browser = live.Browser(server.port)
        browser.login("live-coordinator")
        preview = upload(browser, import_file("Vollständig"))
        status, headers, _content = browser.send("POST", preview, b"")
        assert status == 302 and headers["location"].endswith("/activities/"), status
    finally:
        live.stop(server.process)
    assert installation.call("activities_titled", prefix="Vollständig") == ROWS
    assert installation.call("consistency")["problems"] == []


def test_a_server_killed_during_an_autosave_burst_keeps_every_acknowledged_save(installation):
    wave = installation.call("make_wave", clients=40, questions=5, name="Absturztest")
    answerers = [live.Answerer(name, token) for name, token in wave["links"]]
    tally = live.Tally()
    server = live.gunicorn(installation)
    try:

        async def burst_and_kill() -> None:
            deadline = time.monotonic() + 120  # the kill ends the burst long before
            clients = [
                asyncio.ensure_future(
                    live.answer_until(server.port, a, wave["questions"], tally, deadline)
                )
                for a in answerers
            ]
            while tally.acknowledged < 300:  # the burst is well under way
                assert not all(c.done() for c in clients), tally
                await asyncio.sleep(0.01)
            live.kill_server(server)
            await asyncio.gather(*clients)

        live.run(burst_and_kill)
    finally:
        live.stop(server.process)
    assert tally.unexpected == [] and set(tally.statuses) == {200}, tally
    assert sum(tally.failures.values()) == len(answerers), "every client lost its connection"
    assert sum(a.in_flight is not None for a in answerers) == len(answerers)

    assert installation.call("consistency")["problems"] == []
    assert live.check_answers(answerers, installation.call("answers", wave=wave["wave"])) == []

    # After the restart every link works and saves again, on top of what was kept.
    # A save in flight at the kill may have been committed: what is stored is the truth now.
    stored = installation.call("answers", wave=wave["wave"])
    for a in answerers:
        a.acknowledged = {q: (value, v) for m, q, value, v in stored if m == a.municipality}
        a.versions = {q: v for q, (_value, v) in a.acknowledged.items()}
        a.in_flight = None
    server = live.gunicorn(installation)
    try:

        async def once_more() -> None:
            for a in answerers:
                assert await live.open_link(server.port, a, tally)
                assert await live.autosave(server.port, a, wave["questions"][0], tally)

        live.run(once_more)
    finally:
        live.stop(server.process)
    assert live.check_answers(answerers, installation.call("answers", wave=wave["wave"])) == []


def test_a_worker_killed_during_a_report_pdf_is_recovered_by_the_next_start(installation):
    report = installation.call("make_report")["report"]
    installation.marker.unlink(missing_ok=True)
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "teilhabe.core.tests.crashpoints",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
        ],
        env=installation.env(TEILHABE_CRASHPOINT="pdf:20"),
        cwd=installation.data_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        live.wait_until(installation.marker.exists, 90, "the PDF to be half made")
        live.kill_hard([worker.pid])
    finally:
        live.stop(worker)
    state = installation.call("report_state", report=report)
    assert (state["task_state"], state["progress"], state["pdf"]) == ("running", 20, "")
    assert [status for status, _e, _a in state["tasks"]] == ["RUNNING"]  # for ever, unaided

    # `teilhabe up` recovers before it starts its worker, which then makes the PDF.
    up = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "teilhabe.cli",
            "up",
            "--port",
            str(live.free_port()),
            "--workers",
            "1",
        ],
        env=installation.env(),
        cwd=installation.data_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        done = live.wait_until(
            lambda: (
                (s := installation.call("report_state", report=report))["task_state"] == "done"
                and s
            ),
            120,
            "the PDF to be made again",
            interval=0.5,
        )
    finally:
        live.stop(up)
    output = up.stdout.read()
    assert "Hintergrundaufgaben" in output and "erneut eingereiht: 1" in output, output
    assert done["pdf"] == "%PDF-"
    assert [(status, error.rsplit(".", 1)[-1]) for status, error, _a in done["tasks"]] == [
        ("FAILED", "WorkerLost"),
        ("SUCCESSFUL", ""),
    ]
