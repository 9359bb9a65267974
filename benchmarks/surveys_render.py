"""The section "## Questionnaires: autosave and results" of BENCHMARKS.md, written by
benchmarks/surveys.py from what its children measured."""

from __future__ import annotations

import argparse
import statistics
from typing import Any

import common
from measure import cases_table

SECTION = "## Questionnaires: autosave and results"


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
    lines += common.reproduce(
        "To reproduce (about the same figures on the same machine; `apt-get install -y wrk` for "
        "the wrk column, which is left out without it):",
        command,
    )
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
            *cases_table(r["cases"]),
        ]
        lines += [
            "",
            f"Load average (1, 5, 15 min) before: {', '.join(map(str, r['load_before']))}; "
            f"after: {', '.join(map(str, r['load_after']))}.",
            "",
        ]
    return lines


def name(run: dict[str, Any]) -> str:
    return "SQLite" if run["database"] == "sqlite" else "PostgreSQL"


def left_out(load: dict[str, Any]) -> str:
    """The questions inside repeat groups, which the load does not send, in words."""
    in_repeats = load.get("questions_in_repeats") or {}
    count = sum(len(names) for names in in_repeats.values())
    if not count:
        return ""
    groups = ", ".join(f"`{name}`" for name in in_repeats)
    return (
        f"; the {count} questions inside its repeat group"
        + ("s " if len(in_repeats) > 1 else " ")
        + f"({groups}) are not sent: on the page an entry is added first and each of its "
        "fields is then saved into the repeat's one answer (a list of entries), which would "
        "be another measurement"
    )


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
        f"- **Data**: a wave of the shipped questionnaire over {first['municipalities']} "
        "municipalities, next to the large wave above. The load answers the "
        f"{first['questions']} top-level questions of the questionnaire (its note aside)"
        + left_out(first)
        + ". Each client holds one municipality's personal link: it opens the "
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
        if v.get("stored_other_questions"):
            checked += f"; **{v['stored_other_questions']} answers to questions never sent**"
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
