"""Benchmark of the questionnaires: the results of a large wave, and autosave under load.

    .venv/bin/python benchmarks/surveys.py [--municipalities 1000] [--questions 100]
        [--repeat 5] [--clients 1,8,32,200] [--duration 15] [--postgres] [--no-write]

Each database runs in its own child process (Django's settings cannot be switched inside one
process): SQLite always, a file in a fresh temporary data directory (WAL, as in production);
PostgreSQL when --postgres starts a throw-away cluster (production defaults: fsync on) or
--database-url names a server (a fresh database `teilhabe_bench_<pid>` is created next to the
one in the URL and dropped afterwards; the role needs CREATEDB). With --clean-head the
application is imported from a clean `git archive HEAD` instead of the work tree.

Every child
1. fills its database with Landkreis Rotenburg (Wümme) plus made-up municipalities up to
   --municipalities, a generated questionnaire of --questions questions and a wave over all of
   them with every question answered (bulk_create), and times `queries.results`,
   `queries.wave_status`, the results page and the wave page (Django's test client, logged in
   as a coordinator), counting their queries;
2. starts gunicorn as `teilhabe up` does (`--workers 2`, access log on) on 127.0.0.1, creates a
   wave of the shipped questionnaire and, for every number of --clients, lets that many
   clients post answers to its top-level questions (75; those inside repeat groups are not
   sent) through the personal links (`/s/<token>/a/<question>/`, with the CSRF cookie and
   header a browser sends), each client its own municipality and questions, for --duration
   seconds; then checks in the database that every acknowledged answer is stored with the
   acknowledged value and version. The ceiling of the same stack is measured in the
   same run: `/health/` with the same client and concurrency, and with wrk when it is installed.

Load goes to 127.0.0.1 only; every loop is bounded in time and count. The figures go into the
section "## Questionnaires: autosave and results" of BENCHMARKS.md unless --no-write is given.

This file is the parent process; the child (--worker) is surveys_worker.py (set-up and the
results), surveys_load.py (the load test) and surveys_client.py (the load client), and the
section is written by surveys_render.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import common
import surveys_render
import surveys_worker

ROOT = common.ROOT


# --------------------------------------------------------------------------------------------
# Parent process: maybe a PostgreSQL cluster, one child per database, BENCHMARKS.md.
# --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--clients", default="1,8,32,200", help="concurrent clients, comma list")
    parser.add_argument("--duration", type=float, default=15, help="seconds of each load run")
    parser.add_argument("--health-duration", type=float, default=10, help="seconds, /health/")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of autosave warm-up")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per load run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=8091, help="gunicorn's port on 127.0.0.1")
    parser.add_argument("--database-url", default="", help="postgres://… of a server to use")
    parser.add_argument("--postgres", action="store_true", help="start a throw-away cluster")
    parser.add_argument("--pg-port", type=int, default=55437)
    parser.add_argument("--pg-fsync-off", action="store_true", help="cluster without fsync")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-results", action="store_true", help="only the load test")
    parser.add_argument("--skip-load", action="store_true", help="only the results")
    parser.add_argument(
        "--clean-head",
        action="store_true",
        help="measure a clean export of HEAD's src/, not the work tree's (which may hold "
        "others' unfinished edits)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--postmaster", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.client_counts = sorted({int(c) for c in args.clients.split(",") if c.strip()})
    if args.worker:
        run = surveys_worker.worker(args)
        args.json.write_text(json.dumps(run, indent=1, default=str))
        return

    for port in (args.port,):
        if common.port_in_use(port):
            sys.exit(f"Port {port} is in use; choose another with --port")
    machine_before = machine_state()
    runs: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        if args.clean_head:
            export_head(stack)
        url, postmaster = args.database_url, 0
        if args.postgres and not url:
            durable = not args.pg_fsync_off
            cluster = common.throwaway_cluster(
                args.pg_port, fsync=durable, synchronous_commit=durable, announce=True
            )
            url, postmaster = stack.enter_context(cluster)
        databases = ([] if args.skip_sqlite else [("sqlite", "")]) + (
            [("postgresql", url)] if url else []
        )
        for name, db_url in databases:
            runs.append(run_child(args, name, db_url, postmaster))
    machine_after = machine_state()
    if not args.no_write:
        section = surveys_render.render_section(args, runs, machine_before, machine_after)
        common.write_section(args.output, surveys_render.SECTION, section)
        print(f"Wrote the section {surveys_render.SECTION!r} to {args.output}")


def export_head(stack: contextlib.ExitStack) -> None:
    """`git archive HEAD src` into a temporary directory; the children and gunicorn import
    the application from there (PYTHONPATH comes before the editable install)."""
    directory = Path(tempfile.mkdtemp(prefix="teilhabe-bench-head-"))
    stack.callback(shutil.rmtree, directory, ignore_errors=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "HEAD", "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    source = directory / "src"
    os.environ["TEILHABE_BENCH_SRC"] = str(source)
    os.environ["TEILHABE_BENCH_COMMIT"] = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(source), os.environ.get("PYTHONPATH", "")) if p
    )
    print(f"Measuring a clean export of HEAD in {source}", flush=True)


def machine_state() -> dict[str, Any]:
    return {
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "time": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def run_child(args: argparse.Namespace, name: str, url: str, postmaster: int) -> dict[str, Any]:
    """The child for one database: this script again, with --worker and the options that
    shape the measurement."""
    options = []
    for option in (
        "municipalities",
        "questions",
        "repeat",
        "seed",
        "clients",
        "duration",
        "health_duration",
        "warmup",
        "max_requests",
        "workers",
        "port",
    ):
        options += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    for flag in ("skip_results", "skip_load"):
        if getattr(args, flag):
            options.append(f"--{flag.replace('_', '-')}")
    if url:
        options += ["--database-url", url, "--postmaster", str(postmaster)]
    return common.run_child(__file__, name, options)


if __name__ == "__main__":
    sys.path.insert(0, os.environ.get("TEILHABE_BENCH_SRC") or str(ROOT / "src"))
    main()
