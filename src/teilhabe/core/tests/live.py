"""A live installation for the load and crash tests: real processes on loopback.

pytest-django's test database lives inside the test process (in a transaction, or in a file the
suite resets), so the processes under test cannot share it. An `Installation` is what `teilhabe
up` prepares instead: a data directory with its SQLite file, or, when TEILHABE_DATABASE_URL names
a PostgreSQL server, a throw-away database of its own on that server. The tests drive it like an
operator does: gunicorn and the task worker as subprocesses, HTTP on 127.0.0.1, SIGKILL by pid.
What needs Django inside the installation (creating a wave, reading back answers) runs in a
subprocess too: `Installation.call("name", …)` runs the function of that name at the bottom of
this module with the installation's settings and returns its JSON result.
"""

import asyncio
import concurrent.futures
import contextlib
import datetime
import importlib
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

HOST = "127.0.0.1"  # loopback only
REQUEST_TIMEOUT = 30.0  # seconds: gunicorn's worker timeout; longer means the server hangs
PASSWORD = "live-Teilhabe-2026!"  # of the coordinator `live-coordinator` and of `admin`
AGS = "03357"
LEASE = "3"  # seconds: the task workers' lease in the tests that kill workers


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until(condition: Any, timeout: float, what: str, interval: float = 0.1) -> Any:
    """Poll `condition` until it returns something truthy (and return that), or fail."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Installation:
    data_dir: Path
    database_url: str = ""  # "" for SQLite in the data directory
    _helper: subprocess.Popen[str] | None = field(default=None, repr=False, compare=False)

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEILHABE_", "DJANGO_"))}
        env |= {
            "TEILHABE_ENV": "test",
            "TEILHABE_DATA_DIR": str(self.data_dir),
            "TEILHABE_ADMIN_PASSWORD": PASSWORD,
            "DJANGO_SETTINGS_MODULE": "teilhabe.settings",
            "PYTHONUNBUFFERED": "1",
        }
        if self.database_url:
            env["TEILHABE_DATABASE_URL"] = self.database_url
        return env | extra

    def teilhabe(self, *args: str, timeout: float = 120) -> str:
        """Run the `teilhabe` command (as `python -m teilhabe.cli`); its output."""
        done = subprocess.run(
            [sys.executable, "-m", "teilhabe.cli", *args],
            env=self.env(),
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def call(self, function: str, **kwargs: Any) -> Any:
        """Run one of the functions below (or "module:function") inside the installation;
        its JSON result. The calls go to one process of the installation, started at the
        first (`serve` below): a process for each call would start Python and Django again,
        some forty times in the load and crash tests."""
        helper = self._helper
        if helper is None or helper.poll() is not None:
            with (self.data_dir / "live-calls.log").open("ab") as log:
                helper = self._helper = subprocess.Popen(
                    [sys.executable, "-m", "teilhabe.core.tests.live", "--serve"],
                    env=self.env(),
                    cwd=self.data_dir,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    text=True,
                )
        assert helper.stdin is not None and helper.stdout is not None
        helper.stdin.write(json.dumps({"function": function, "kwargs": kwargs}) + "\n")
        helper.stdin.flush()
        ready, _, _ = select.select([helper.stdout], [], [], 120)
        line = helper.stdout.readline() if ready else ""
        if not line:
            self.close()
            log_text = (self.data_dir / "live-calls.log").read_text(errors="replace")
            raise AssertionError(f"{function}: no answer from the installation\n{log_text}")
        answer = json.loads(line)
        assert "error" not in answer, f"{function}: {answer.get('error')}"
        return answer["result"]

    def close(self) -> None:
        """End the process that answers `call` (it starts again at the next call)."""
        if self._helper is not None:
            with contextlib.suppress(OSError):
                self._helper.stdin.close()  # type: ignore[union-attr]
            try:
                self._helper.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._helper.kill()
                self._helper.wait()
            self._helper = None

    @property
    def marker(self) -> Path:
        from teilhabe.core.tests.crashpoints import MARKER

        return self.data_dir / MARKER


def _share_fonts(target: Path) -> None:
    """The PDFs' fonts as the test process converted them (its FONT_DIR), so that the
    installation's workers do not convert them again; the test run shares one FONT_DIR."""
    from django.conf import settings

    made = Path(settings.FONT_DIR)
    if made.is_dir() and made != target:
        shutil.copytree(made, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.tmp"))


@contextlib.contextmanager
def installation(base: Path) -> Iterator[Installation]:
    """A migrated installation with the Rotenburg reference data and the admin; on PostgreSQL
    (TEILHABE_DATABASE_URL) in a database of its own, dropped afterwards."""
    from teilhabe import testing_template

    url = os.environ.get("TEILHABE_DATABASE_URL", "")
    name = ""
    template = testing_template.directory()  # the test command's migrated template, if any
    if url.startswith("postgres"):
        name = f"teilhabe_live_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        if template:
            testing_template.copy_postgres(template, url, name)
        else:
            _pg(url, f'CREATE DATABASE "{name}"')
        url = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    elif template:
        testing_template.copy_sqlite(template, base / "teilhabe.sqlite3")
    _share_fonts(base / "fonts")
    live = Installation(base, url if name else "")
    try:
        live.teilhabe("manage", "setup_instance")
        live.call("add_coordinator")
        yield live
    finally:
        live.close()
        if name:
            _pg(
                os.environ["TEILHABE_DATABASE_URL"],
                f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            )


def _pg(url: str, sql: str) -> None:
    """On the server's maintenance database: the one the URL names need not exist (pytest-django
    creates test_<name> beside it)."""
    import psycopg

    conninfo = urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


# --- processes ------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def children(self) -> list[int]:
        with contextlib.suppress(OSError):
            path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return [int(p) for p in path.read_text().split()]
        return []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def gunicorn(live: Installation, crashpoint: str = "", workers: int = 2, **env: str) -> Server:
    """gunicorn as `teilhabe up` starts it (same module, configuration, workers, logging), on a
    free port of 127.0.0.1; with a crash point its configuration is crashpoints.py, which adds
    its hook to teilhabe.gunicorn_conf."""
    port = free_port()
    config = "teilhabe.core.tests.crashpoints" if crashpoint else "teilhabe.gunicorn_conf"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "teilhabe.wsgi:application",
        "--config",
        f"python:{config}",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "/dev/null",
        "--log-level",
        "warning",
    ]
    log = live.data_dir / f"gunicorn-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            env=live.env(TEILHABE_CRASHPOINT=crashpoint, **env),
            cwd=live.data_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, port, log)

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}: {server.log_text()}")
        with contextlib.suppress(OSError, TimeoutError, asyncio.IncompleteReadError):
            return request(port, "GET", "/health/")[0] == 200
        return False

    try:
        wait_until(answers, 60, "gunicorn to answer /health/")
    except BaseException:
        stop(process)  # a server that never answered must not outlive the test
        raise
    return server


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def kill_hard(pids: list[int]) -> None:
    """SIGKILL each process and wait until it is gone (or a zombie: dead, not yet reaped)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def dead(pid: int) -> bool:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return True
        return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")

    wait_until(lambda: all(dead(pid) for pid in pids), 30, f"processes {pids} to die")


def kill_server(server: Server) -> None:
    """kill -9 of gunicorn: the workers and the master at once, as the OOM killer or a power
    cut would; no worker gets to finish its request."""
    kill_hard([*server.children(), server.process.pid])
    server.process.wait(timeout=10)


def task_worker(
    live: Installation, name: str, smtp: tuple[str, int], crashpoint: str = "", **env: str
) -> subprocess.Popen[bytes]:
    """`teilhabe manage task_worker` (with the crash points installed) under the id `name`,
    with a lease of LEASE seconds, sending mail through the SMTP server at `smtp`; its log is
    worker-<name>.log in the data directory (`worker_log`)."""
    log = (live.data_dir / f"worker-{name}.log").open("wb")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "teilhabe.core.tests.crashpoints",
            "task_worker",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--worker-id",
            name,
        ],
        env=live.env(
            TEILHABE_CRASHPOINT=crashpoint,
            TEILHABE_TASK_LEASE_SECONDS=LEASE,
            TEILHABE_SMTP_HOST=smtp[0],
            TEILHABE_SMTP_PORT=str(smtp[1]),
            TEILHABE_SMTP_TLS="0",
            **env,
        ),
        cwd=live.data_dir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def worker_log(live: Installation, name: str) -> str:
    return (live.data_dir / f"worker-{name}.log").read_text(errors="replace")


# --- HTTP -----------------------------------------------------------------------------------


async def http(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on its own connection (gunicorn's sync workers close each one)."""
    async with asyncio.timeout(REQUEST_TIMEOUT):
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close"]
            lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
            if body or method == "POST":
                lines.append(f"Content-Length: {len(body)}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            received: dict[str, str] = {}
            for line in header_lines:
                key, _sep, value = line.partition(":")
                key = key.strip().lower()
                received[key] = (received[key] + "\n" if key in received else "") + value.strip()
            length = received.get("content-length")
            content = await (reader.readexactly(int(length)) if length else reader.read())
            return int(status_line.split(" ", 2)[1]), received, content
        finally:
            writer.close()


def run(coroutine_function: Any, *args: Any) -> Any:
    """asyncio.run in a thread of its own: Playwright's browser tests leave an event loop
    running in the test thread, and asyncio.run refuses to start inside one. The coroutine
    is created in that thread too, so none is left unawaited if starting fails."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args))).result()


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    return run(http, port, method, path, headers, body)


COOKIE = re.compile(r"(?:^|\n)([^=\s]+)=([^;]*)")
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """Just enough of a browser for a logged-in coordinator: cookies and the CSRF token."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "",
        timeout: float | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method == "POST":
            headers |= {
                "X-CSRFToken": self.csrf,
                "Referer": f"http://{HOST}:{self.port}/",
                "Content-Type": content_type or "application/x-www-form-urlencoded",
            }
        status, received, content = request(self.port, method, path, headers, body)
        self.cookies |= dict(COOKIE.findall(received.get("set-cookie", "")))
        if found := CSRF_FIELD.search(content):
            self.csrf = found.group(1).decode()
        return status, received, content

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.send("GET", "/accounts/login/")
        body = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf}
        ).encode()
        status, headers, _content = self.send("POST", "/accounts/login/", body)
        assert status == 302 and "sessionid" in self.cookies, (status, headers)
        self.csrf = self.cookies["csrftoken"]  # rotated at login


