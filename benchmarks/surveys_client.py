"""The load client of benchmarks/surveys.py: municipalities' clerks posting answers through
their personal links, and `/health/` for the ceiling, over plain HTTP/1.1 with asyncio; what a
run saw, summed up."""

from __future__ import annotations

import asyncio
import datetime
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from common import HOST
from measure import percentile, rounded

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
