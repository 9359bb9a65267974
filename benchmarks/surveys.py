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
   wave of the shipped questionnaire (75 questions) and, for every number of --clients, lets
   that many clients post answers through the personal links (`/s/<token>/a/<question>/`, with
   the CSRF cookie and header a browser sends), each client its own municipality and questions,
   for --duration seconds; then checks in the database that every acknowledged answer is stored
   with the acknowledged value and version. The ceiling of the same stack is measured in the
   same run: `/health/` with the same client and concurrency, and with wrk when it is installed.

Load goes to 127.0.0.1 only; every loop is bounded in time and count. The figures go into the
section "## Questionnaires: autosave and results" of BENCHMARKS.md unless --no-write is given.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import common

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Questionnaires: autosave and results"
AGS = "03357"
BATCH = 5000
HOST = "127.0.0.1"  # loopback only
REQUEST_TIMEOUT = 30.0  # seconds; gunicorn's default worker timeout
WORDS = [
    "Sprachkurs",
    "Ehrenamt",
    "Beratung",
    "Kita",
    "Schule",
    "Wohnraum",
    "Arbeit",
    "Verein",
    "Treffpunkt",
    "Netzwerk",
    "Patenschaft",
    "Dolmetscher",
    "Sport",
    "Kultur",
    "Familie",
    "Jugend",
    "Frauen",
    "Senioren",
    "fehlt",
    "vorhanden",
    "gut",
]


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
        run = worker(args)
        args.json.write_text(json.dumps(run, indent=1, default=str))
        return

    for port in (args.port,):
        if port_in_use(port):
            sys.exit(f"Port {port} is in use; choose another with --port")
    machine_before = machine_state()
    runs: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        if args.clean_head:
            export_head(stack)
        url, postmaster = args.database_url, 0
        if args.postgres and not url:
            url, postmaster = stack.enter_context(
                throwaway_cluster(args.pg_port, fsync=not args.pg_fsync_off)
            )
        databases = ([] if args.skip_sqlite else [("sqlite", "")]) + (
            [("postgresql", url)] if url else []
        )
        for name, db_url in databases:
            runs.append(run_child(args, name, db_url, postmaster))
    machine_after = machine_state()
    if not args.no_write:
        section = render_section(args, runs, machine_before, machine_after)
        common.write_section(args.output, SECTION, section)
        print(f"Wrote the section {SECTION!r} to {args.output}")


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


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) == 0


