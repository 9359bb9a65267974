"""Benchmark of the stock-take: the coverage matrix and the changes page of a district with a
large inventory and years of history.

    .venv/bin/python benchmarks/inventory.py [--activities 50000] [--years 5] [--repeat 7]
                                             [--database-url URL | --postgres] [--no-write]

Each database runs in its own child process (Django's settings cannot be switched inside one
process): SQLite always, in a fresh temporary data directory (a file in WAL mode, as in
production); PostgreSQL when --database-url is given (a fresh database `teilhabe_bench_<pid>` is
created next to the one in the URL and dropped afterwards; the role needs CREATEDB) or when
--postgres starts a throw-away cluster. The figures go into the section
"## Stock-take: matrix and changes page" of BENCHMARKS.md unless --no-write is given; the
section is rendered by inventory_render.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import common
import inventory_render
from measure import time_cases

ROOT = Path(__file__).resolve().parent.parent
AGS = "03357"
BATCH = 5000
# The index that inventory/migrations/0003_… creates with raw SQL. On SQLite the table
# rebuilds of 0004 (AddField) drop it again, so a migrated SQLite database lacks it while
# PostgreSQL keeps it: the comparison creates and drops it by this name and these columns.
HISTORY_TABLE = "inventory_historicalactivity"
HISTORY_INDEX = "inventory_hist_id_date_idx"
HISTORY_COLUMNS = ["id", "history_date"]

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
        help="measure without the history index (id, history_date) of migration 0003",
    )
    parser.add_argument(
        "--compare-history-index",
        action="store_true",
        help="measure without and with the history index, alternating on the same data",
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
            url, _postmaster = stack.enter_context(
                common.throwaway_cluster(args.pg_port, announce=True)
            )
        databases = ([] if args.skip_sqlite else [("sqlite", "")]) + (
            [("postgresql", url)] if url else []
        )
        for name, db_url in databases:
            runs += run_child(args, name, db_url)
    if not args.no_write:
        section = inventory_render.render_section(args, runs)
        common.write_section(args.output, inventory_render.SECTION, section)
        print(f"Wrote the section {inventory_render.SECTION!r} to {args.output}")


def run_child(args: argparse.Namespace, name: str, url: str) -> list[dict[str, Any]]:
    """The child for one database: this script again, with --worker and the options that
    shape the measurement."""
    options = [
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
        options += ["--database-url", url]
    for flag in ("profile", "explain", "without_history_index", "compare_history_index"):
        if getattr(args, flag):
            options.append(f"--{flag.replace('_', '-')}")
    options += ["--profile-over", str(args.profile_over)]
    return common.run_child(__file__, name, options)


# --------------------------------------------------------------------------------------------
# Child process: one database, set up, filled and measured.
# --------------------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> list[dict[str, Any]]:
    prefix, settings = "teilhabe-bench-", {"TEILHABE_ENV": "test"}
    with common.child_database(args.worker, args.database_url, prefix, settings) as data_dir:
        (data_dir / "static").mkdir()  # STATIC_ROOT; whitenoise warns when it is missing
        import django

        django.setup()
        return fill_and_measure(args, data_dir)


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
    shipped = history_indexes()
    print(
        f"[{args.worker}] after migrate, {HISTORY_TABLE} has "
        + (
            f"the history index ({', '.join(shipped)} on {', '.join(HISTORY_COLUMNS)})"
            if shipped
            else f"no index on ({', '.join(HISTORY_COLUMNS)})"
        ),
        flush=True,
    )
    if args.compare_history_index:
        states = [False, True]
    else:  # without the index if asked to, else the schema as migrate leaves it
        states = [False if args.without_history_index else bool(shipped)]
    results = measure(args, district, users["coordinator"], today, states, bool(shipped))
    load += " before, " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + " after measuring"
    shared = {
        "database": connection.vendor,
        "database_version": common.database_version(),
        "shipped_history_index": bool(shipped),
        "load_before": load,
        "data": stats,
        "today": today.isoformat(),
        "environment": environment(),
        "args": {k: v for k, v in vars(args).items() if k not in {"json", "database_url"}},
    }
    return [{**shared, "history_index": state, "results": results[state]} for state in states]


def history_indexes() -> list[str]:
    """The names of the indexes on exactly (id, history_date) of the activity history."""
    from django.db import connection

    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, HISTORY_TABLE)
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and not c["primary_key"] and c["columns"] == HISTORY_COLUMNS
    )


def set_history_index(present: bool) -> None:
    """Create the history index as migration 0003 does (by its name, if no index on these
    columns exists), or drop every index on these columns; then check that it is there or gone.
    Not by migrating back to 0002: that would also undo 0004 and 0005, whose columns the
    application reads, and on SQLite 0004 has dropped the index already."""
    from django.db import connection

    found = history_indexes()
    with connection.cursor() as cursor:
        if present and not found:
            columns = ", ".join(connection.ops.quote_name(c) for c in HISTORY_COLUMNS)
            cursor.execute(
                f"CREATE INDEX {connection.ops.quote_name(HISTORY_INDEX)} "
                f"ON {connection.ops.quote_name(HISTORY_TABLE)} ({columns})"
            )
        elif not present:
            for name in found:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    if bool(history_indexes()) != present:
        sys.exit(
            f"could not {'create' if present else 'drop'} the index on "
            f"{HISTORY_TABLE} ({', '.join(HISTORY_COLUMNS)})"
        )


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
    shipped: bool,
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
    labelled = [(f"{'with' if state else 'without'} the history index", state) for state in states]
    # With two states every round measures both, one after the other, so that a busy moment
    # of the machine hits both alike.
    results = time_cases(args.repeat, cases, labelled, switch=set_history_index, width=52)
    for state in states:
        if len(states) > 1 or args.explain or args.profile:
            set_history_index(state)
        if args.explain:
            explain(district, as_of)
        if args.profile and (state == shipped or len(states) == 1):  # the schema as shipped
            for (name, fn), result in zip(cases, results[state], strict=True):
                if result["median_ms"] > args.profile_over:
                    result["profile"] = profile(name, fn)
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


def environment() -> dict[str, str]:
    import django
    import psycopg
    import simple_history

    return {
        **common.environment(),
        "django": django.get_version(),
        "simple_history": getattr(simple_history, "__version__", "?"),
        "psycopg": psycopg.__version__,
        "commit": common.commit(),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