def multipart(field_name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


# --- questionnaire autosave, as the answering page's browser does it --------------------------

SAVED = re.compile(rb'class="save-ok"')
VERSION = re.compile(rb'name="v-[^"]+" value="(\d+)"')


@dataclass
class Answerer:
    """One municipality's personal link and what the server acknowledged to it."""

    municipality: str
    token: str
    cookie: str = ""
    csrf: str = ""
    versions: dict[str, int] = field(default_factory=dict)  # as the server last said
    acknowledged: dict[str, tuple[str, int]] = field(default_factory=dict)  # value, version
    in_flight: tuple[str, str] | None = None  # question, value: sent, no answer (yet)
    saves: int = 0


@dataclass
class Tally:
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # no HTTP answer at all
    unexpected: list[str] = field(default_factory=list)  # 200 but not "saved"
    acknowledged: int = 0


async def open_link(port: int, answerer: Answerer, tally: Tally) -> bool:
    """GET the answering page, as the browser does first: CSRF cookie and form token."""
    status, headers, content = await http(port, "GET", f"/s/{answerer.token}/")
    tally.statuses[status] = tally.statuses.get(status, 0) + 1
    cookie = dict(COOKIE.findall(headers.get("set-cookie", ""))).get("csrftoken")
    token = CSRF_FIELD.search(content)
    if status != 200 or not cookie or not token:
        return False
    answerer.cookie, answerer.csrf = cookie, token.group(1).decode()
    return True


async def autosave(port: int, answerer: Answerer, question: str, tally: Tally) -> bool:
    """Change one answer; False when the server gave no acknowledged save."""
    answerer.saves += 1
    value = f"Antwort {answerer.saves} aus {answerer.municipality}"
    expected = answerer.versions.get(question, 0)
    body = urlencode({question: value, f"v-{question}": expected}).encode()
    headers = {
        "Cookie": f"csrftoken={answerer.cookie}",
        "X-CSRFToken": answerer.csrf,
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
    }
    answerer.in_flight = (question, value)
    try:
        status, _headers, content = await http(
            port, "POST", f"/s/{answerer.token}/a/{question}/", headers, body
        )
    except (TimeoutError, OSError, asyncio.IncompleteReadError) as error:
        tally.failures[type(error).__name__] = tally.failures.get(type(error).__name__, 0) + 1
        return False
    answerer.in_flight = None
    tally.statuses[status] = tally.statuses.get(status, 0) + 1
    found = VERSION.search(content)
    if status != 200 or not SAVED.search(content) or not found:
        tally.unexpected.append(f"{status}: {content[:300]!r}")
        return False
    version = int(found.group(1))
    answerer.versions[question] = version
    answerer.acknowledged[question] = (value, version)
    tally.acknowledged += 1
    return True


async def answer_until(
    port: int,
    answerer: Answerer,
    questions: list[str],
    tally: Tally,
    deadline: float | Callable[[], float],
) -> None:
    """Open the link, then save answers question after question until the deadline (a
    moment, or a function saying the one set now) or the first request without an
    acknowledged save. The second save changes the first answer again, so even a slow round
    stores changed answers, not only new ones."""
    if not await open_link(port, answerer, tally):
        return
    order = [questions[0], *questions]
    turn = 0
    while time.monotonic() < (deadline() if callable(deadline) else deadline):
        question = order[turn % len(order)]
        turn += 1
        if not await autosave(port, answerer, question, tally):
            return


def check_answers(answerers: list[Answerer], stored: list[list[Any]]) -> list[str]:
    """Every acknowledged save is stored with its value and version. A save in flight when
    the server died may have been committed without an acknowledgement: then it is stored
    whole (its value, one version more) or not at all."""
    found = {(m, q): (value, version) for m, q, value, version in stored}
    problems = []
    for a in answerers:
        for question, (value, version) in a.acknowledged.items():
            have = found.get((a.municipality, question))
            if a.in_flight and a.in_flight[0] == question and have == (a.in_flight[1], version + 1):
                continue
            if have != (value, version):
                problems.append(
                    f"{a.municipality} {question}: acknowledged {value!r} v{version}, "
                    f"stored {have!r}"
                )
        for (m, question), have in found.items():
            if m != a.municipality or question in a.acknowledged:
                continue
            if not (a.in_flight and a.in_flight[0] == question and have == (a.in_flight[1], 1)):
                problems.append(f"{m} {question}: stored {have!r}, never acknowledged")
    return problems


# --- inside the installation (run by Installation.call) -----------------------------------


def add_coordinator() -> dict[str, Any]:
    from teilhabe.accounts.models import Role
    from teilhabe.regions.models import District
    from teilhabe.testing import make_user

    user = make_user("live-coordinator", Role.COORDINATOR, District.objects.get(ags=AGS))
    user.set_password(PASSWORD)
    user.save()
    return {"user": user.pk}


def make_token(name: str) -> dict[str, Any]:
    """A personal API token of the live coordinator."""
    from teilhabe.accounts import tokens
    from teilhabe.accounts.models import User

    _record, token = tokens.create(User.objects.get(username="live-coordinator"), name)
    return {"token": token}


def make_wave(clients: int, questions: int, name: str, file: bool = False) -> dict[str, Any]:
    """A questionnaire of `questions` text questions (and with `file` a file question "f")
    and a wave over `clients` municipalities of its own (made-up ones added to Rotenburg), so
    each client answers only its own."""
    from django.utils import timezone

    from teilhabe.regions.models import District, Municipality
    from teilhabe.surveys import services
    from teilhabe.surveys.xlsform import Form, Question, Section

    district = District.objects.get(ags=AGS)
    texts = tuple(Question(f"q{i}", "text", {"de": f"Frage {i}"}) for i in range(questions))
    files = (Question("f", "file", {"de": "Datei"}),) if file else ()
    form = Form(
        name,
        f"live_{uuid.uuid4().hex[:8]}",
        "1",
        "de",
        (Section("s", {"de": "Teil 1"}, questions=texts + files),),
    )
    version = services.create_questionnaire(district, form)
    first = Municipality.objects.filter(ars__startswith="0335799").count()
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            district=district,
            ars=f"0335799{first + i:05d}",
            name=f"{name} {first + i:05d}",
            kind="gemeinde",
        )
        for i in range(clients)
    )
    today = timezone.localdate()
    wave, tokens = services.create_wave(
        version, name, today, today + datetime.timedelta(days=30), municipalities
    )
    return {
        "wave": wave.pk,
        "links": [[m.name, tokens[m.pk]] for m in municipalities],
        "questions": [q.name for q in texts],
    }


