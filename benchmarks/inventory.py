"""Benchmark of the stock-take: the coverage matrix and the changes page of a district with a
large inventory and years of history.

    .venv/bin/python benchmarks/inventory.py [--activities 50000] [--years 5] [--repeat 7]
                                             [--database-url URL | --postgres] [--no-write]

Each database runs in its own child process (Django's settings cannot be switched inside one
process): SQLite always, in a fresh temporary data directory (a file in WAL mode, as in
production); PostgreSQL when --database-url is given (a fresh database `teilhabe_bench_<pid>` is
created next to the one in the URL and dropped afterwards; the role needs CREATEDB) or when
--postgres starts a throw-away cluster. The figures go into the section
"## Stock-take: matrix and changes page" of BENCHMARKS.md unless --no-write is given.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import common

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Stock-take: matrix and changes page"
AGS = "03357"
BATCH = 5000
HISTORY_INDEX = "inventory_hist_id_date_idx"  # created by inventory/migrations/0003_…

from teilhabe.bench.activities import timeline  # noqa: E402  (pure, no Django)

# How many changes an activity gets after its creation (0-8) and how likely each number is.
# --------------------------------------------------------------------------------------------
# Parent process: start the children, maybe a PostgreSQL cluster, write BENCHMARKS.md.
# --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default="", help="postgres://… of a server to use")
    parser.add_argument("--postgres", action="store_true", help="start a throw-away cluster")
    parser.add_argument("--pg-port", type=int, default=55433)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="profile what is slower than --profile-over"
    )
    parser.add_argument("--profile-over", type=float, default=1000, help="ms; default 1000")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument(
        "--without-history-index",
        action="store_true",
        help="measure with migration 0003 (the history index) unapplied",
    )
    parser.add_argument(
        "--compare-history-index",
        action="store_true",
        help="measure without and with migration 0003, alternating on the same data",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--worker", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--end", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        runs = worker(args)
        args.json.write_text(json.dumps(runs, indent=1, default=str))
        return

    # One moment for all children, so that every database gets exactly the same data.
    args.end = (
        datetime.datetime.now(datetime.UTC).replace(microsecond=0) - datetime.timedelta(minutes=1)
    ).isoformat()
    runs: list[dict[str, Any]] = []
    with contextlib.ExitStack() as stack:
        url = args.database_url
        if args.postgres and not url:
            url = stack.enter_context(throwaway_cluster(args.pg_port))
        databases = ([] if args.skip_sqlite else [("sqlite", "")]) + (
            [("postgresql", url)] if url else []
        )
        for name, db_url in databases:
            runs += run_child(args, name, db_url)
    if not args.no_write:
        common.write_section(args.output, SECTION, render_section(args, runs))
        print(f"Wrote the section {SECTION!r} to {args.output}")


def run_child(args: argparse.Namespace, name: str, url: str) -> list[dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    command = [
        sys.executable,
        __file__,
        "--worker",
        name,
        "--json",
        str(out),
        "--activities",
        str(args.activities),
        "--years",
        str(args.years),
        "--repeat",
        str(args.repeat),
        "--seed",
        str(args.seed),
        "--end",
        args.end,
    ]
    if url:
        command += ["--database-url", url]
    for flag in ("profile", "explain", "without_history_index", "compare_history_index"):
        if getattr(args, flag):
            command.append(f"--{flag.replace('_', '-')}")
    command += ["--profile-over", str(args.profile_over)]
    print(f"\n=== {name} ===", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    runs = json.loads(out.read_text())
    out.unlink()
    return runs


@contextlib.contextmanager
def throwaway_cluster(port: int) -> Iterator[str]:
    """A PostgreSQL cluster in a temporary directory, stopped and removed afterwards."""
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(f"Port {port} is in use; choose another with --pg-port")
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
    options = f"-p {port} -k /tmp -c fsync=off -c listen_addresses=127.0.0.1"
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
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            check=False,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )
        shutil.rmtree(directory, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Child process: one database, set up, filled and measured.
# --------------------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> list[dict[str, Any]]:
    data_dir = Path(tempfile.mkdtemp(prefix="teilhabe-bench-"))
    (data_dir / "static").mkdir()  # STATIC_ROOT; whitenoise warns when it is missing
    os.environ["TEILHABE_DATA_DIR"] = str(data_dir)
    os.environ["TEILHABE_ENV"] = "test"
    os.environ["DJANGO_SETTINGS_MODULE"] = "teilhabe.settings"
    os.environ.pop("TEILHABE_DATABASE_URL", None)
    bench_db = None
    if args.worker == "postgresql":
        bench_db, url = create_pg_database(args.database_url)
        os.environ["TEILHABE_DATABASE_URL"] = url
    try:
        import django

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
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def pg_conninfo(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def fill_and_measure(args: argparse.Namespace, data_dir: Path) -> list[dict[str, Any]]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from teilhabe.regions.models import District
    from teilhabe.regions.reference import load_rotenburg

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_rotenburg()
    district = District.objects.get(ags=AGS)
    print(
        f"[{args.worker}] migrated and loaded {district.name} "
        f"({district.municipalities.count()} municipalities) in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )

    end = (
        datetime.datetime.fromisoformat(args.end)
        if args.end
        else (timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=1))
    )
    users = make_users(district)
    started = time.perf_counter()
    stats = generate(district, users, args.activities, args.years, args.seed, end)
    stats["seconds"] = round(time.perf_counter() - started, 1)
    print(
        f"[{args.worker}] generated {stats['activities']:,} activities and "
        f"{stats['history_rows']:,} history rows in {stats['seconds']} s",
        flush=True,
    )
    started = time.perf_counter()
    verify(district)
    print(
        f"[{args.worker}] checked: the newest history row of every activity equals the "
        f"activity ({time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load; done here so every run is planned
        # with statistics. SQLite gets no ANALYZE because the application never runs one.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    today = timezone.localdate()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    states = [False, True] if args.compare_history_index else [not args.without_history_index]
    results = measure(args, district, users["coordinator"], today, states)
    load += " before, " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + " after measuring"
    common = {
        "database": connection.vendor,
        "database_version": database_version(),
        "load_before": load,
        "data": stats,
        "today": today.isoformat(),
        "environment": environment(),
        "args": {k: v for k, v in vars(args).items() if k not in {"json", "database_url"}},
    }
    return [{**common, "history_index": state, "results": results[state]} for state in states]


def set_history_index(present: bool) -> None:
    """Apply or unapply migration 0003 and check that the index is there or gone."""
    from django.core.management import call_command
    from django.db import connection

    if present:
        call_command("migrate", "inventory", verbosity=0)
    else:
        call_command("migrate", "inventory", "0002", verbosity=0)
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "inventory_historicalactivity")
    if (HISTORY_INDEX in indexes) != present:
        sys.exit(f"could not {'create' if present else 'drop'} the index {HISTORY_INDEX}")


def make_users(district: Any) -> dict[str, Any]:
    from teilhabe.accounts.models import Membership, Role, User

    coordinator = User.objects.create(username="bench-coordinator")
    coordinator.set_unusable_password()
    coordinator.save()
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, district=district)
    editors = {}
    for i, municipality in enumerate(district.municipalities.order_by("ars")):
        editor = User.objects.create(username=f"bench-editor-{i + 1}")
        Membership.objects.create(
            user=editor, role=Role.EDITOR, district=district, municipality=municipality
        )
        editors[municipality.pk] = editor
    return {"coordinator": coordinator, "editors": editors}


@contextlib.contextmanager
def keep_timestamps() -> Iterator[None]:
    """Let bulk_create store the generated created_at/updated_at instead of "now"."""
    from teilhabe.inventory.models import Activity

    fields = [Activity._meta.get_field("created_at"), Activity._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def generate(
    district: Any,
    users: dict[str, Any],
    n: int,
    years: int,
    seed: int,
    end: datetime.datetime,
) -> dict[str, Any]:
    """N activities created over `years` up to `end`, each with 0-8 later saves."""
    from django.db import transaction

    from teilhabe.inventory.models import Activity, Category

    rng = random.Random(seed)
    municipalities = [m.pk for m in district.municipalities.order_by("ars")]
    categories = {c.key: c.pk for c in Category.objects.filter(district=district)}
    keys = sorted(categories)
    history_model = Activity.history.model
    span = datetime.timedelta(days=365 * years)
    begin = end - span
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    district_wide = rows = 0
    for first in range(0, n, BATCH):
        timelines = [
            timeline(
                rng,
                i,
                district.pk,
                municipalities,
                categories,
                keys,
                users["coordinator"].pk,
                {m: u.pk for m, u in users["editors"].items()},
                begin,
                end,
            )
            for i in range(first, min(n, first + BATCH))
        ]
        with transaction.atomic(), keep_timestamps():
            objects = Activity.objects.bulk_create(
                [Activity(**saves[-1][2]) for saves in timelines], batch_size=BATCH
            )
            history = []
            for activity, saves in zip(objects, timelines, strict=True):
                for when, kind, state, user in saves:
                    history.append(
                        history_model(
                            id=activity.pk,
                            history_date=when,
                            history_type="+" if kind == "+" else "~",
                            history_user_id=user,
                            history_change_reason=None,
                            **state,
                        )
                    )
                    kinds[kind] += 1
                statuses[activity.status] += 1
                district_wide += activity.municipality_id is None
            history_model.objects.bulk_create(history, batch_size=BATCH)
            rows += len(history)
        done = min(n, first + BATCH)
        print(f"  {done:>7,} activities, {rows:>9,} history rows", flush=True)
    return {
        "activities": n,
        "history_rows": rows,
        "rows_per_activity": round(rows / n, 2) if n else 0,
        "district_wide": district_wide,
        "status_now": dict(sorted(statuses.items())),
        "saves_by_kind": dict(sorted(kinds.items())),
        "first_created": begin.date().isoformat(),
        "last_saved": end.date().isoformat(),
    }


def verify(district: Any) -> None:
    """The newest history row of each activity must equal the activity itself."""
    from teilhabe.inventory.models import Activity

    fields = [f.attname for f in Activity._meta.concrete_fields]
    current = {
        row[0]: row
        for row in Activity.objects.filter(district=district).values_list(*fields).order_by()
    }
    newest = {}
    for row in (
        Activity.history.filter(district_id=district.pk)
        .order_by("id", "history_date")
        .values_list(*fields)
    ):
        newest[row[0]] = row
    mismatches = [pk for pk, row in current.items() if newest.get(pk) != row]
    if mismatches or len(newest) != len(current):
        sys.exit(f"history and activities disagree, e.g. activity {mismatches[:5]}")


def measure(
    args: argparse.Namespace,
    district: Any,
    coordinator: Any,
    today: datetime.date,
    states: list[bool],
) -> dict[bool, list[dict[str, Any]]]:
    from django.test import Client
    from django.urls import reverse

    from teilhabe.inventory import queries
    from teilhabe.inventory.forms import ChangesForm, FilterForm

    as_of = today - datetime.timedelta(days=round(365 * args.years / 2))
    day60, year = today - datetime.timedelta(days=60), today - datetime.timedelta(days=365)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(coordinator)
    matrix_url = reverse("inventory:matrix", kwargs={"ags": district.ags})
    changes_url = reverse("inventory:changes", kwargs={"ags": district.ags})
    # The pages must read these parameters as meant, or the page figures measure something else.
    assert FilterForm({"as_of": as_of.isoformat()}).is_valid()
    assert ChangesForm({"since": year.isoformat(), "until": today.isoformat()}).is_valid()

    def page(url: str, params: dict[str, str] | None = None) -> Callable[[], str]:
        def get() -> str:
            response = client.get(url, params or {})
            assert response.status_code == 200, (url, params, response.status_code)
            return f"{len(response.content) / 1024:,.0f} KiB HTML"

        return get

    def changed(groups: dict[str, list[Any]]) -> str:
        return f"{sum(len(rows) for rows in groups.values()):,} changes"

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("matrix(district)", lambda: f"{queries.matrix(district).total:,} activities"),
        (
            f"matrix(district, as_of={as_of})",
            lambda: f"{queries.matrix(district, queries.Filters(as_of=as_of)).total:,} activities",
        ),
        (
            f"changes_between({day60}, {today}) (60 days)",
            lambda: changed(queries.changes_between(district, day60, today)),
        ),
        (
            f"changes_between({year}, {today}) (1 year)",
            lambda: changed(queries.changes_between(district, year, today)),
        ),
        ("GET matrix page", page(matrix_url)),
        (f"GET matrix page ?as_of={as_of}", page(matrix_url, {"as_of": as_of.isoformat()})),
        ("GET changes page (default: 60 days)", page(changes_url)),
        (
            "GET changes page, 1 year",
            page(changes_url, {"since": year.isoformat(), "until": today.isoformat()}),
        ),
    ]
    results = time_cases(args, cases, states)
    for state in states:
        if len(states) > 1 or args.explain or args.profile:
            set_history_index(state)
        if args.explain:
            explain(district, as_of)
        if args.profile and (state or len(states) == 1):  # profile the schema as shipped
            for (name, fn), result in zip(cases, results[state], strict=True):
                if result["median_ms"] > args.profile_over:
                    result["profile"] = profile(name, fn)
    return results


def time_cases(
    args: argparse.Namespace, cases: list[tuple[str, Callable[[], Any]]], states: list[bool]
) -> dict[bool, list[dict[str, Any]]]:
    """Round 0 is the warm-up, run under CaptureQueriesContext; rounds 1…repeat are timed.

    With two states (without and with the history index) every round measures both, one after
    the other, so that a busy moment of the machine hits both alike. The timed runs count
    queries with a bare execute wrapper: CaptureQueriesContext formats every statement with
    its parameters, which costs real time for long `id IN (…)` lists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm: dict[tuple[bool, str], tuple[int, Any]] = {}
    times: dict[tuple[bool, str], list[float]] = {}
    counts: dict[tuple[bool, str], list[int]] = {}
    for round_ in range(args.repeat + 1):
        for state in states:
            if len(states) > 1 or round_ == 0:
                set_history_index(state)
            for name, fn in cases:
                key = (state, name)
                if round_ == 0:
                    with CaptureQueriesContext(connection) as captured:
                        outcome = fn()
                    warm[key] = (len(captured), outcome)  # now: a request resets the log
                    continue
                executed = 0

                def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
                    nonlocal executed
                    executed += 1
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    start = time.perf_counter()
                    fn()
                    times.setdefault(key, []).append((time.perf_counter() - start) * 1000)
                counts.setdefault(key, []).append(executed)
        print(
            f"  round {round_}/{args.repeat} done" + (" (warm-up)" if not round_ else ""),
            flush=True,
        )
    results: dict[bool, list[dict[str, Any]]] = {}
    for state in states:
        if len(states) > 1:
            print(f"  -- {'with' if state else 'without'} the history index")
        results[state] = []
        for name, _ in cases:
            key = (state, name)
            queries, outcome = warm[key]
            if set(counts[key]) != {queries}:
                print(f"  note: {name}: {queries} queries in the warm-up, {counts[key]} later")
            result = {
                "name": name,
                "min_ms": round(min(times[key]), 1),
                "median_ms": round(statistics.median(times[key]), 1),
                "max_ms": round(max(times[key]), 1),
                "queries": queries,
                "queries_timed_runs": sorted(set(counts[key])),
                "outcome": outcome,
            }
            results[state].append(result)
            print(
                f"  {name:<52} {result['min_ms']:>8.1f} {result['median_ms']:>8.1f} "
                f"{result['max_ms']:>8.1f} ms  {queries:>2} queries  {outcome}",
                flush=True,
            )
    return results


