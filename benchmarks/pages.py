"""Pages at district, Land and national scale under concurrency, against the stack's ceiling.

    .venv/bin/python benchmarks/pages.py [--scales district,land,national]
        [--databases sqlite,postgresql] [--rounds 3] [--duration 8] [--connections 8]

For every database and scale: a fresh installation filled by `teilhabe bench generate --scale`
(SQLite in a temporary data directory; PostgreSQL as a new database in a throw-away cluster),
static files collected, gunicorn started exactly as `teilhabe up` starts it (sync workers,
`--workers 2`, access log on), a coordinator of Landkreis Rotenburg (Wümme) logged in through the
login form. Then, round by round, wrk (one thread, N connections, closed loop) runs for D
seconds on `/health/` (one `SELECT 1`: the ceiling of this gunicorn configuration, measured in
the same round) and on each page. Every answer must be 200 (wrk counts anything else as an
error; the pages are checked once beforehand to be the page and not the login form).
Figures: p50/p95/p99 latency and req/s per page, min/median/max over the rounds; throughput as
a share of the same round's ceiling. Written into the section "## Pages at scale" of
BENCHMARKS.md unless --no-write is given.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import common

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin (teilhabe, gunicorn)
SECTION = "## Pages at scale"
FOCUS = "03357"
PASSWORD = "bench-password-2026"  # teilhabe/bench/generate.py PASSWORD
TARGET_P95_MS = 100.0
TARGET_SHARE = 0.30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", default="district,land,national")
    common.add_server_arguments(parser, port=8093, pg_port=54341)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (Debian package wrk): apt-get install wrk")
    scales = args.scales.split(",")
    databases = args.databases.split(",")
    runs = []
    with contextlib.ExitStack() as stack:
        pg_url = None
        if "postgresql" in databases:
            pg_url, _pid = stack.enter_context(common.throwaway_cluster(args.pg_port))
        for database in databases:
            for scale in scales:
                runs.append(measure(args, database, scale, pg_url))
    section = render(args, runs)
    print(section)
    if not args.no_write:
        common.write_section(ROOT / "BENCHMARKS.md", SECTION, section)


def measure(args: argparse.Namespace, database: str, scale: str, pg_url: str | None) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"teilhabe-pages-{scale}-"))
    env = {**os.environ, "TEILHABE_ENV": "local", "TEILHABE_DATA_DIR": str(data_dir)}
    env.pop("TEILHABE_DATABASE_URL", None)
    db_name = None
    if database == "postgresql":
        db_name = f"pages_{scale}"
        env["TEILHABE_DATABASE_URL"] = common.create_database(pg_url, db_name)
    try:
        started = time.perf_counter()
        command = [str(BIN / "teilhabe"), "bench", "generate", "--scale", scale]
        if args.activities:
            command += ["--activities", str(args.activities)]
        log(database, scale, "generating …")
        out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        generated = time.perf_counter() - started
        summary = out.strip().splitlines()[-2]
        log(database, scale, f"{summary} ({generated:.0f} s)")
        subprocess.run(
            [str(BIN / "teilhabe"), "manage", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        ids = json.loads(
            subprocess.run(
                [str(BIN / "python"), "-c", IDS],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        pages = {
            "district page": f"/districts/{FOCUS}/",
            "coverage matrix": f"/districts/{FOCUS}/inventory/",
            "changes page": f"/districts/{FOCUS}/changes/",
            "allocation dashboard": f"/allocation/{ids['period']}/",
            "results page": f"/waves/{ids['wave']}/results/",
        }
        probe = json.loads(
            subprocess.run(
                [str(BIN / "python"), "-W", "ignore", "-c", PROBE, json.dumps(pages)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        with gunicorn(args, env, data_dir) as base:
            cookie = login(base)
            sizes = check_pages(base, cookie, pages)

            def one_round() -> dict[str, dict[str, Any]]:
                row = {"/health/": wrk(args, base + "/health/", None)}
                for name, path in pages.items():
                    row[name] = wrk(args, base + path, cookie)
                return row

            rounds = common.wrk_rounds(
                args.rounds, one_round, lambda text: log(database, scale, text)
            )
            status = common.access_log_statuses(data_dir / "access.log")
        return {
            "database": database,
            "scale": scale,
            "summary": summary,
            "generated_s": round(generated),
            "pages": pages,
            "sizes": sizes,
            "rounds": rounds,
            "status": status,
            "version": ids["version"],
            "probe": probe,
        }
    finally:
        if db_name:
            common.drop_database(pg_url, db_name)
        shutil.rmtree(data_dir, ignore_errors=True)


IDS = """
import json, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
django.setup()
from django.db import connection
from teilhabe.allocation.models import AllocationPeriod
from teilhabe.surveys.models import Wave
period = AllocationPeriod.objects.filter(district__ags="03357").order_by("-start").first()
wave = Wave.objects.filter(district__ags="03357").order_by("-opens").first()
with connection.cursor() as c:
    c.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
    version = c.fetchone()[0].split()[0]