def machine_state() -> dict[str, Any]:
    return {
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "time": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def run_child(args: argparse.Namespace, name: str, url: str, postmaster: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    command = [sys.executable, __file__, "--worker", name, "--json", str(out)]
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
        command += [f"--{option.replace('_', '-')}", str(getattr(args, option))]
    for flag in ("skip_results", "skip_load"):
        if getattr(args, flag):
            command.append(f"--{flag.replace('_', '-')}")
    if url:
        command += ["--database-url", url, "--postmaster", str(postmaster)]
    print(f"\n=== {name} ===", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    run = json.loads(out.read_text())
    out.unlink()
    return run


@contextlib.contextmanager
def throwaway_cluster(port: int, fsync: bool) -> Iterator[tuple[str, int]]:
    """A PostgreSQL cluster in a temporary directory, stopped and removed afterwards (as in
    benchmarks/inventory.py); yields its URL and the postmaster's pid."""
    if port_in_use(port) or port in (5432, 54329):
        sys.exit(f"Port {port} is in use or reserved; choose another with --pg-port")
    bindir = Path(
        subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        or "/usr/lib/postgresql/15/bin"
    )
    if not (bindir / "initdb").exists():
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    directory = Path(tempfile.mkdtemp(prefix="teilhabe-bench-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(directory, "postgres", "postgres")
    data = directory / "data"
    print(f"Starting a throw-away PostgreSQL cluster in {data} on port {port}", flush=True)
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
        check=True,
        stdout=subprocess.DEVNULL,
        cwd="/",
    )
    options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1"
    if not fsync:
        options += " -c fsync=off -c synchronous_commit=off"
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
        check=True,
        stdout=subprocess.DEVNULL,
        cwd="/",
    )
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres", postmaster
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )
        shutil.rmtree(directory, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Child process: one database, filled, measured, loaded.
# --------------------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="teilhabe-bench-surveys-"))
    os.environ["TEILHABE_DATA_DIR"] = str(data_dir)
    os.environ["TEILHABE_ENV"] = "local"  # as `teilhabe up` runs: manifest static files
    os.environ["DJANGO_SETTINGS_MODULE"] = "teilhabe.settings"
    os.environ.pop("TEILHABE_DATABASE_URL", None)
    bench_db = None
    if args.worker == "postgresql":
        bench_db, url = create_pg_database(args.database_url)
        os.environ["TEILHABE_DATABASE_URL"] = url
    try:
        import django

        import teilhabe

        source = os.environ.get("TEILHABE_BENCH_SRC")
        if source and not (
            teilhabe.__path__[0].startswith(source) and application_path().startswith(source)
        ):
            sys.exit(f"teilhabe is not imported from {source}: {teilhabe.__path__[0]}")
        django.setup()
        return fill_and_measure(args, data_dir)
    finally:
        if bench_db:
            from django.db import connections

            connections.close_all()
            drop_pg_database(args.database_url, bench_db)
        shutil.rmtree(data_dir, ignore_errors=True)


def create_pg_database(url: str) -> tuple[str, str]:
    import psycopg

    name = f"teilhabe_bench_{os.getpid()}"
    with psycopg.connect(pg_conninfo(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return name, urlunsplit(parts._replace(path=f"/{name}"))


def drop_pg_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(pg_conninfo(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_conninfo(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def log(args: argparse.Namespace, text: str) -> None:
    print(f"[{args.worker}] {text}", flush=True)


def fill_and_measure(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from teilhabe.regions.models import District
    from teilhabe.regions.reference import load_rotenburg

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_rotenburg()
    district = District.objects.get(ags=AGS)
    coordinator = make_coordinator(district)
    add_municipalities(district, args.municipalities)
    log(
        args,
        f"migrated, static files collected, {district.name} with "
        f"{district.municipalities.count()} municipalities in "
        f"{time.perf_counter() - started:.1f} s",
    )
    run: dict[str, Any] = {
        "database": connection.vendor,
        "database_version": database_version(),
        "environment": environment(),
    }
    if not args.skip_results:
        run["results"] = results_benchmark(args, district, coordinator)
    if not args.skip_load:
        run["load"] = load_benchmark(args, district, data_dir)
    return run


def make_coordinator(district: Any) -> Any:
    from teilhabe.accounts.models import Membership, Role, User

    user = User.objects.create(username="bench-coordinator")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, role=Role.COORDINATOR, district=district)
    return user


def add_municipalities(district: Any, total: int) -> None:
    """Made-up municipalities (ARS 0335799nnnnn, kind gemeinde, unique names) up to `total`."""
    from teilhabe.regions.models import Municipality

    have = district.municipalities.count()
    Municipality.objects.bulk_create(
        [
            Municipality(
                district=district,
                ars=f"0335799{i:05d}",
                name=f"Testgemeinde {i:05d}",
                kind="gemeinde",
            )
            for i in range(have, total)
        ],
        batch_size=BATCH,
    )


# Part 1: results of a large wave ------------------------------------------------------------


def synthetic_form(n: int) -> Any:
    """N questions cycling through text, integer, select_one and select_multiple, ten to a
    section, labels in German and English, five choices per list."""
    from teilhabe.surveys.xlsform import Choice, Form, Question, Section

    types = ("text", "integer", "select_one", "select_multiple")
    choices = tuple(Choice(f"c{c}", {"de": f"Option {c}", "en": f"Option {c}"}) for c in range(5))
    questions = [
        Question(
            name=f"q{i:03d}",
            type=types[i % len(types)],
            labels={"de": f"Frage {i + 1}", "en": f"Question {i + 1}"},
            choices=choices if types[i % len(types)].startswith("select") else (),
        )
        for i in range(n)
    ]
    sections = tuple(
        Section(f"s{k}", {"de": f"Teil {k + 1}"}, questions=tuple(questions[k * 10 : k * 10 + 10]))
        for k in range((n + 9) // 10)
    )
    return Form(f"Synthetischer Fragebogen ({n} Fragen)", f"synthetic_{n}", "1", "de", sections)


def random_value(rng: random.Random, question: Any) -> Any:
    if question.type == "integer":
        return rng.randint(0, 500)
    if question.type == "select_one":
        return rng.choice(question.choices).name
    if question.type == "select_multiple":
        return sorted(c.name for c in rng.sample(question.choices, rng.randint(1, 3)))
    return " ".join(rng.choices(WORDS, k=rng.randint(1, 12)))


def make_large_wave(args: argparse.Namespace, district: Any) -> tuple[Any, dict[str, Any]]:
    from django.db import transaction
    from django.utils import timezone

    from teilhabe.surveys import services
    from teilhabe.surveys.models import Answer, Response, ResponseStatus

    rng = random.Random(args.seed)
    form = synthetic_form(args.questions)
    questions = list(form.questions())
    started = time.perf_counter()
    version = services.create_questionnaire(district, form)
    today = timezone.localdate()
    municipalities = list(district.municipalities.order_by("ars")[: args.municipalities])
    wave, _tokens = services.create_wave(
        version, "Große Welle", today, today + datetime.timedelta(days=60), municipalities
    )
    wave_seconds = time.perf_counter() - started
    responses = list(Response.objects.filter(invitation__wave=wave).order_by("pk"))
    started = time.perf_counter()
    rows = 0
    for first in range(0, len(responses), max(1, BATCH // max(1, len(questions)))):
        chunk = responses[first : first + max(1, BATCH // max(1, len(questions)))]
        with transaction.atomic():
            Answer.objects.bulk_create(
                [
                    Answer(response=r, question=q.name, value=random_value(rng, q))
                    for r in chunk
                    for q in questions
                ],
                batch_size=BATCH,
            )
        rows += len(chunk) * len(questions)
    submitted = [r.pk for r in responses if rng.random() < 0.7]
    Response.objects.filter(pk__in=submitted).update(
        status=ResponseStatus.SUBMITTED, submitted_at=timezone.now()
    )
    Response.objects.exclude(pk__in=submitted).filter(invitation__wave=wave).update(
        status=ResponseStatus.IN_PROGRESS
    )
    answers_seconds = time.perf_counter() - started
    stored = Answer.objects.filter(response__invitation__wave=wave).count()
    if stored != len(responses) * len(questions):
        sys.exit(f"expected {len(responses) * len(questions)} answers, found {stored}")
    return wave, {
        "municipalities": len(responses),
        "questions": len(questions),
        "types": dict(Counter(q.type for q in questions)),
        "answers": stored,
        "submitted": len(submitted),
        "wave_seconds": round(wave_seconds, 1),
        "answers_seconds": round(answers_seconds, 1),
    }


def results_benchmark(args: argparse.Namespace, district: Any, coordinator: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from teilhabe.surveys import queries
    from teilhabe.surveys.models import Wave

    wave, data = make_large_wave(args, district)
    log(
        args,
        f"wave of {data['municipalities']:,} municipalities x {data['questions']} "
        f"questions, {data['answers']:,} answers: wave {data['wave_seconds']} s, "
        f"answers {data['answers_seconds']} s",
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    client = Client(HTTP_HOST=HOST)
    client.force_login(coordinator)

    def as_the_view_reads_it() -> Any:
        return Wave.objects.select_related("district", "version__questionnaire").get(pk=wave.pk)

    fresh = as_the_view_reads_it()

    def results() -> str:
        found = queries.results(fresh)
        cells = sum(len(r.by_municipality) for r in found)
        return f"{len(found)} questions, {cells:,} answers shown"

    def status() -> str:
        found = queries.wave_status(fresh)
        answered = sum(r.answered for r in found.rows)
        return f"{len(found.rows):,} rows, {answered:,} answered, rate {found.rate} %"

    def page(url: str) -> Callable[[], str]:
        def get() -> str:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return f"{len(response.content) / 1024 / 1024:,.1f} MiB HTML"

        return get

    cases = [
        ("queries.results(wave)", results),
        ("queries.wave_status(wave)", status),
        ("GET results page", page(reverse("surveys:results", args=[wave.pk]))),
        (
            "GET wave page (status of every municipality)",
            page(reverse("surveys:wave-detail", args=[wave.pk])),
        ),
    ]
    load_before = [round(x, 2) for x in os.getloadavg()]
    measured = time_cases(args, cases)
    return {
        "data": data,
        "cases": measured,
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }


def time_cases(args: argparse.Namespace, cases: list[tuple[str, Callable[[], Any]]]) -> list:
    """Round 0 is the warm-up, under CaptureQueriesContext; rounds 1…repeat are timed, round by
    round through the list, counting queries with a bare execute wrapper."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm: dict[str, tuple[int, Any]] = {}
    times: dict[str, list[float]] = {}
    counts: dict[str, list[int]] = {}
    for round_ in range(args.repeat + 1):
        for name, fn in cases:
            if round_ == 0:
                with CaptureQueriesContext(connection) as captured:
                    outcome = fn()
                warm[name] = (len(captured), outcome)
                continue
            executed = 0

            def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
                nonlocal executed
                executed += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                start = time.perf_counter()
                fn()
                times.setdefault(name, []).append((time.perf_counter() - start) * 1000)
            counts.setdefault(name, []).append(executed)
        print(
            f"  round {round_}/{args.repeat} done" + (" (warm-up)" if not round_ else ""),
            flush=True,
        )
    found = []
    for name, _ in cases:
        queries, outcome = warm[name]
        result = {
            "name": name,
            "min_ms": round(min(times[name]), 1) if times else None,
            "median_ms": round(statistics.median(times[name]), 1) if times else None,
            "max_ms": round(max(times[name]), 1) if times else None,
            "queries": queries,
            "queries_timed_runs": sorted(set(counts.get(name, [queries]))),
            "outcome": outcome,
        }
        found.append(result)
        print(
            f"  {name:<48} {result['min_ms']:>9,.1f} {result['median_ms']:>9,.1f} "
            f"{result['max_ms']:>9,.1f} ms  {queries:>2} queries  {outcome}",
            flush=True,
        )
    return found


# Part 2: autosave under load ----------------------------------------------------------------


@dataclass
class Answerer:
    """One municipality's personal link, as the browser of its clerk holds it."""

    municipality: str
    token: str
    cookie: str = ""
    csrf: str = ""
    versions: dict[str, int] = field(default_factory=dict)  # as the page shows them
    saves: dict[str, int] = field(default_factory=dict)  # acknowledged saves per question
    last_raw: dict[str, Any] = field(default_factory=dict)  # last acknowledged input
    next_question: int = 0


@dataclass
class Tally:
    """What one load run saw."""

    latencies: list[float] = field(default_factory=list)  # ms, every completed request
    statuses: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)  # no HTTP answer: timeout, reset, …
    acknowledged: int = 0
    conflicts: int = 0
    refused: int = 0  # 200 without "saved": an error message in the save state
    version_surprises: int = 0
    started: float = 0.0
    finished: float = 0.0


async def http(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on a new connection (gunicorn's sync workers close each one)."""
    async with asyncio.timeout(REQUEST_TIMEOUT):
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            if body or method == "POST":
                lines.append(f"Content-Length: {len(body)}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            received: dict[str, str] = {}
            for line in header_lines:
                if ":" in line:
                    key, value = line.split(":", 1)
                    key = key.strip().lower()
                    received[key] = (received[key] + "\n" if key in received else "") + (
                        value.strip()
                    )
            length = received.get("content-length")
            content = await (reader.readexactly(int(length)) if length else reader.read())
            return int(status_line.split(" ", 2)[1]), received, content
        finally:
            writer.close()


def raw_input_for(question: Any, n: int, municipality: str) -> Any:
    """The n-th input for a question: every save changes the answer, so the stored version
    must count the acknowledged saves exactly."""
    if question.type == "integer":
        return str(1950 + n % 80)
    if question.type == "decimal":
        return f"{n}.5"
    if question.type == "date":
        return (datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 365)).isoformat()
    if question.type in ("select_one", "yes_no"):
        return question.choices[n % len(question.choices)].name
    if question.type == "select_multiple":
        names = [c.name for c in question.choices]
        return names[:1] if n % 2 else names[:2]
    return f"Antwort {n} aus {municipality}: {WORDS[n % len(WORDS)]}"


# "saved", or saved with a warning about a constraint ("gespeichert; bitte … korrigieren")
SAVED = re.compile(rb'class="save-ok"|\((?:gespeichert|saved);')
VERSION = re.compile(rb'name="v-[^"]+" value="(\d+)"')


async def answer_loop(
    port: int,
    answerer: Answerer,
    questions: list[Any],
    offset: int,
    tally: Tally,
    deadline: float,
    budget: list[int],
) -> None:
    """Post answers of one municipality, question after question, until the deadline."""
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        question = questions[(offset + answerer.next_question) % len(questions)]
        answerer.next_question += 1
        name = question.name
        n = answerer.saves.get(name, 0) + 1
        raw = raw_input_for(question, n, answerer.municipality)
        expected = answerer.versions.get(name, 0)
        form = [(name, v) for v in (raw if isinstance(raw, list) else [raw])]
        body = urlencode([*form, (f"v-{name}", str(expected))]).encode()
        headers = {
            "Cookie": f"csrftoken={answerer.cookie}",
            "X-CSRFToken": answerer.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
        }
        start = time.perf_counter()
        try:
            status, _headers, content = await http(
                port, "POST", f"/s/{answerer.token}/a/{name}/", headers, body
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            tally.failures[type(error).__name__] += 1
            continue
        tally.latencies.append((time.perf_counter() - start) * 1000)
        tally.statuses[status] += 1
        if status != 200:
            continue
        found = VERSION.search(content)
        version = int(found.group(1)) if found else None
        if SAVED.search(content):
            tally.acknowledged += 1
            answerer.saves[name] = n
            answerer.last_raw[name] = raw
            if version != expected + 1:
                tally.version_surprises += 1
        elif b"kern-error" in content and version is not None and version != expected:
            tally.conflicts += 1  # someone else's save: take over its version, as a person would
        else:
            tally.refused += 1
        if version is not None:
            answerer.versions[name] = version


async def health_loop(port: int, tally: Tally, deadline: float, budget: list[int]) -> None:
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        start = time.perf_counter()
        try:
            status, _headers, _content = await http(port, "GET", "/health/", {})
        except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
            tally.failures[type(error).__name__] += 1
            continue
        tally.latencies.append((time.perf_counter() - start) * 1000)
        tally.statuses[status] += 1
        tally.acknowledged += status == 200


async def run_load(
    loops: list[Callable[[float, list[int]], Any]], duration: float, max_requests: int, tally: Tally
) -> None:
    budget = [max_requests]
    tally.started = time.perf_counter()
    deadline = tally.started + duration
    await asyncio.gather(*(loop(deadline, budget) for loop in loops))
    tally.finished = time.perf_counter()


async def open_links(port: int, answerers: list[Answerer]) -> None:
    """GET each answering page once, as a browser does: the CSRF cookie and the form's token."""
    cookie = re.compile(r"csrftoken=([^;]+)")
    hidden = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    for answerer in answerers:
        status, headers, content = await http(port, "GET", f"/s/{answerer.token}/", {})
        found_cookie = cookie.search(headers.get("set-cookie", ""))
        found_hidden = hidden.search(content)
        if status != 200 or not found_cookie or not found_hidden:
            sys.exit(f"answering page of {answerer.municipality}: HTTP {status}, no CSRF token")
        answerer.cookie = found_cookie.group(1)
        answerer.csrf = found_hidden.group(1).decode()


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary(tally: Tally) -> dict[str, Any]:
    elapsed = tally.finished - tally.started
    completed = len(tally.latencies)
    errors = sum(tally.failures.values()) + sum(
        n for status, n in tally.statuses.items() if status != 200
    )
    return {
        "seconds": round(elapsed, 2),
        "requests": completed + sum(tally.failures.values()),
        "completed": completed,
        "rps": round(completed / elapsed, 1) if elapsed else 0,
        "ok_rps": round(tally.acknowledged / elapsed, 1) if elapsed else 0,
        "acknowledged": tally.acknowledged,
        "p50": rounded(percentile(tally.latencies, 50)),
        "p95": rounded(percentile(tally.latencies, 95)),
        "p99": rounded(percentile(tally.latencies, 99)),
        "max": rounded(max(tally.latencies) if tally.latencies else None),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "failures": dict(tally.failures),
        "errors": errors,
        "conflicts": tally.conflicts,
        "refused": tally.refused,
        "version_surprises": tally.version_surprises,
    }


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# CPU accounting from /proc: who used the two cores during a run ----------------------------


def process_tree(root: int) -> list[int]:
    """A process and its direct children (gunicorn's workers, PostgreSQL's backends)."""
    pids = [root]
    with contextlib.suppress(OSError, ValueError):
        pids += [int(p) for p in Path(f"/proc/{root}/task/{root}/children").read_text().split()]
    return pids


def cpu_of(pid: int) -> tuple[float, float] | None:
    """Seconds a process has run on a CPU and waited in the run queue for one (utime + stime
    from /proc/PID/stat, run_delay from /proc/PID/schedstat); None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        delay = int(Path(f"/proc/{pid}/schedstat").read_text().split()[1]) / 1e9
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), delay
    except (OSError, IndexError, ValueError):
        return None


class CpuSampler(threading.Thread):
    """Samples the CPU time of process trees every 0.2 s. A process that ends during the run
    (PostgreSQL replaces a connection after CONN_MAX_AGE) keeps its last sample, and one that
    starts counts from zero, so only its last 0.2 s before ending can be missed."""

    def __init__(self, roots: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.roots = {label: root for label, root in roots.items() if root}
        self.first: dict[tuple[str, int], tuple[float, float]] = {}
        self.last: dict[tuple[str, int], tuple[float, float]] = {}
        self.halt = threading.Event()
        self.sample(initial=True)

    def sample(self, initial: bool = False) -> None:
        for label, root in self.roots.items():
            for pid in process_tree(root):
                found = cpu_of(pid)
                if found is None:
                    continue
                self.first.setdefault((label, pid), found if initial else (0.0, 0.0))
                self.last[(label, pid)] = found

    def run(self) -> None:
        while not self.halt.wait(0.2):
            self.sample()

    def stop(self) -> dict[str, tuple[float, float]]:
        """Per tree: CPU seconds and seconds waited for a CPU during the run."""
        self.halt.set()
        self.join(timeout=5)
        self.sample()
        totals = dict.fromkeys(self.roots, (0.0, 0.0))
        for (label, pid), (cpu, wait) in self.last.items():
            first_cpu, first_wait = self.first[(label, pid)]
            running, waiting = totals[label]
            totals[label] = (running + cpu - first_cpu, waiting + wait - first_wait)
        return totals


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def client_seconds() -> float:
    """CPU of this process and of its finished children (wrk; gunicorn is still running)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextlib.contextmanager
def cpu_meter(gunicorn: int, postmaster: int) -> Iterator[dict[str, float]]:
    found: dict[str, float] = {}
    sampler = CpuSampler({"gunicorn": gunicorn, "postgres": postmaster})
    sampler.start()
    before = (client_seconds(), machine_busy(), time.perf_counter())
    try:
        yield found
    finally:
        servers = sampler.stop()
    after = (client_seconds(), machine_busy(), time.perf_counter())
    wall = after[2] - before[2]
    busy = after[1][0] - before[1][0]
    total = after[1][1] - before[1][1]
    gunicorn_cpu, gunicorn_wait = servers.get("gunicorn", (0.0, 0.0))
    postgres_cpu, postgres_wait = servers.get("postgres", (0.0, 0.0))
    found.update(
        {
            "gunicorn_cores": round(gunicorn_cpu / wall, 2),
            "gunicorn_waiting": round(gunicorn_wait / wall, 2),
            "postgres_cores": round(postgres_cpu / wall, 2),
            "postgres_waiting": round(postgres_wait / wall, 2),
            "client_cores": round((after[0] - before[0]) / wall, 2),
            "machine_busy_pct": round(100 * busy / total, 1) if total else 0.0,
        }
    )


# The server -------------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(args: argparse.Namespace, data_dir: Path) -> Iterator[subprocess.Popen]:
    """gunicorn as `teilhabe up` starts it, on 127.0.0.1; stopped by its own pid afterwards."""
    if port_in_use(args.port):
        sys.exit(f"Port {args.port} is in use; choose another with --port")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "teilhabe.wsgi:application",
        "--config",
        "python:teilhabe.gunicorn_conf",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    access = (data_dir / "access.log").open("wb")
    errors = (data_dir / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        command, env=dict(os.environ), cwd=data_dir, stdout=access, stderr=errors
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                sys.exit(f"gunicorn exited with {server.returncode}; see {data_dir}/gunicorn.log")
            with contextlib.suppress(OSError, TimeoutError, asyncio.IncompleteReadError):
                status, _h, _c = asyncio.run(http(args.port, "GET", "/health/", {}))
                if status == 200:
                    break
            time.sleep(0.2)
        else:
            sys.exit("gunicorn did not answer /health/ within 60 s")
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        access.close()
        errors.close()


def server_log_counts(data_dir: Path) -> dict[str, int]:
    text = (data_dir / "gunicorn.log").read_text(errors="replace")
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database is locked": text.count("database is locked"),
        "worker timeouts": text.count("WORKER TIMEOUT"),
    }


def wrk_health(args: argparse.Namespace, clients: int) -> dict[str, Any] | None:
    """The stack's ceiling measured by wrk (C, keep-alive where the server allows it)."""
    if not shutil.which("wrk"):
        return None
    threads = max(1, min(2, clients))
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{args.health_duration:g}s",
            "--latency",
            "--timeout",
            f"{REQUEST_TIMEOUT:g}s",
            f"http://{HOST}:{args.port}/health/",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=args.health_duration + REQUEST_TIMEOUT + 30,
    ).stdout

    def ms(label: str) -> float | None:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            return None
        factor = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
        return round(float(found.group(1)) * factor, 1)

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        out,
    )
    return {
        "rps": float(rps.group(1)) if rps else None,
        "requests": int(requests.group(1)) if requests else None,
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": (int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(g) for g in socket_errors.groups()) if socket_errors else 0),
        "raw": out.strip().splitlines()[-12:],
    }


def make_load_wave(args: argparse.Namespace, district: Any) -> tuple[Any, list[Answerer], list]:
    """A wave of the shipped questionnaire over as many municipalities as the most clients."""
    from django.utils import timezone

    from teilhabe.regions.models import Municipality
    from teilhabe.surveys import services
    from teilhabe.testing import default_questionnaire

    form = default_questionnaire()
    version = services.create_questionnaire(district, form)
    today = timezone.localdate()
    needed = max(args.client_counts) + 1  # the last one is for counting queries
    municipalities = list(district.municipalities.order_by("ars")[:needed])
    if len(municipalities) < needed:
        sys.exit(f"need {needed} municipalities (--municipalities), have {len(municipalities)}")
    wave, tokens = services.create_wave(
        version, "Lasttest", today, today + datetime.timedelta(days=30), municipalities
    )
    names = dict(Municipality.objects.filter(pk__in=tokens).values_list("pk", "name"))
    answerers = [Answerer(names[m.pk], tokens[m.pk]) for m in municipalities]
    questions = [q for q in form.questions() if q.type != "note"]
    return wave, answerers, questions


def queries_per_request(wave: Any, answerers: list[Answerer], questions: list) -> dict[str, int]:
    """Queries of one answering page and one autosave, through the test client, for a
    municipality that the load never touches (the last one)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client(HTTP_HOST=HOST)
    token = answerers[-1].token
    page = reverse("surveys:answer-by-link", args=[token])
    found = {}
    for label, call in (
        ("answering page", lambda: client.get(page)),
        (
            "autosave, first answer",
            lambda: client.post(
                reverse("surveys:autosave-by-link", args=[token, questions[0].name]),
                {
                    questions[0].name: raw_input_for(questions[0], 1, ""),
                    f"v-{questions[0].name}": 0,
                },
            ),
        ),
        (
            "autosave, changed answer",
            lambda: client.post(
                reverse("surveys:autosave-by-link", args=[token, questions[0].name]),
                {
                    questions[0].name: raw_input_for(questions[0], 2, ""),
                    f"v-{questions[0].name}": 1,
                },
            ),
        ),
        ("/health/", lambda: client.get("/health/")),
    ):
        with CaptureQueriesContext(connection) as captured:
            response = call()
        assert response.status_code == 200, (label, response.status_code)
        found[label] = len(captured)
    return found


def profile_autosave(answerer: Answerer, questions: list, n: int = 60) -> dict[str, Any]:
    """Where one autosave's time goes, in this process through the test client (no network,
    no gunicorn): n autosaves timed plainly, then n under cProfile (which inflates Python
    code, so only the shares are meant to be compared)."""
    import cProfile
    import pstats

    from django.test import Client
    from django.urls import reverse

    from teilhabe.surveys.services import invitation_for

    client = Client(HTTP_HOST=HOST)
    response = invitation_for(answerer.token).response
    versions: dict[str, int] = dict(response.answers.values_list("question", "version"))
    posted = [0]

    def post() -> None:
        posted[0] += 1
        question = questions[posted[0] % len(questions)]
        raw = raw_input_for(question, posted[0] + 10, answerer.municipality)
        url = reverse("surveys:autosave-by-link", args=[answerer.token, question.name])
        data = {question.name: raw, f"v-{question.name}": versions.get(question.name, 0)}
        response = client.post(url, data)
        found = VERSION.search(response.content)
        assert response.status_code == 200 and SAVED.search(response.content), response.content
        versions[question.name] = int(found.group(1)) if found else 0

    for _ in range(10):
        post()
    start = time.perf_counter()
    for _ in range(n):
        post()
    plain = (time.perf_counter() - start) * 1000 / n
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(lambda: [post() for _ in range(n)])
    profiled = (time.perf_counter() - start) * 1000 / n
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    parts = {
        "the view (`autosave_by_link`)": ("surveys/views.py", "autosave_by_link"),
        "`services.invitation_for` (token)": ("surveys/services.py", "invitation_for"),
        "`services.save_answer`": ("surveys/services.py", "save_answer"),
        "`answering.fields` after saving": ("surveys/answering.py", "fields"),
        "`runtime.compile_form`": ("surveys/runtime.py", "compile_form"),
        "`runtime.relevant` (skip logic)": ("surveys/runtime.py", "relevant"),
        "JSON encoding (`json.dumps`)": ("json/encoder.py", "encode"),
        "JSON decoding (`json.loads`)": ("json/decoder.py", "decode"),
        "SQL execution (`cursor.execute`)": ("db/backends/utils.py", "_execute_with_wrappers"),
        "template rendering (`render`)": ("django/shortcuts.py", "render"),
    }
    found: dict[str, Any] = {"plain_ms": round(plain, 2), "profiled_ms": round(profiled, 2)}
    rows = []
    for label, (path, function) in parts.items():
        calls = cumulative = 0.0
        for (file, _line, func), (_cc, nc, _tt, ct, _callers) in stats.items():
            if file.endswith(path) and func == function:
                calls += nc
                cumulative += ct
        rows.append(
            {
                "part": label,
                "calls": round(calls / n, 1),
                "ms": round(cumulative * 1000 / n, 2),
                "share": round(cumulative * 1000 / n / profiled, 3) if profiled else 0,
            }
        )
    found["parts"] = rows
    return found


def verify(wave: Any, answerers: list[Answerer], questions: list) -> dict[str, int]:
    """Every acknowledged answer must be stored with the last acknowledged value, and its
    version must equal the number of acknowledged saves (each save changed the answer)."""
    from teilhabe.surveys import runtime
    from teilhabe.surveys.models import Answer

    by_name = {q.name: q for q in questions}
    stored = {
        (token, question): (value, version)
        for token, question, value, version in Answer.objects.filter(
            response__invitation__wave=wave
        ).values_list("response__invitation__municipality__name", "question", "value", "version")
        if token in {a.municipality for a in answerers}  # not the spare one
    }
    expected = {
        (a.municipality, name): (runtime.coerce(by_name[name], a.last_raw[name]), a.saves[name])
        for a in answerers
        for name in a.saves
    }
    missing = sum(1 for key in expected if key not in stored)
    wrong_value = sum(1 for k, v in expected.items() if k in stored and stored[k][0] != v[0])
    wrong_version = sum(1 for k, v in expected.items() if k in stored and stored[k][1] != v[1])
    # Stored but never acknowledged, or more saves stored than acknowledged: a request that
    # the server committed while the client gave up waiting.
    unacknowledged = sum(1 for key in stored if key not in expected)
    return {
        "acknowledged_saves": sum(sum(a.saves.values()) for a in answerers),
        "answers_acknowledged": len(expected),
        "answers_stored": len(stored),
        "saves_stored": sum(version for _value, version in stored.values()),
        "missing": missing,
        "wrong_value": wrong_value,
        "wrong_version": wrong_version,
        "stored_unacknowledged": unacknowledged,
    }


def load_benchmark(args: argparse.Namespace, district: Any, data_dir: Path) -> dict[str, Any]:
    from django.db import connection, connections

    wave, answerers, questions = make_load_wave(args, district)
    per_request = queries_per_request(wave, answerers, questions)
    spare = answerers.pop()  # answered by queries_per_request: not part of the load
    profile = profile_autosave(spare, questions)
    log(args, f"one autosave in this process: {profile['plain_ms']} ms; {profile['parts']}")
    log(
        args,
        f"load wave: {len(answerers) + 1} municipalities x {len(questions)} questions; "
        f"queries per request: {per_request}; spare {spare.municipality}",
    )
    connections.close_all()
    results: dict[str, Any] = {
        "questions": len(questions),
        "municipalities": len(answerers),
        "queries_per_request": per_request,
        "profile": profile,
        "runs": [],
    }
    with gunicorn(args, data_dir) as server:
        load_before = [round(x, 2) for x in os.getloadavg()]
        asyncio.run(open_links(args.port, answerers))
        log(args, f"opened {len(answerers)} answering pages (CSRF cookie and token each)")
        # Warm-up: every worker has loaded its templates and compiled the questionnaire.
        warm = Tally()
        c = min(8, len(answerers))
        asyncio.run(
            run_load(
                [
                    lambda d, b, a=a, i=i: answer_loop(args.port, a, questions, i * 7, warm, d, b)
                    for i, a in enumerate(answerers[:c])
                ],
                args.warmup,
                args.max_requests,
                warm,
            )
        )
        log(args, f"warm-up: {summary(warm)['completed']} autosaves")
        results["warmup"] = summary(warm)
        for clients in args.client_counts:
            logs_before = server_log_counts(data_dir)
            health = Tally()
            with cpu_meter(server.pid, args.postmaster) as health_cpu:
                asyncio.run(
                    run_load(
                        [lambda d, b, t=health: health_loop(args.port, t, d, b)] * clients,
                        args.health_duration,
                        args.max_requests,
                        health,
                    )
                )
            with cpu_meter(server.pid, args.postmaster) as wrk_cpu:
                wrk = wrk_health(args, clients)
            tally = Tally()
            with cpu_meter(server.pid, args.postmaster) as save_cpu:
                asyncio.run(
                    run_load(
                        [
                            lambda d, b, a=a, i=i, t=tally: answer_loop(
                                args.port, a, questions, i * 7, t, d, b
                            )
                            for i, a in enumerate(answerers[:clients])
                        ],
                        args.duration,
                        args.max_requests,
                        tally,
                    )
                )
            logs_after = server_log_counts(data_dir)
            checked = verify(wave, answerers, questions)
            connection.close()  # the child must not hold SQLite's read snapshot
            run = {
                "clients": clients,
                "health": {**summary(health), "cpu": health_cpu},
                "wrk": {**wrk, "cpu": wrk_cpu} if wrk else None,
                "autosave": {**summary(tally), "cpu": save_cpu},
                "server_log": {k: logs_after[k] - logs_before[k] for k in logs_after},
                "verify": checked,
                "loadavg": [round(x, 2) for x in os.getloadavg()],
            }
            results["runs"].append(run)
            a, h = run["autosave"], run["health"]
            log(
                args,
                f"{clients:>4} clients: autosave {a['rps']:,.0f} req/s "
                f"(ok {a['ok_rps']:,.0f}), p50 {a['p50']} p95 {a['p95']} p99 {a['p99']} ms, "
                f"errors {a['errors']}, statuses {a['statuses']}, {a['failures']}; "
                f"/health/ {h['rps']:,.0f} req/s, wrk {wrk and wrk['rps']}; "
                f"cpu {save_cpu}; log {run['server_log']}; verify {checked}",
            )
        results["load_before"] = load_before
        results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    results["access_log_statuses"] = access_log_statuses(data_dir)
    return results


def access_log_statuses(data_dir: Path) -> dict[str, int]:
    found: Counter[str] = Counter()
    pattern = re.compile(r'" (\d{3}) ')
    with (data_dir / "access.log").open(errors="replace") as lines:
        for line in lines:
            match = pattern.search(line)
            if match:
                found[match.group(1)] += 1
    return dict(sorted(found.items()))


def database_version() -> str:
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split(" ")[0]
        cursor.execute("SHOW fsync")
        fsync = cursor.fetchone()[0]
    return f"PostgreSQL {version}" + ("" if fsync == "on" else " (fsync off)")


def application_path() -> str:
    """Where a new process started like gunicorn (same environment) imports teilhabe from."""
    return subprocess.run(
        [sys.executable, "-c", "import teilhabe; print(teilhabe.__path__[0])"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
        env=dict(os.environ),
    ).stdout.strip()


def environment() -> dict[str, str]:
    import django
    import gunicorn as gunicorn_package
    import psycopg

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )
    git = ["git", "-C", str(ROOT)]
    if os.environ.get("TEILHABE_BENCH_COMMIT"):
        commit = os.environ["TEILHABE_BENCH_COMMIT"] + ", a clean export of it"
    else:
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "src", ":(exclude,glob)src/**/tests/**"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if dirty.strip():
            changed = sorted(
                {
                    line[3:].split("/")[2]
                    for line in dirty.splitlines()
                    if line[3:].startswith("src/teilhabe/")
                }
            )
            commit += " with uncommitted changes in " + ", ".join(changed)
    wrk = shutil.which("wrk")
    wrk_version = (
        subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False).stdout.split()[1]
        if wrk
        else ""
    )
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory_gib": f"{int(memory) / 1024 / 1024:.0f}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn_package.__version__,
        "psycopg": psycopg.__version__,
        "wrk": wrk_version,
        "os": platform.platform(),
        "commit": commit,
        "application": application_path(),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


# --------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def render_section(
    args: argparse.Namespace,
    runs: list[dict[str, Any]],
    before: dict[str, Any],
    after: dict[str, Any],
) -> str:
    env = runs[0]["environment"]
    versions = ", ".join(r["database_version"] for r in runs)
    command = (
        f".venv/bin/python benchmarks/surveys.py --municipalities {args.municipalities} "
        f"--questions {args.questions} --repeat {args.repeat} --seed {args.seed} "
        f"--clients {','.join(map(str, args.client_counts))} --duration {args.duration:g} "
        f"--health-duration {args.health_duration:g} --workers {args.workers}"
    )
    if args.postgres and not args.database_url:
        command += " --postgres" + (" --pg-fsync-off" if args.pg_fsync_off else "")
    elif args.database_url:
        command += " --database-url postgres://USER:PASSWORD@HOST:PORT/DB"
    if args.skip_sqlite:
        command += " --skip-sqlite"
    if args.clean_head:
        command += " --clean-head"
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/surveys.py` on {env['date']} (commit {env['commit']}).",
        "",
        f"- **Machine**: nproc {env['nproc']} ({env['cpu']}), {env['memory_gib']} GiB RAM, "
        f"{env['os']}; Python {env['python']}, Django {env['django']}, gunicorn "
        f"{env['gunicorn']}, psycopg {env['psycopg']}"
        + (f", wrk {env['wrk']}" if env["wrk"] else "")
        + f"; {versions}. Load average (1, 5, 15 min) {', '.join(map(str, before['loadavg']))} "
        f"before the whole run ({before['time']}) and {', '.join(map(str, after['loadavg']))} "
        f"after it ({after['time']}). The machine is shared with other work, and the load "
        "client runs on the same two cores as the server and the database.",
        "- **Databases**: SQLite is a file in a fresh data directory, configured as in "
        "production (WAL, synchronous=NORMAL, IMMEDIATE transactions, 20 s busy timeout). "
        "PostgreSQL is a fresh database"
        + (
            " in a throw-away cluster on 127.0.0.1 with the server's default durability "
            "(fsync on, synchronous_commit on)"
            if args.postgres and not args.database_url and not args.pg_fsync_off
            else " in a throw-away cluster with fsync off"
            if args.postgres and not args.database_url
            else ""
        )
        + ", `VACUUM ANALYZE`d after the bulk load; the application keeps connections for 60 s "
        "(CONN_MAX_AGE). Both hold the large wave below while the load test runs.",
        "",
    ]
    with_results = [r for r in runs if "results" in r]
    if with_results:
        lines += results_part(args, with_results)
    with_load = [r for r in runs if "load" in r]
    if with_load:
        lines += load_part(args, with_load)
    lines += [
        "To reproduce (about the same figures on the same machine; `apt-get install -y wrk` for "
        "the wrk column, which is left out without it):",
        "",
        "```bash",
        command,
        "```",
        "",
    ]
    return "\n".join(lines)


def results_part(args: argparse.Namespace, runs: list[dict[str, Any]]) -> list[str]:
    data = runs[0]["results"]["data"]
    types = ", ".join(f"{n} {t}" for t, n in data["types"].items())
    lines = [
        f"### Results of a wave: {data['municipalities']:,} municipalities × "
        f"{data['questions']} questions",
        "",
        f"- **Data**: Landkreis Rotenburg (Wümme) with its 13 municipalities and "
        f"{data['municipalities'] - 13:,} made-up ones (ARS 0335799nnnnn, kind gemeinde, unique "
        f"names); a generated questionnaire of {data['questions']} questions in "
        f"{(data['questions'] + 9) // 10} sections ({types}; five choices per list); one wave "
        f"over all {data['municipalities']:,} municipalities with every question answered: "
        f"{data['answers']:,} answers, bulk-created (seed {args.seed}); {data['submitted']:,} "
        f"responses submitted, the rest in progress. Per database: creating the wave (one "
        f"invitation with a hashed token per municipality) "
        + ", ".join(f"{r['results']['data']['wave_seconds']} s ({name(r)})" for r in runs)
        + "; the answers "
        + ", ".join(f"{r['results']['data']['answers_seconds']} s ({name(r)})" for r in runs)
        + ".",
        f"- **Method**: each measurement once as a warm-up, then {args.repeat} timed runs "
        "(wall time, `time.perf_counter`), round by round through the list. The wave is read "
        "as the views read it (with its version and district). Queries: counted with "
        "`CaptureQueriesContext` in the warm-up and with an execute wrapper in every timed "
        "run. Pages go through Django's test `Client` logged in as a coordinator (middleware, "
        "session and permission queries, template rendering; no network, no WSGI server). "
        "`src/teilhabe/surveys/tests/test_results_queries.py` asserts that the query counts "
        "are the same for 5 × 10 and 40 × 30.",
        "",
    ]
    for run in runs:
        r = run["results"]
        lines += [
            f"#### {run['database_version']}",
            "",
            "| Measurement | min ms | median ms | max ms | queries | result |",
            "|---|--:|--:|--:|--:|---|",
        ]
        for case in r["cases"]:
            queries = str(case["queries"])
            if case["queries_timed_runs"] != [case["queries"]]:
                queries += f" (timed runs: {', '.join(map(str, case['queries_timed_runs']))})"
            lines.append(
                f"| `{case['name']}` | {fmt(case['min_ms'])} | {fmt(case['median_ms'])} | "
                f"{fmt(case['max_ms'])} | {queries} | {case['outcome']} |"
            )
        lines += [
            "",
            f"Load average (1, 5, 15 min) before: {', '.join(map(str, r['load_before']))}; "
            f"after: {', '.join(map(str, r['load_after']))}.",
            "",
        ]
    return lines


def name(run: dict[str, Any]) -> str:
    return "SQLite" if run["database"] == "sqlite" else "PostgreSQL"


def load_part(args: argparse.Namespace, runs: list[dict[str, Any]]) -> list[str]:
    first = runs[0]["load"]
    per_request = first["queries_per_request"]
    lines = [
        "### Autosave under load (gunicorn)",
        "",
        "- **Server**: `python -m gunicorn teilhabe.wsgi:application -c "
        f"python:teilhabe.gunicorn_conf --workers {args.workers} "
        "--access-logfile - --log-level warning` on 127.0.0.1, as `teilhabe up` starts it "
        "(sync workers: one request at a time per worker, a new connection per request), "
        "settings of a local installation (`TEILHABE_ENV=local`, static files collected).",
        f"- **Data**: a wave of the shipped questionnaire ({first['questions']} questions "
        f"besides its note) over {first['municipalities']} municipalities, next to the large "
        "wave above. Each client holds one municipality's personal link: it opens the "
        "answering page once (CSRF cookie and the form's token, as a browser), then posts "
        "answers question after question, each client starting at another question, with "
        "`<question>=value`, `v-<question>=<version it last saw>`, the `csrftoken` cookie and "
        "the `X-CSRFToken` header, as htmx does. Every post changes the answer (the version "
        "goes up by one).",
        f"- **Load**: for each number of clients, first `/health/` (one `SELECT 1`) for "
        f"{args.health_duration:g} s with the same client and concurrency, then"
        + (
            f" wrk on `/health/` for {args.health_duration:g} s,"
            if first["runs"] and first["runs"][0]["wrk"]
            else ""
        )
        + f" then autosave for {args.duration:g} s (after a {args.warmup:g} s warm-up at the "
        "start). The client is one Python asyncio process (closed loop: a client sends its "
        "next request when the last one is answered; each request is bounded by a 30 s "
        f"timeout, each run by its duration and {args.max_requests:,} requests). Latency: "
        "from opening the connection to the last byte of the answer, including the wait in "
        "gunicorn's listen queue. Throughput: answered requests ÷ wall time of the run "
        "(including the requests in flight at the end). An error is any answer other than "
        "200 or no answer at all.",
        "- **Check**: after each run the database must hold, for every question a client "
        'got a "saved" for, the last acknowledged value and a version equal to the number '
        "of acknowledged saves; answers stored without an acknowledgement are counted too.",
        f"- **Queries per request** (test client): answering page {per_request['answering page']}"
        f", autosave {per_request['autosave, first answer']} for a first answer and "
        f"{per_request['autosave, changed answer']} for a changed one, `/health/` "
        f"{per_request['/health/']}.",
        "",
    ]
    for run in runs:
        load = run["load"]
        has_wrk = any(r["wrk"] for r in load["runs"])
        postgres = run["database"] == "postgresql"
        lines += [
            f"#### {run['database_version']}",
            "",
            "| clients | autosave req/s | saved/s | p50 ms | p95 ms | p99 ms | max ms | errors "
            "| `/health/` req/s (same client) | autosave ÷ health"
            + (" | `/health/` req/s (wrk) | autosave ÷ wrk |" if has_wrk else " |"),
            "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|" + ("--:|--:|" if has_wrk else ""),
        ]
        for r in load["runs"]:
            a, h, w = r["autosave"], r["health"], r["wrk"]
            row = (
                f"| {r['clients']} | {fmt(a['rps'])} | {fmt(a['ok_rps'])} | {fmt(a['p50'])} | "
                f"{fmt(a['p95'])} | {fmt(a['p99'])} | {fmt(a['max'])} | {a['errors']} | "
                f"{fmt(h['rps'])} | " + (f"{a['rps'] / h['rps']:.0%} |" if h["rps"] else "– |")
            )
            if has_wrk:
                row += (
                    f" {fmt(w['rps'])} | {a['rps'] / w['rps']:.0%} |"
                    if w and w["rps"]
                    else " – | – |"
                )
            lines.append(row)
        lines += [
            "",
            "Who had the two cores, in CPU seconds per second of the run (from /proc/PID/stat "
            "and /proc/PID/schedstat, sampled every 0.2 s): gunicorn's master and workers "
            "running, and waiting in the run queue for a CPU while runnable"
            + ("; the PostgreSQL server's processes likewise" if postgres else "")
            + "; the load client (in the wrk rows: wrk); the rest of the "
            f"{args.workers} worker seconds "
            'per second is spent blocked (database lock, disk, network) or idle. "Machine '
            "busy\" counts every process of the machine, other sessions' included. Requests "
            "per CPU second of the server"
            + (" (gunicorn + PostgreSQL)" if postgres else " (gunicorn)")
            + " are less disturbed by the sharing of the machine than req/s.",
            "",
            "| clients | run | gunicorn running | gunicorn waiting for a CPU"
            + (" | PostgreSQL running | PostgreSQL waiting" if postgres else "")
            + " | client | machine busy | req per server CPU s |",
            "|--:|---|--:|--:|" + ("--:|--:|" if postgres else "") + "--:|--:|--:|",
        ]
        for r in load["runs"]:
            for label, part in (
                ("autosave", r["autosave"]),
                ("`/health/`, same client", r["health"]),
                ("`/health/`, wrk", r["wrk"]),
            ):
                if not part:
                    continue
                cpu = part["cpu"]
                server = cpu["gunicorn_cores"] + cpu["postgres_cores"]
                lines.append(
                    f"| {r['clients']} | {label} | {cpu['gunicorn_cores']:.2f} | "
                    f"{cpu['gunicorn_waiting']:.2f} | "
                    + (
                        f"{cpu['postgres_cores']:.2f} | {cpu['postgres_waiting']:.2f} | "
                        if postgres
                        else ""
                    )
                    + f"{cpu['client_cores']:.2f} | {cpu['machine_busy_pct']:.0f} % | "
                    + (f"{part['rps'] / server:,.0f} |" if server and part["rps"] else "– |")
                )
        lines += ["", *load_notes(run), "", *profile_table(load["profile"]), ""]
    lines += summary_lines(runs)
    return lines


def profile_table(profile: dict[str, Any]) -> list[str]:
    lines = [
        f"Where one autosave's time goes: {profile['plain_ms']:.1f} ms per autosave in one "
        "process through the test client (no network, no gunicorn, no concurrency), then the "
        f"same under cProfile ({profile['profiled_ms']:.1f} ms, inflated by the profiler); "
        "cumulative ms per autosave, parts overlap (JSON and SQL happen inside the others):",
        "",
        "| part | calls per autosave | ms (profiled) | share |",
        "|---|--:|--:|--:|",
    ]
    for row in profile["parts"]:
        lines.append(f"| {row['part']} | {row['calls']:g} | {row['ms']:.2f} | {row['share']:.0%} |")
    return lines


def per_cpu_ms(part: dict[str, Any]) -> float | None:
    """Server CPU milliseconds per request (gunicorn and, if measured, PostgreSQL)."""
    cpu = part["cpu"]
    server = cpu["gunicorn_cores"] + cpu["postgres_cores"]
    return 1000 * server / part["rps"] if part["rps"] and server else None


def summary_lines(runs: list[dict[str, Any]]) -> list[str]:
    lines = ["#### In short", ""]
    for run in runs:
        load = run["load"]
        saves = [per_cpu_ms(r["autosave"]) for r in load["runs"]]
        health = [per_cpu_ms(r["health"]) for r in load["runs"]]
        saves = [x for x in saves if x]
        health = [x for x in health if x]
        best = max(load["runs"], key=lambda r: r["autosave"]["rps"])
        most = max(load["runs"], key=lambda r: r["clients"])
        ceiling = max(
            [r["health"]["rps"] for r in load["runs"]]
            + [r["wrk"]["rps"] for r in load["runs"] if r["wrk"] and r["wrk"]["rps"]]
        )
        errors = sum(r["autosave"]["errors"] for r in load["runs"])
        locked = sum(r["server_log"]["database is locked"] for r in load["runs"])
        lost = sum(
            r["verify"]["missing"] + r["verify"]["wrong_value"] + r["verify"]["wrong_version"]
            for r in load["runs"]
        )
        a = most["autosave"]
        lines.append(
            f"- {run['database_version']}: at most {best['autosave']['rps']:,.0f} autosaves/s "
            f"(with {clients(best['clients'])}); at {clients(most['clients'])} "
            f"{a['rps']:,.0f}/s with p50 {fmt(a['p50'], 0)} ms, p95 {fmt(a['p95'], 0)} ms, p99 "
            f"{fmt(a['p99'], 0)} ms"
            + (
                (
                    " — the 500 req/s at 200 clients of Issue 10 (a target for PostgreSQL) "
                    + ("are not reached" if a["rps"] < 500 else "are reached")
                )
                if most["clients"] >= 200 and run["database_version"].startswith("PostgreSQL")
                else ""
            )
            + f". An autosave costs the server {statistics.median(saves):.1f} ms of CPU "
            f"(median over the runs), a `/health/` {statistics.median(health):.1f} ms: "
            f"{statistics.median(saves) / statistics.median(health):.0f} times as much. "
            f"`/health/` reached up to {ceiling:,.0f} req/s on the same server (best of both "
            "clients). Errors "
            f"under load: {errors}"
            + (f' ({locked} "database is locked" in the server log)' if locked else "")
            + f"; acknowledged answers lost or wrong: {lost}."
        )
    return [*lines, ""]


def clients(n: int) -> str:
    return f"{n} client" + ("" if n == 1 else "s")


def load_notes(run: dict[str, Any]) -> list[str]:
    load = run["load"]
    notes = []
    for r in load["runs"]:
        a, h, v, w = r["autosave"], r["health"], r["verify"], r["wrk"]
        errors = ", ".join(
            [f"HTTP {s}: {n:,}" for s, n in a["statuses"].items() if s != "200"]
            + [f"{k}: {n:,}" for k, n in a["failures"].items()]
        )
        log = ", ".join(f"{k} {n}" for k, n in r["server_log"].items() if n)
        checked = (
            f"all {v['acknowledged_saves']:,} acknowledged saves ({v['answers_acknowledged']:,} "
            "answers so far) stored with the acknowledged value and version"
            if not (v["missing"] or v["wrong_value"] or v["wrong_version"])
            else f"**{v['missing']} acknowledged answers missing, {v['wrong_value']} with "
            f"another value, {v['wrong_version']} with another version** (of "
            f"{v['answers_acknowledged']:,})"
        )
        if v["stored_unacknowledged"] or v["saves_stored"] != v["acknowledged_saves"]:
            checked += (
                f"; {v['saves_stored'] - v['acknowledged_saves']:,} saves stored without "
                f"an acknowledgement ({v['stored_unacknowledged']} answers never acknowledged)"
            )
        health_errors = h["errors"] + (w["errors"] if w else 0)
        notes.append(
            f"- {clients(r['clients'])}: {a['completed']:,} autosaves in {a['seconds']} s"
            + (f", errors: {errors}" if errors else ", no errors")
            + (f", {a['conflicts']} conflicts" if a["conflicts"] else "")
            + (f", {a['refused']} refused" if a["refused"] else "")
            + (f", {a['version_surprises']} unexpected versions" if a["version_surprises"] else "")
            + f"; `/health/` {h['completed']:,} requests, p50 {fmt(h['p50'])} ms, p99 "
            f"{fmt(h['p99'])} ms"
            + (f", wrk p50 {fmt(w['p50'])} ms, p99 {fmt(w['p99'])} ms" if w else "")
            + (f", {health_errors} errors" if health_errors else "")
            + (f"; server log: {log}" if log else "")
            + f"; check: {checked}. Load average after: "
            f"{', '.join(map(str, r['loadavg']))}."
        )
    notes.append(
        f"- Load average before the load test {', '.join(map(str, load['load_before']))}, "
        f"after {', '.join(map(str, load['load_after']))}. Status codes in gunicorn's access "
        "log (all requests of this database, set-up and warm-up included): "
        + ", ".join(f"{s}: {n:,}" for s, n in load["access_log_statuses"].items())
        + "."
    )
    return notes


if __name__ == "__main__":
    sys.path.insert(0, os.environ.get("TEILHABE_BENCH_SRC") or str(ROOT / "src"))
    main()