def answers(wave: int) -> list[list[Any]]:
    from teilhabe.surveys.models import Answer

    rows = Answer.objects.filter(response__invitation__wave=wave).values_list(
        "response__invitation__municipality__name", "question", "value", "version"
    )
    return [list(row) for row in rows]


def consistency() -> dict[str, Any]:
    """The database's own check (SQLite: integrity_check and foreign_key_check; PostgreSQL
    checks on write) and the counts of the tables the tests write."""
    from django.db import connection

    from teilhabe.inventory.models import Activity
    from teilhabe.reports.models import Report
    from teilhabe.surveys.models import Answer

    problems: list[str] = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            problems += [row[0] for row in cursor.fetchall() if row[0] != "ok"]
            cursor.execute("PRAGMA foreign_key_check")
            problems += [repr(row) for row in cursor.fetchall()]
    return {
        "problems": problems,
        "activities": Activity.objects.count(),
        "activity_history": Activity.history.count(),
        "answers": Answer.objects.count(),
        "reports": Report.objects.count(),
    }


def activities_titled(prefix: str) -> int:
    from teilhabe.inventory.models import Activity

    return Activity.objects.filter(title__startswith=prefix).count()


def make_report() -> dict[str, Any]:
    """A draft report of Rotenburg with its PDF queued, as the report form does it."""
    from teilhabe.regions.models import District
    from teilhabe.reports import services

    report = services.create_report(District.objects.get(ags=AGS), {})
    services.request_pdf(report)
    return {"report": report.pk, "revision": report.revision}


