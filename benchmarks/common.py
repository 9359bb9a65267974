"""What the benchmark scripts share: a throw-away PostgreSQL cluster and databases on a server,
the child process that measures one database, the machine, the commit, gunicorn and wrk, and
writing one `## ` section of BENCHMARKS.md. How a measurement is timed (rounds of cases, CPU
sampling, percentiles) is in measure.py."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # benchmarks listen and send load on loopback only
# Never started on: PostgreSQL's default port (a real server's) and 54329, which surveys.py
# has always refused.
RESERVED_PORTS = (5432, 54329)


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) == 0


def postgres_bindir() -> Path:
    """The directory of initdb and pg_ctl: pg_config's, else the newest installed version."""
    found = subprocess.run(
        ["pg_config", "--bindir"], capture_output=True, text=True, check=False
    ).stdout.strip()
    bindir = Path(found or "/usr/lib/postgresql/15/bin")
    if not (bindir / "initdb").exists():
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    return bindir


@contextlib.contextmanager
def throwaway_cluster(
    port: int, fsync: bool = False, synchronous_commit: bool = True, announce: bool = False
) -> Iterator[tuple[str, int]]:
    """A PostgreSQL cluster in a temporary directory, stopped and removed afterwards; yields its
    URL and the postmaster's pid. fsync is off unless asked for (a benchmark, not a server of
    record); `announce` prints where the cluster starts."""
    if port_in_use(port) or port in RESERVED_PORTS:
        sys.exit(f"Port {port} is in use or reserved; choose another with --pg-port")
    bindir = postgres_bindir()
    directory = Path(tempfile.mkdtemp(prefix="teilhabe-bench-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(directory, "postgres", "postgres")
    data = directory / "data"
    if announce:
        print(f"Starting a throw-away PostgreSQL cluster in {data} on port {port}", flush=True)
    run = dict(check=True, stdout=subprocess.DEVNULL, cwd="/")
    subprocess.run(
        [
            *as_postgres,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        **run,
    )
    options = f"-p {port} -k {directory} -c listen_addresses={HOST}"
    if not fsync:
        options += " -c fsync=off"
    if not synchronous_commit:
        options += " -c synchronous_commit=off"
    subprocess.run(
        [
            *as_postgres,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(data / "log"),
            "-o",
            options,
            "-w",
            "start",
        ],
        **run,
    )
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    try:
        yield f"postgresql://postgres@{HOST}:{port}/postgres", postmaster
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )
        shutil.rmtree(directory, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """A new, empty database `name` on the server of `url` (dropped first if it exists); its
    URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(url, name)


def database_url(url: str, name: str) -> str:
    """The URL of database `name` on the server of `url`."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The child process: one database per process ------------------------------------------------


def run_child(script: str, name: str, options: list[str]) -> Any:
    """Run `script --worker name --json FILE options…` (the script itself, in a new process:
    Django's settings cannot be switched inside one) and return what it wrote to FILE."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    command = [sys.executable, script, "--worker", name, "--json", str(out), *options]
    print(f"\n=== {name} ===", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    found = json.loads(out.read_text())
    out.unlink()
    return found


@contextlib.contextmanager
def child_database(
    worker: str, database_url: str, prefix: str, environment: dict[str, str]
) -> Iterator[Path]:
    """The settings of a child that measures one database: a fresh data directory (SQLite's
    file), and for PostgreSQL a fresh database `teilhabe_bench_<pid>` next to the one in
    `database_url`; both are removed afterwards. `environment` is set as well."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["TEILHABE_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "teilhabe.settings"
    os.environ.update(environment)
    os.environ.pop("TEILHABE_DATABASE_URL", None)
    bench_db = None
    if worker == "postgresql":
        bench_db = f"teilhabe_bench_{os.getpid()}"
        os.environ["TEILHABE_DATABASE_URL"] = create_database(database_url, bench_db)
    try:
        yield data_dir
    finally:
        if bench_db:
            from django.db import connections

            connections.close_all()
            drop_database(database_url, bench_db)
        shutil.rmtree(data_dir, ignore_errors=True)


def database_version(fsync: bool = False) -> str:
    """The database of Django's connection and its version, such as "SQLite 3.46.1" or
    "PostgreSQL 15.14"; with `fsync`, PostgreSQL's says "(fsync off)" when it is off."""
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split(" ")[0]
        cursor.execute("SHOW fsync")
        off = cursor.fetchone()[0] != "on"
    return f"PostgreSQL {version}" + (" (fsync off)" if fsync and off else "")


# The machine and the commit -----------------------------------------------------------------


def git(*argv: str) -> str:
    """Git's output in the repository of the benchmarks, stripped; "" when git fails."""
    return subprocess.run(
        ["git", "-C", str(ROOT), *argv], capture_output=True, text=True, check=False
    ).stdout.strip()


def commit() -> str:
    head = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--", "src", "benchmarks")
    return head + (" with uncommitted changes" if dirty else "")


def cpu_name() -> str:
    """The model name of the first CPU in /proc/cpuinfo."""
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )


def memory_gib() -> float:
    """MemTotal of /proc/meminfo in GiB."""
    kib = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    return int(kib) / 1024**2


def environment() -> dict[str, str]:
    """The machine, Python and the moment, for a section's "Machine" line; callers add the
    versions of what they measure and the commit."""
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu_name(),
        "memory_gib": f"{memory_gib():.0f}",
        "python": platform.python_version(),
        "os": platform.platform(),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu_name()}), {memory_gib():.0f} GiB RAM, "
        f"{platform.platform()}, Python {platform.python_version()}; load average "
        f"{load} when the section was written (the machine is shared)"
    )