def explain(district: Any, as_of: datetime.date) -> None:
    from teilhabe.inventory import queries
    from teilhabe.inventory.models import Activity

    snapshot = Activity.history.as_of(queries.end_of_day(as_of)).filter(district_id=district.pk)
    counts = snapshot.order_by().values_list("municipality_id", "category_id", "status")
    print("\nQuery plan of the 'as of' snapshot (matrix):\n" + counts.explain(), flush=True)


def profile(name: str, fn: Callable[[], Any]) -> dict[str, int]:
    """cProfile one run: print the costliest functions and return where the time went (ms,
    cumulative, inflated by the profiler's own overhead)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(fn)
    wall = time.perf_counter() - start
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"teilhabe/|execute_sql|shortcuts|engine", 20)
    stats.sort_stats("tottime").print_stats(15)
    print(f"\nProfile of {name}:\n{out.getvalue()}", flush=True)
    parts = {
        "queries.matrix": ("inventory/queries.py", "matrix"),
        "queries.changes_between": ("inventory/queries.py", "changes_between"),
        "2 × queries._snapshot": ("inventory/queries.py", "_snapshot"),
        "SQL execute": ("backends/utils.py", "_execute_with_wrappers"),
        "SQL fetch": ("", "fetchmany"),
        "template rendering": ("django/shortcuts.py", "render"),
    }
    found = {"total": round(wall * 1000)}
    for label, (path, function) in parts.items():
        times = [
            cumulative
            for (file, _, func), (_, _, _, cumulative, _) in stats.stats.items()  # type: ignore[attr-defined]
            if file.endswith(path) and function in func
        ]
        if times:
            found[label] = round(max(times) * 1000)
    return found


def database_version() -> str:
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split(' ')[0]}"


def environment() -> dict[str, str]:
    import django
    import psycopg
    import simple_history

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
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "src", "benchmarks"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    ).stdout
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory_gib": f"{int(memory) / 1024 / 1024:.0f}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "simple_history": getattr(simple_history, "__version__", "?"),
        "psycopg": psycopg.__version__,
        "os": platform.platform(),
        "commit": commit + (" with uncommitted changes" if dirty.strip() else ""),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


# --------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------


def render_section(args: argparse.Namespace, runs: list[dict[str, Any]]) -> str:
    env, data = runs[0]["environment"], runs[0]["data"]
    versions = sorted({r["database_version"] for r in runs})
    command = (
        f".venv/bin/python benchmarks/inventory.py --activities {args.activities} "
        f"--years {args.years} --repeat {args.repeat} --seed {args.seed}"
    )
    if args.postgres and not args.database_url:
        command += " --postgres"
    elif args.database_url:
        command += " --database-url postgres://USER:PASSWORD@HOST:PORT/DB"
    if args.profile:
        command += " --profile"
    if args.compare_history_index:
        command += " --compare-history-index"
    elif args.without_history_index:
        command += " --without-history-index"
    status = ", ".join(f"{k} {v:,}" for k, v in data["status_now"].items())
    saves = ", ".join(f"{k} {v:,}" for k, v in data["saves_by_kind"].items())
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/inventory.py` on {env['date']} (commit {env['commit']}).",
        "",
        f"- **Data**: Landkreis Rotenburg (Wümme) (13 municipalities, 14 fields of action) with "
        f"{data['activities']:,} activities ({data['district_wide']:,} of the whole district) "
        f"and {data['history_rows']:,} history rows ({data['rows_per_activity']} per activity), "
        f"created from {data['first_created']} to {data['last_saved']} with 0–8 later saves "
        f"each. Status now: {status}. Saves by kind: {saves} (+ = creation). Generated with "
        f"bulk_create, seed {args.seed}; the newest history row of every activity is checked "
        f"to equal the activity.",
        f"- **Machine**: {env['nproc']} cores ({env['cpu']}), {env['memory_gib']} GiB RAM, "
        f"{env['os']}; Python {env['python']}, Django {env['django']}, django-simple-history "
        f"{env['simple_history']}, psycopg {env['psycopg']}; {', '.join(versions)}.",
        "- **Databases**: SQLite is a file in a fresh data directory (WAL, synchronous=NORMAL, "
        "as in production; no ANALYZE, which the application never runs). PostgreSQL is a "
        "fresh database"
        + (
            " in a throw-away cluster started with `fsync=off`"
            if args.postgres and not args.database_url
            else ""
        )
        + ", `VACUUM ANALYZE`d after loading (what autovacuum does shortly after a bulk load).",
        f"- **Method**: each measurement once as a warm-up, then {args.repeat} timed runs "
        "(wall time, `time.perf_counter`), round by round through the list"
        + (
            ", each round once without and once with the history index (migration 0003 "
            "unapplied and applied again on the same data), so that a busy moment of the shared "
            "machine hits both alike"
            if args.compare_history_index
            else ""
        )
        + ". Queries: counted with `CaptureQueriesContext` in the "
        "warm-up and with an execute wrapper in every timed run (same count each time unless "
        "noted). Pages go through Django's test `Client` with a logged-in coordinator: the whole "
        "middleware stack, session and permission queries, and template rendering; no network "
        'and no WSGI server. "As of" is the end of the day shown; the changes ranges end '
        "today.",
        "",
    ]
    main_runs = [r for r in runs if r["history_index"]] or runs
    for run in main_runs:
        lines += [f"### {run['database_version']}", "", *result_table(run), ""]
        lines.append(
            f"Generating and loading the data took {run['data']['seconds']} s. Load average "
            f"(1, 5, 15 min; 2 cores shared with other work): {run['load_before']}.\n"
        )
    before = {r["database_version"]: r for r in runs if not r["history_index"]}
    after = {r["database_version"]: r for r in runs if r["history_index"]}
    if before and after:
        lines += history_index_table(before, after)
    profiled = [(run, r) for run in runs for r in run["results"] if r.get("profile")]
    if profiled:
        lines += profile_table(profiled, args.profile_over)
    lines += summary(main_runs, profiled)
    lines += [
        "To reproduce (about the same figures on the same machine):",
        "",
        "```bash",
        command,
        "```",
        "",
    ]
    return "\n".join(lines)


def result_table(run: dict[str, Any]) -> list[str]:
    lines = [
        "| Measurement | min ms | median ms | max ms | queries | result |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for r in run["results"]:
        queries = str(r["queries"])
        if r["queries_timed_runs"] != [r["queries"]]:
            queries += f" (timed runs: {', '.join(map(str, r['queries_timed_runs']))})"
        lines.append(
            f"| `{r['name']}` | {r['min_ms']:,.1f} | {r['median_ms']:,.1f} | "
            f"{r['max_ms']:,.1f} | {queries} | {r['outcome']} |"
        )
    return lines


def history_index_table(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Medians without and with migration 0003, same data, same run of the script."""
    names = [n for n in after if n in before]
    lines = [
        "### The history index (migration 0003): before and after",
        "",
        "Median (min) in ms on the same data, without the index (migration 0003 unapplied) and "
        "with it; the tables above are the ones with it, the schema as shipped.",
        "",
        "| Measurement | " + " | ".join(f"{n} without | {n} with" for n in names) + " |",
        "|---|" + "--:|--:|" * len(names),
    ]
    for i, r in enumerate(after[names[0]]["results"]):
        cells = []
        for n in names:
            old, new = before[n]["results"][i], after[n]["results"][i]
            change = (new["median_ms"] - old["median_ms"]) / old["median_ms"]
            cells += [
                f"{old['median_ms']:,.1f} ({old['min_ms']:,.1f})",
                f"{new['median_ms']:,.1f} ({new['min_ms']:,.1f}), median {change:+.0%}",
            ]
        lines.append(f"| `{r['name']}` | " + " | ".join(cells) + " |")
    return [*lines, ""]