def report_state(report: int) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from teilhabe.reports.models import Report

    found = Report.objects.get(pk=report)
    tasks = DBTaskResult.objects.filter(task_path__endswith="generate_pdf").order_by("enqueued_at")
    return {
        "task_state": found.task_state,
        "progress": found.progress,
        "pdf": found.pdf.open("rb").read(5).decode() if found.pdf else "",
        "tasks": [
            [t.status, t.exception_class_path, t.args_kwargs["args"]]
            for t in tasks
            if t.args_kwargs["args"][0] == report
        ],
    }


def _function(name: str) -> Callable[..., Any]:
    module, _colon, name = name.rpartition(":")  # "name" here, or "module:name"
    return getattr(importlib.import_module(module), name) if module else globals()[name]


def serve() -> None:
    """Answer `Installation.call`: a line of JSON in (function and arguments), a line out (its
    result, or the error). After each call the process holds nothing: its database
    connections are closed and its own in-memory caches emptied, so the next call sees the
    installation as a new process would. What a function prints goes to the log."""
    import traceback

    from django.conf import settings
    from django.core.cache import caches
    from django.db import connections

    answers, sys.stdout = sys.stdout, sys.stderr
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"result": _function(request["function"])(**request["kwargs"])}
        except Exception:  # the caller fails with it
            answer = {"error": traceback.format_exc()}
        finally:
            connections.close_all()
            for alias, cache in settings.CACHES.items():
                if cache["BACKEND"].endswith("LocMemCache"):
                    caches[alias].clear()
        answers.write(json.dumps(answer, default=str) + "\n")
        answers.flush()


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "--serve":
        serve()
    else:
        print(json.dumps(_function(sys.argv[1])(**json.loads(sys.argv[2])), default=str))
