"""gunicorn's configuration for Teilhabe: `python -m gunicorn -c python:teilhabe.gunicorn_conf …`.

Everything that starts gunicorn loads it (`teilhabe up`, the live tests, the benchmarks), so
they all serve the same way. Bind address, workers and logging stay command-line options.

gunicorn names itself in a `Server: gunicorn` header on every answer (`Response.
default_headers` in gunicorn/http/wsgi.py, from the module-level `SERVER`; there is no setting
for it). Telling every client which server and so which bugs to try is of no use to anyone,
so the header is left out: this module is imported by the master before it forks the workers,
and the workers inherit the change. core/tests/test_gunicorn.py checks it against a real
gunicorn."""

import os
from typing import Any

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server(self: wsgi.Response) -> list[str]:
    """gunicorn's status line and headers, without the Server header."""
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server


def child_exit(server: object, worker: Any) -> None:
    """A worker ended: with the metrics shared through files (core/ops/metrics.py), its live
    gauges must no longer count. prometheus-client is imported here, in the master, only when
    the directory is configured, so that workers forked later agree with their environment."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]  # untyped