def profile_table(
    profiled: list[tuple[dict[str, Any], dict[str, Any]]], threshold: float
) -> list[str]:
    """Where the time of the slow measurements goes, from one cProfile run each."""
    columns = [
        "total",
        "queries.matrix",
        "queries.changes_between",
        "2 × queries._snapshot",
        "SQL execute",
        "SQL fetch",
        "template rendering",
    ]
    columns = [c for c in columns if any(c in r["profile"] for _, r in profiled)]
    lines = [
        f"### Where the time goes (median over {threshold:,.0f} ms)",
        "",
        "One run under cProfile, which slows Python code down, so these figures are larger than "
        "the ones above; cumulative ms. `_snapshot` is the history as of a moment (called for "
        "both ends of the period); SQL execute and fetch include the snapshots' queries; "
        "template rendering includes the context processors.",
        "",
        "| Measurement | database | history index | " + " | ".join(columns) + " |",
        "|---|---|---|" + "--:|" * len(columns),
    ]
    for run, r in profiled:
        p = r["profile"]
        cells = [f"{p[c]:,}" if c in p else "–" for c in columns]
        index = "yes" if run["history_index"] else "no"
        lines.append(
            f"| `{r['name']}` | {run['database_version']} | {index} | " + " | ".join(cells) + " |"
        )
    return [*lines, ""]