print(json.dumps({"period": period.pk, "wave": wave.pk, "version": version}))
"""

# Where a request's time goes, in one process without gunicorn or concurrency: Django's test
# client, the whole middleware stack, logged in; SQL time from an execute wrapper.
PROBE = """
import json, os, sys, time, statistics, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
django.setup()
from django.db import connection
from django.test import Client
from teilhabe.accounts.models import User
pages = json.loads(sys.argv[1])
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="koordination-03357"))
anonymous = Client(HTTP_HOST="127.0.0.1")
sql = [0.0, 0]
def timed(execute, query, params, many, context):
    started = time.perf_counter()
    try:
        return execute(query, params, many, context)
    finally:
        sql[0] += time.perf_counter() - started
        sql[1] += 1
result = {}
for name, path in {"/health/": "/health/", **pages}.items():
    c = anonymous if path == "/health/" else client
    c.get(path)
    wall, sql_ms, queries = [], [], 0
    for _ in range(15):
        sql[:] = [0.0, 0]
        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            assert c.get(path).status_code == 200, path
            wall.append((time.perf_counter() - started) * 1000)
        sql_ms.append(sql[0] * 1000)
        queries = sql[1]
    result[name] = {"ms": statistics.median(wall), "sql_ms": statistics.median(sql_ms),
                    "queries": queries}
print(json.dumps(result))
"""


def log(database: str, scale: str, text: str) -> None:
    print(f"[{database} {scale}] {text}", flush=True)


@contextlib.contextmanager
def gunicorn(args: argparse.Namespace, env: dict, data_dir: Path) -> Iterator[str]:
    """gunicorn as `teilhabe up` starts it; its access log (stdout) goes to a file."""
    if common.port_in_use(args.port):
        sys.exit(f"port {args.port} is in use")
    access = (data_dir / "access.log").open("wb")
    server = subprocess.Popen(
        common.gunicorn_command(str(BIN / "python"), args.port, args.workers),
        env=env,
        stdout=access,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"gunicorn did not start; see {data_dir}/access.log")
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        access.close()


def login(base: str) -> str:
    """Log in through the form as the Rotenburg coordinator; returns the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "password": PASSWORD, "username": f"koordination-{FOCUS}"}
    ).encode()
    request = urllib.request.Request(
        base + "/accounts/login/", data=data, headers={"Referer": base + "/accounts/login/"}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("login failed: no session cookie")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def check_pages(base: str, cookie: str, pages: dict[str, str]) -> dict[str, int]:
    """Each page once: 200, and the page itself (not a redirect to the login form)."""
    sizes = {}
    for name, path in pages.items():
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=60) as answer:
            body = answer.read()
            if answer.status != 200 or "/accounts/login/" in answer.url:
                sys.exit(f"{name} ({path}) did not answer with the page: {answer.url}")
        sizes[name] = len(body)
    return sizes


def wrk(args: argparse.Namespace, url: str, cookie: str | None) -> dict[str, Any]:
    headers = {"Cookie": cookie} if cookie else None
    return common.wrk(url, args.connections, args.duration, headers)


# --------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------


def spread(values: list[float], digits: int = 1) -> str:
    return " / ".join(
        f"{v:,.{digits}f}" for v in (min(values), statistics.median(values), max(values))
    )


# Profiled (cProfile) and fixed on 2026-11-25, before this run; measured by hand in one process
# with Django's test client on the district-scale data (SQLite), median of 10 requests.
FIXED = [
    "### Fixed after profiling (before → after, one process, district-scale data on SQLite)",
    "",
    "- District page: 45.4 → 8.7 ms. 80 % of the time went into placing the map labels "
    "(polylabel) on every request; each process now keeps the map layout, keyed by a digest "
    "of names and boundaries (commit ec88e63).",
    "- Coverage matrix: 18.3 → 14.7 ms. The activity-list address was reversed once per cell; "
    "now once per page.",
    "- Results page: 26.3 → 19.1 ms. About 3,000 template variables for the bar charts and the "
    "per-municipality rows; two template helpers now render them in one pass (same markup, "
    "compared with the old page).",
    "- Questionnaire autosave: 7.1 → 3.2 ms, 11 → 7 queries (one read of the stored answers "
    "for the constraint and the skip logic; the wave's version from the link instead of three "
    "lazy queries inside the lock; the questionnaire form, tens of kB of JSON, no longer loaded "
    "with every link request). Under load with 200 clients (questionnaire section): SQLite "
    "170 → 440 autosaves/s, PostgreSQL 140 → 240 (before: BENCHMARKS.md of commit 8106806).",
]


def cost(probe: dict[str, Any]) -> str:
    return f"{probe['ms']:.1f} ({probe['sql_ms']:.1f}, {probe['queries']})"


