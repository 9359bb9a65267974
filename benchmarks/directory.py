"""The public directory (Wegweiser) at scale: its cached pages and its search, against the ceiling.

    python benchmarks/directory.py [--scale national] [--databases sqlite,postgresql]
        [--rounds 3] [--duration 8] [--connections 8]
        [--keep DIR [--pg-url postgresql://…/postgres]]

Generating national scale takes a long time (the larger part of a run). With `--keep DIR` the
generated data stays in DIR (a data dir per database and scale) and the next run with the same
DIR uses it again instead of generating; for PostgreSQL that needs a server that outlives the
run: `--pg-url` (an existing server, where the database `directory_<scale>` is kept) instead of
the throw-away cluster. The page cache is emptied before the first round either way.

For every database: a fresh installation filled by `teilhabe bench generate --scale` (which
indexes the public offers for search), static files collected, gunicorn started as `teilhabe up`
starts it (sync workers, `--workers 2`, access log on). No login: the pages are public. Round by
round, wrk (one thread, N connections, closed loop) runs D seconds each on `/health/` (the
ceiling of this configuration, measured in the same round), the district's directory page and
an offer page of Landkreis Rotenburg (Wümme) — both from the page cache after the first answer,
as every visitor gets them — and the search: every request a different query (a title word and
a number, "sprachcafe 17"), so none is answered from the cache and each runs the full-text
search (FTS5 on SQLite, tsvector with its GIN index on PostgreSQL). Between rounds the
district's stamp is renewed, so each round starts with an empty cache. Figures: p50/p95/p99 and
req/s, min/median/max over the rounds, throughput as a share of the round's ceiling. Written
into the section "## Wegweiser (public directory) at scale" of BENCHMARKS.md unless --no-write.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import common
import pages

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin (teilhabe, gunicorn)
SECTION = "## Wegweiser (public directory) at scale"
FOCUS = "03357"
TARGET_CACHED_P95_MS = 25.0
TARGET_CACHED_SHARE = 0.50
TARGET_SEARCH_P95_MS = 50.0
WORDS = [
    "sprachcafe",
    "deutschkurs",
    "beratung",
    "migrationsberatung",
    "hausaufgabenhilfe",
    "fahrradwerkstatt",
    "integrationssport",
    "chor",
    "job",
    "wohnraumborse",
    "lernwerkstatt",
    "spielgruppe",
    "willkommenslotsen",
    "bewerbungstraining",
    "sprechstunde",
    "fruhstuck",
    "ehrenamt",
    "runder",
    "einburgerung",
    "zivilcourage",
    "lesepatenschaften",
    "kita",
]
SEARCH_SCRIPT = (
    "counter = 0\nwords = {"
    + ", ".join(f'"{w}"' for w in WORDS)
    + "}\n"
    + """