def summary(
    main_runs: list[dict[str, Any]], profiled: list[tuple[dict[str, Any], dict[str, Any]]]
) -> list[str]:
    """A few sentences computed from the tables above."""
    by_label: dict[str, set[int]] = {}
    for run in main_runs:
        for r in run["results"]:
            name = r["name"]
            words = name.split()
            label = " ".join(words[1:3]).rstrip(",") if words[0] == "GET" else name.split("(")[0]
            by_label.setdefault(label, set()).add(r["queries"])
    counts = ", ".join(f"{k} {'/'.join(map(str, sorted(v)))}" for k, v in by_label.items())
    same = all(
        r["queries_timed_runs"] == [r["queries"]] for run in main_runs for r in run["results"]
    )
    lines = [
        "### In short",
        "",
        f"- Queries per call: {counts}"
        + (
            " — the same for every period and date, in every timed run, on every database."
            if same and all(len(v) == 1 for v in by_label.values())
            else "."
        ),
    ]
    slow = [
        f"`{r['name']}` on {run['database_version']} ({r['median_ms']:,.0f} ms, {r['outcome']})"
        for run in main_runs
        for r in run["results"]
        if r["median_ms"] > 1000
    ]
    lines.append(
        "- Median over 1 s with the schema as shipped: "
        + ("; ".join(slow) if slow else "nothing")
        + "."
    )
    for run, r in profiled:
        p = r["profile"]
        if run["history_index"] and "template rendering" in p and "total" in p:
            query = p.get("queries.changes_between", p.get("queries.matrix", 0))
            lines.append(
                f"- Profile of `{r['name']}` on {run['database_version']}: template rendering "
                f"{p['template rendering'] / p['total']:.0%}, the query function "
                f"{query / p['total']:.0%} of the profiled time ({r['outcome']})."
            )
    return [*lines, ""]


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