def render(args: argparse.Namespace, runs: list[dict]) -> str:
    now = datetime.datetime.now(datetime.UTC)
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/pages.py` on {now:%Y-%m-%d %H:%M} UTC "
        f"(commit {common.commit()}).",
        "",
        "- **Data**: `teilhabe bench generate --scale district|land|national` (seed 2026, "
        "newest save today): Landkreis Rotenburg (Wümme) alone, the 45 Kreise of Lower Saxony, "
        "all 400 Kreise of Germany; 500,000 activities nationally (each Kreis its share by "
        "population, Rotenburg the same 988 at every scale) with 5 years of history, 10 "
        "half-year allocation periods with arrivals and capacities, 20 questionnaire waves in "
        "Rotenburg and 2 in every other Kreis, 10 events and 15 measures per Kreis.",
        f"- **Server**: gunicorn as `teilhabe up` starts it (`--workers {args.workers}`, sync "
        "workers, access log on), `TEILHABE_ENV=local`, static files collected, on 127.0.0.1.",
        f"- **Load**: wrk, one thread, {args.connections} connections (closed loop), "
        f"{args.duration} s per run, {args.rounds} rounds; each round first `/health/` (one "
        "`SELECT 1` through the whole middleware stack: the ceiling of this configuration, "
        "in the same round), then each page as the logged-in coordinator of Rotenburg. "
        "Latency is wrk's (connect to last byte, including the wait in gunicorn's queue). "
        'Figures are min / median / max over the rounds; "share" is the page\'s req/s ÷ '
        "the same round's `/health/` req/s.",
        f"- **Targets**: p95 ≤ {TARGET_P95_MS:.0f} ms for a district page at national scale, "
        f"throughput ≥ {TARGET_SHARE:.0%} of the ceiling.",
        f"- **Machine**: {common.machine()}.",
        "",
    ]
    verdicts = []
    for run in runs:
        lines += [
            f"### {run['scale'].capitalize()} scale, {run['database']} {run['version']}",
            "",
            f"Data: {run['summary']} (generated in {run['generated_s']} s).",
            "",
            "| page | p50 ms | p95 ms | p99 ms | req/s | share of ceiling | errors | KiB "
            "| one process: ms (SQL ms, queries) |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for name in ["/health/", *run["pages"]]:
            series = [r[name] for r in run["rounds"]]
            shares = [r[name]["rps"] / r["/health/"]["rps"] for r in run["rounds"]]
            size = run["sizes"].get(name)
            lines.append(
                f"| {name if name == '/health/' else name + ' `' + run['pages'][name] + '`'} "
                f"| {spread([s['p50'] for s in series])} | {spread([s['p95'] for s in series])} "
                f"| {spread([s['p99'] for s in series])} | {spread([s['rps'] for s in series], 0)} "
                f"| {spread([x * 100 for x in shares], 0)} % | {sum(s['errors'] for s in series)} "
                f"| {size / 1024:,.0f} | {cost(run['probe'][name])} |"
                if size
                else f"| `/health/` (ceiling) | {spread([s['p50'] for s in series])} "
                f"| {spread([s['p95'] for s in series])} | {spread([s['p99'] for s in series])} "
                f"| {spread([s['rps'] for s in series], 0)} | 100 % "
                f"| {sum(s['errors'] for s in series)} | – "
                f"| {cost(run['probe']['/health/'])} |"
            )
            if size and run["scale"] == "national":
                p95 = statistics.median(s["p95"] for s in series)
                share = statistics.median(shares)
                verdicts.append((run, name, p95, share))
        lines += [
            "",
            "Status codes in gunicorn's access log (login and checks included): "
            + ", ".join(f"{k}: {v:,}" for k, v in run["status"].items())
            + ".",
            "",
        ]
    lines += ["### Verdict at national scale", ""]
    missed = []
    for run, name, p95, share in verdicts:
        ok_p95 = "✅" if p95 <= TARGET_P95_MS else "❌"
        ok_share = "✅" if share >= TARGET_SHARE else "❌"
        lines.append(
            f"- {run['database']}, {name}: p95 {p95:.1f} ms {ok_p95} (≤ {TARGET_P95_MS:.0f}), "
            f"{share:.0%} of the ceiling {ok_share} (≥ {TARGET_SHARE:.0%})."
        )
        if "❌" in ok_p95 + ok_share:
            missed.append((run, name))
    if missed:
        lines += [
            "",
            "Why targets are missed (from the one-process column, measured in the same run):",
            "",
        ]
    for run, name in missed:
        page, health = run["probe"][name], run["probe"]["/health/"]
        lines.append(
            f"- {run['database']}, {name}: one request costs {page['ms']:.1f} ms in one "
            f"process ({page['sql_ms']:.1f} ms of it in {page['queries']} SQL queries, the rest "
            f"is Python: middleware, views and template rendering), `/health/` "
            f"{health['ms']:.2f} ms — {page['ms'] / health['ms']:.0f} times as much, so the "
            f"page can reach at most about {health['ms'] / page['ms']:.0%} of the ceiling on "
            f"the same cores; with {args.connections} connections on {args.workers} workers a "
            f"request waits for about {args.connections / args.workers - 1:.0f} others, so p95 "
            f"≈ {args.connections / args.workers:.0f} × the service time."
        )
    lines += ["", *FIXED]
    lines += [
        "",
        "To reproduce: `.venv/bin/python benchmarks/pages.py --rounds "
        f"{args.rounds} --duration {args.duration} --connections {args.connections}` "
        "(about 25 minutes with both databases and all three scales).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