# The server and wrk -------------------------------------------------------------------------


def add_server_arguments(parser: argparse.ArgumentParser, port: int, pg_port: int) -> None:
    """The options of a benchmark that generates data, starts gunicorn and loads it with wrk."""
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers, as `up`")
    parser.add_argument("--port", type=int, default=port)
    parser.add_argument("--pg-port", type=int, default=pg_port)
    parser.add_argument("--activities", type=int, default=None, help="national total")
    parser.add_argument("--no-write", action="store_true")


def gunicorn_command(python: str, port: int, workers: int) -> list[str]:
    """gunicorn as `teilhabe up` starts it, on 127.0.0.1, with its access log on stdout."""
    return [
        python,
        "-m",
        "gunicorn",
        "teilhabe.wsgi:application",
        "--config",
        "python:teilhabe.gunicorn_conf",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
    ]


def access_log_statuses(path: Path) -> dict[str, int]:
    """How many requests of gunicorn's access log got each status code."""
    counts: dict[str, int] = {}
    pattern = re.compile(r'" (\d{3}) ')
    with path.open(errors="replace") as lines:
        for line in lines:
            match = pattern.search(line)
            if match:
                counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return dict(sorted(counts.items()))


# wrk's figures as one line of JSON, from its done() hook.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, '
    .. '"p99": %d, "max": %d, "status": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"timeout": %d}\\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
"""


def wrk(
    url: str,
    connections: int,
    duration: float,
    headers: dict[str, str] | None = None,
    request_script: str = "",
) -> dict[str, float]:
    """One wrk run (one thread, 30 s timeout): req/s, requests, p50/p95/p99/max ms, errors.
    `request_script` is Lua put before the reporting hook (a request() of its own)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(request_script + WRK_SCRIPT)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, "-s", script.name, url], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(script.name)
    figures = json.loads(out.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": figures["requests"] / seconds,
        "requests": figures["requests"],
        "p50": figures["p50"] / 1000,
        "p95": figures["p95"] / 1000,
        "p99": figures["p99"] / 1000,
        "max": figures["max"] / 1000,
        "errors": sum(figures[k] for k in ("status", "connect", "read", "write", "timeout")),
    }


def wrk_rounds(
    rounds: int,
    one_round: Callable[[], dict[str, dict[str, Any]]],
    log: Callable[[str], None],
    p95_digits: int = 0,
) -> list[dict[str, dict[str, Any]]]:
    """`rounds` rounds of wrk runs (one_round: the figures of each URL), each logged with the
    req/s and p95 of every URL."""
    found = []
    for r in range(rounds):
        row = one_round()
        found.append(row)
        log(
            f"round {r + 1}: "
            + ", ".join(
                f"{k} {v['rps']:.0f}/s p95 {v['p95']:.{p95_digits}f} ms" for k, v in row.items()
            )
        )
    return found


# BENCHMARKS.md ------------------------------------------------------------------------------


def reproduce(intro: str, command: str) -> list[str]:
    """The closing lines of a section: how to reproduce it, the command in a code block."""
    return [intro, "", "```bash", command, "```", ""]


def write_section(path: Path, title: str, section: str) -> None:
    """Replace the `## title` section of BENCHMARKS.md, keeping every other section."""
    text = (
        path.read_text(encoding="utf-8")
        if path.exists()
        else "# Benchmarks\n\nMeasured figures; each section says how to reproduce them.\n"
    )
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        stop = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        before = "\n".join(lines[:start]).rstrip("\n")
        after = "\n".join(lines[stop:]).strip("\n")
        new = before + "\n\n" + section.rstrip("\n") + "\n" + ("\n" + after + "\n" if after else "")
    path.write_text(new, encoding="utf-8")