request = function()
  counter = counter + 1
  local word = words[(counter % #words) + 1]
  local number = math.floor(counter / #words) + 1
  return wrk.format("GET", "/FOCUS/angebote/?q=" .. word .. "+" .. number)
end
""".replace("FOCUS", FOCUS)
)
IDS = """
import json, django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
django.setup()
from django.db import connection
from teilhabe.directory import queries
from teilhabe.directory.models import SearchDocument
from teilhabe.regions.models import District
district = District.objects.get(ags="03357")
visible = queries.visible(district)
offer = visible.order_by("pk").first()
with connection.cursor() as c:
    c.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
    version = c.fetchone()[0].split()[0]
print(json.dumps({"offer": offer.pk, "visible": visible.count(), "version": version,
                  "documents": SearchDocument.objects.count()}))
"""
TOUCH = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
django.setup()
from teilhabe.directory.signals import touch
from teilhabe.regions.models import District
touch(District.objects.get(ags="03357").pk)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="national")
    common.add_server_arguments(parser, port=8094, pg_port=54371)
    parser.add_argument("--keep", type=Path, default=None, help="keep and reuse generated data")
    parser.add_argument("--pg-url", default=None, help="an existing PostgreSQL server to use")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (Debian package wrk): apt-get install wrk")
    if args.keep and "postgresql" in args.databases and not args.pg_url:
        sys.exit("--keep with PostgreSQL needs --pg-url (the throw-away cluster is removed)")
    runs = []
    with contextlib.ExitStack() as stack:
        pg_url = args.pg_url
        if "postgresql" in args.databases and not pg_url:
            pg_url, _pid = stack.enter_context(common.throwaway_cluster(args.pg_port))
        for database in args.databases.split(","):
            runs.append(measure(args, database, pg_url))
            section = render(args, runs)  # written after each database: a long run may stop
            print(section)
            if not args.no_write:
                common.write_section(ROOT / "BENCHMARKS.md", SECTION, section)


def python(env: dict[str, str], code: str) -> str:
    command = [str(BIN / "python"), "-W", "ignore", "-c", code]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout


def measure(args: argparse.Namespace, database: str, pg_url: str | None) -> dict[str, Any]:
    scale = args.scale
    name = f"{scale}_{args.activities}" if args.activities else scale
    if args.keep:
        data_dir = args.keep.resolve() / f"{database}-{name}"
        data_dir.mkdir(parents=True, exist_ok=True)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix=f"teilhabe-directory-{scale}-"))
    env = {**os.environ, "TEILHABE_ENV": "local", "TEILHABE_DATA_DIR": str(data_dir)}
    env.pop("TEILHABE_DATABASE_URL", None)
    db_name = None
    marker = data_dir / "generated.json"  # what `generate` printed, once it has finished
    if database == "postgresql":
        assert pg_url
        db_name = f"directory_{name}"
        if args.keep and marker.exists() and common.database_exists(pg_url, db_name):
            env["TEILHABE_DATABASE_URL"] = common.database_url(pg_url, db_name)
        else:
            marker.unlink(missing_ok=True)
            env["TEILHABE_DATABASE_URL"] = common.create_database(pg_url, db_name)
    try:
        if marker.exists():
            summary, generated = json.loads(marker.read_text())
            pages.log(database, scale, f"{summary} (generated before, kept in {data_dir})")
        else:
            summary, generated = generate(args, env, database)
            if args.keep:
                marker.write_text(json.dumps([summary, generated]))
        subprocess.run(
            [str(BIN / "teilhabe"), "manage", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        ids = json.loads(python(env, IDS))
        urls = {
            "directory page": f"/{FOCUS}/",
            "offer page": f"/{FOCUS}/angebote/{ids['offer']}/",
            "search": f"/{FOCUS}/angebote/?q=sprachcafe+1",
        }
        with pages.gunicorn(args, env, data_dir) as base:
            sizes = {}
            for name, path in urls.items():
                with urllib.request.urlopen(base + path, timeout=60) as answer:
                    body = answer.read()
                    if answer.status != 200 or answer.headers.get("Set-Cookie"):
                        sys.exit(f"{name} ({path}): {answer.status}, or it set a cookie")
                sizes[name] = len(body)

            def one_round() -> dict[str, dict[str, Any]]:
                python(env, TOUCH)  # an empty cache for this round
                row = {"/health/": wrk(args, base + "/health/")}
                for name, path in urls.items():
                    script = SEARCH_SCRIPT if name == "search" else None
                    row[name] = wrk(args, base + path, script)
                return row

            rounds = common.wrk_rounds(
                args.rounds, one_round, lambda text: pages.log(database, scale, text), 1
            )
            status = common.access_log_statuses(data_dir / "access.log")
        return {
            "database": database,
            "scale": scale,
            "summary": summary,
            "generated_s": generated,
            "urls": urls,
            "sizes": sizes,
            "rounds": rounds,
            "status": status,
            "ids": ids,
        }
    finally:
        if not args.keep:
            if db_name and pg_url:
                common.drop_database(pg_url, db_name)
            shutil.rmtree(data_dir, ignore_errors=True)


def generate(args: argparse.Namespace, env: dict[str, str], database: str) -> tuple[str, int]:
    """`teilhabe bench generate` into the environment's data dir and database: its summary
    line and the seconds it took."""
    started = time.perf_counter()
    command = [str(BIN / "teilhabe"), "bench", "generate", "--scale", args.scale]
    if args.activities:
        command += ["--activities", str(args.activities)]
    pages.log(database, args.scale, "generating …")
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    generated = round(time.perf_counter() - started)
    summary = out.strip().splitlines()[-2]
    pages.log(database, args.scale, f"{summary} ({generated} s)")
    return summary, generated


def wrk(args: argparse.Namespace, url: str, request_script: str | None = None) -> dict[str, Any]:
    return common.wrk(url, args.connections, args.duration, request_script=request_script or "")


def render(args: argparse.Namespace, runs: list[dict[str, Any]]) -> str:
    now = datetime.datetime.now(datetime.UTC)
    lines = [
        SECTION,
        "",
        f"Measured with `benchmarks/directory.py` on {now:%Y-%m-%d %H:%M} UTC "
        f"(commit {common.commit()}).",
        "",
        f"- **Data**: `teilhabe bench generate --scale {args.scale}` (seed 2026): about half of "
        "the activities marked public, each with the Wegweiser's fields; an offer is in the "
        "directory while it is public, running and confirmed within a year; the search index "
        "holds every public offer.",
        f"- **Server**: gunicorn as `teilhabe up` starts it (`--workers {args.workers}`, sync "
        "workers, access log on), `TEILHABE_ENV=local`, the database cache as in production.",
        f"- **Load**: wrk, one thread, {args.connections} connections (closed loop), "
        f"{args.duration} s per run, {args.rounds} rounds, no cookie. Directory and offer page: "
        "the same address again and again, so from the page cache after the first answer (what "
        "every visitor gets until the district's public data changes). Search: a different "
        "query with every request, so never from the cache. Each round starts with an empty "
        "cache (a new district stamp).",
        f"- **Targets**: cached pages p95 ≤ {TARGET_CACHED_P95_MS:.0f} ms and ≥ "
        f"{TARGET_CACHED_SHARE:.0%} of the `/health/` ceiling; search p95 ≤ "
        f"{TARGET_SEARCH_P95_MS:.0f} ms.",
        f"- **Machine**: {common.machine()}.",
        "",
    ]
    verdicts = []
    for run in runs:
        ids = run["ids"]
        lines += [
            f"### {run['scale'].capitalize()} scale, {run['database']} {ids['version']}",
            "",
            f"Data: {run['summary']} (generated in {run['generated_s']} s); Rotenburg's "
            f"directory shows {ids['visible']:,} offers; {ids['documents']:,} search documents "
            "nationally.",
            "",
            "| page | p50 ms | p95 ms | p99 ms | req/s | share of ceiling | errors | KiB |",
            "|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for name in ["/health/", *run["urls"]]:
            series = [r[name] for r in run["rounds"]]
            shares = [r[name]["rps"] / r["/health/"]["rps"] for r in run["rounds"]]
            label = f"{name} `{run['urls'].get(name, '')}`"
            if name == "/health/":
                label = "`/health/` (ceiling)"
            size = run["sizes"].get(name)
            lines.append(
                f"| {label} | {pages.spread([s['p50'] for s in series])} "
                f"| {pages.spread([s['p95'] for s in series])} "
                f"| {pages.spread([s['p99'] for s in series])} "
                f"| {pages.spread([s['rps'] for s in series], 0)} "
                f"| {pages.spread([x * 100 for x in shares], 0)} % "
                f"| {sum(s['errors'] for s in series)} | {size / 1024 if size else 0:,.0f} |"
            )
            if name != "/health/":
                p95 = statistics.median(s["p95"] for s in series)
                verdicts.append((run, name, p95, statistics.median(shares)))
        lines += [
            "",
            "Status codes in gunicorn's access log: "
            + ", ".join(f"{k}: {v:,}" for k, v in run["status"].items())
            + ".",
            "",
        ]
    lines += ["### Verdict", ""]
    for run, name, p95, share in verdicts:
        if name == "search":
            ok = "✅" if p95 <= TARGET_SEARCH_P95_MS else "❌"
            lines.append(
                f"- {run['database']}, search: p95 {p95:.1f} ms {ok} (≤ "
                f"{TARGET_SEARCH_P95_MS:.0f}), {share:.0%} of the ceiling."
            )
        else:
            ok_p95 = "✅" if p95 <= TARGET_CACHED_P95_MS else "❌"
            ok_share = "✅" if share >= TARGET_CACHED_SHARE else "❌"
            lines.append(
                f"- {run['database']}, {name}: p95 {p95:.1f} ms {ok_p95} (≤ "
                f"{TARGET_CACHED_P95_MS:.0f}), {share:.0%} of the ceiling {ok_share} (≥ "
                f"{TARGET_CACHED_SHARE:.0%})."
            )
    lines += [
        "",
        f"To reproduce: `.venv/bin/python benchmarks/directory.py --scale {args.scale} "
        f"--rounds {args.rounds} --duration {args.duration} --connections {args.connections}`.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
