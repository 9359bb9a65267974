"""The load test of benchmarks/surveys.py, in the child process: gunicorn as `teilhabe up`
starts it, a wave of the shipped questionnaire, the queries and the profile of one autosave,
then autosave and `/health/` under load for every number of clients, each run checked against
the database."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import common
from common import HOST
from measure import cpu_meter
from surveys_client import (
    REQUEST_TIMEOUT,
    SAVED,
    VERSION,
    Answerer,
    Tally,
    answer_loop,
    health_loop,
    http,
    open_links,
    raw_input_for,
    run_load,
    summary,
)


def log(args: argparse.Namespace, text: str) -> None:
    print(f"[{args.worker}] {text}", flush=True)


@contextlib.contextmanager
def gunicorn(args: argparse.Namespace, data_dir: Path) -> Iterator[subprocess.Popen]:
    """gunicorn as `teilhabe up` starts it, on 127.0.0.1; stopped by its own pid afterwards."""
    if common.port_in_use(args.port):
        sys.exit(f"Port {args.port} is in use; choose another with --port")
    command = common.gunicorn_command(sys.executable, args.port, args.workers)
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


def make_load_wave(
    args: argparse.Namespace, district: Any
) -> tuple[Any, list[Answerer], list, dict[str, list[str]]]:
    """A wave of the shipped questionnaire over as many municipalities as the most clients;
    the questions the load answers, and those it leaves out by repeat group.

    Only the top-level questions are answered, each by its own name, as the page autosaves
    them. A question inside a repeat group is no answer of its own: the page first adds an
    entry (`/s/<token>/repeat/`, "add"), then autosaves `<repeat>·<entry id>·<question>`
    into the repeat's one answer, a list of entries, without a version check. That is
    another measurement, so those questions are left out (and named in the section)."""
    from django.utils import timezone

    from teilhabe.regions.models import Municipality
    from teilhabe.surveys import runtime, services
    from teilhabe.surveys.xlsform import FILE_TYPES, UNANSWERED_TYPES
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
    _form, items = runtime.compile_version(version)
    answered = [
        i
        for i in items
        if i.question.type not in UNANSWERED_TYPES and i.question.type not in FILE_TYPES
    ]
    questions = [i.question for i in answered if not i.repeat and not i.question.read_only]
    in_repeats: dict[str, list[str]] = {}
    for item in answered:
        if item.repeat:
            in_repeats.setdefault(item.repeat, []).append(item.question.name)
    if not questions:
        sys.exit("the shipped questionnaire has no top-level question to answer")
    return wave, answerers, questions, in_repeats


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
        "the view (`autosave_by_link`)": ("surveys/answer_views.py", "autosave_by_link"),
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
    version must equal the number of acknowledged saves (each save changed the answer).
    Every question the load sends is one of `questions` (top-level: one Answer row each);
    rows of any other question (a repeat's, say) are counted apart, as none should exist."""
    from teilhabe.surveys import runtime
    from teilhabe.surveys.models import Answer

    by_name = {q.name: q for q in questions}
    municipalities = {a.municipality for a in answerers}  # not the spare one
    rows = [
        row
        for row in Answer.objects.filter(response__invitation__wave=wave).values_list(
            "response__invitation__municipality__name", "question", "value", "version"
        )
        if row[0] in municipalities
    ]
    stored = {(m, question): (value, version) for m, question, value, version in rows}
    other = sum(1 for key in stored if key[1] not in by_name)
    stored = {key: found for key, found in stored.items() if key[1] in by_name}
    sent = {name for a in answerers for name in a.saves}
    if sent - by_name.keys():
        sys.exit(f"the load saved questions it does not check: {sorted(sent - by_name.keys())}")
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
        "stored_other_questions": other,
    }


def load_benchmark(args: argparse.Namespace, district: Any, data_dir: Path) -> dict[str, Any]:
    from django.db import connection, connections

    wave, answerers, questions, in_repeats = make_load_wave(args, district)
    per_request = queries_per_request(wave, answerers, questions)
    spare = answerers.pop()  # answered by queries_per_request: not part of the load
    profile = profile_autosave(spare, questions)
    log(args, f"one autosave in this process: {profile['plain_ms']} ms; {profile['parts']}")
    log(
        args,
        f"load wave: {len(answerers) + 1} municipalities x {len(questions)} top-level "
        f"questions (not sent, inside repeat groups: {in_repeats}); "
        f"queries per request: {per_request}; spare {spare.municipality}",
    )
    connections.close_all()
    results: dict[str, Any] = {
        "questions": len(questions),
        "questions_in_repeats": in_repeats,
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
    results["access_log_statuses"] = common.access_log_statuses(data_dir / "access.log")
    return results
