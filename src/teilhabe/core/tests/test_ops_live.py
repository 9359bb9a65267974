"""Operations against real processes, as `teilhabe up` runs a node: gunicorn with two workers
and the task worker sharing one metrics directory, logging JSON. A scrape answered by either
worker sees the whole node: the requests both workers served and the task the worker ran."""

import asyncio
import json
import subprocess
import sys
import uuid

import pytest

from teilhabe.core.tests import live
from teilhabe.core.tests.test_ops_metrics import samples, value

pytestmark = pytest.mark.serial

TASK = "teilhabe.core.tests.test_ops_logs.double"
ENQUEUE = (
    "import django; django.setup()\n"
    "from teilhabe.core.tests.test_ops_logs import double\n"
    "print(double.enqueue(4).id)\n"
)


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_node_logs_json_and_its_metrics_add_up_over_its_processes(installation):
    metrics_dir = installation.data_dir / f"metrics-{uuid.uuid4().hex[:8]}"
    metrics_dir.mkdir()
    env = {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "TEILHABE_LOG_FORMAT": "json"}
    server = live.gunicorn(installation, workers=2, **env)
    try:
        status, _headers, body = live.request(server.port, "GET", "/ready/")
        assert (status, body) == (200, b"ready\n")

        def scrape() -> dict:
            status, _headers, body = live.request(server.port, "GET", "/metrics/")
            assert status == 200
            return samples(body)

        health = {"view": "core:health", "method": "GET", "status": "2xx"}
        before = value(scrape(), "teilhabe_request_duration_seconds_count", **health)

        async def twenty_at_once() -> list[tuple[int, dict[str, str], bytes]]:
            return await asyncio.gather(
                *[
                    live.http(server.port, "GET", "/health/", {"X-Request-ID": f"probe-{i}"})
                    for i in range(20)
                ]
            )

        answers = live.run(twenty_at_once)
        assert [a[1]["x-request-id"] for a in answers] == [f"probe-{i}" for i in range(20)]
        # Whichever worker answers the scrape, it counts the requests of both.
        for _ in range(4):
            counted = value(scrape(), "teilhabe_request_duration_seconds_count", **health)
            assert counted == before + 20

        task_id = installation_python(installation, ENQUEUE).strip().splitlines()[-1]
        queued = scrape()
        assert value(queued, "teilhabe_task_queue_depth", status="ready") >= 1
        worker = subprocess.run(
            [sys.executable, "-m", "teilhabe.cli", "manage", "task_worker", "--batch"],
            env=installation.env(**env),
            cwd=installation.data_dir,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stdout + worker.stderr
        [task_line] = [
            line for line in _json_lines(worker.stderr) if line.get("task_id") == task_id
        ]
        assert task_line["event"] == "task" and task_line["task"] == TASK
        assert task_line["status"] == "SUCCESSFUL" and task_line["worker_id"]
        done = scrape()  # gunicorn's worker reads what the task worker wrote
        ran = {"task": TASK, "status": "successful"}
        assert value(done, "teilhabe_task_duration_seconds_count", **ran) == 1
        assert (
            value(done, "teilhabe_task_queue_depth", status="ready")
            == value(queued, "teilhabe_task_queue_depth", status="ready") - 1
        )
    finally:
        live.stop(server.process)

    lines = _json_lines(server.log_text())
    probes = [line for line in lines if str(line.get("request_id", "")).startswith("probe-")]
    assert sorted(line["request_id"] for line in probes) == sorted(f"probe-{i}" for i in range(20))
    assert {(line["view"], line["status"], line["path"]) for line in probes} == {
        ("core:health", 200, "/health/")
    }
    assert all(line["user_id"] is None and line["district"] is None for line in probes)
    assert "127.0.0.1" not in server.log_text()


def installation_python(installation: live.Installation, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=installation.env(),
        cwd=installation.data_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout
