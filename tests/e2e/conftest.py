"""Fixtures for the browser tests: a German-speaking browser, short timeouts, the axe check,
and no page that breaks the Content-Security-Policy."""

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_helpers import assert_no_axe_violations
from playwright.sync_api import Browser, BrowserContext, Page, expect


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Users are German-speaking: the browser asks for German, as a coordinator's would."""
    return {**browser_context_args, "locale": "de-DE", "timezone_id": "Europe/Berlin"}


@pytest.fixture(autouse=True)
def _short_timeouts(page: Page):
    """Everything is local: fail within seconds, not after Playwright's default 30 s. The
    browser tests run on every core at once and beside the load and fault tests, so a page
    that makes a PDF in the request may take several seconds more than on an idle machine.
    A wait only ends sooner when what it waits for appears; the checks stay the same."""
    page.set_default_timeout(20_000)
    page.set_default_navigation_timeout(20_000)
    expect.set_options(timeout=20_000)


@pytest.fixture
def check_axe():
    """Run axe-core's WCAG 2.1 A/AA rules on the current page; fail with an actionable list."""
    return assert_no_axe_violations


# Chromium reports what the policy refused twice: as a console error ("Refused to apply inline
# style because it violates the following Content Security Policy directive: …") and as a
# `securitypolicyviolation` event in the page, which the init script hands to Python.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolation(
  `${e.violatedDirective} refused ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
));
"""


def watch_csp(context: BrowserContext, report: Callable[[str], None]) -> None:
    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            report(f"console: {message.text}")

    context.on("console", on_console)
    context.expose_function("__cspViolation", lambda text: report(f"event: {text}"))
    context.add_init_script(REPORT_VIOLATIONS)


class _Sink:
    """Where the context every test of a worker shares reports: the running test's list."""

    def __init__(self) -> None:
        self.current: list[str] = []

    def append(self, text: str) -> None:
        self.current.append(text)


@pytest.fixture(scope="session")
def _worker_context(browser: Browser, browser_context_args):
    """One browser context per worker, shared by its tests. A new context is a new Chromium
    window with its own renderer and an empty cache, and a slower first page, for every one of
    some 200 tests. Each test still starts from nothing of the one before: `context` below
    closes its pages and clears cookies, permissions and storage."""
    context = browser.new_context(**browser_context_args)
    sink = _Sink()
    watch_csp(context, sink.append)
    yield context, sink
    context.close()


@pytest.fixture
def context(_worker_context, live_server) -> Iterator[BrowserContext]:
    """The worker's context, as fresh as a new one for what a test can see (replaces
    pytest-playwright's fixture of the same name, which makes a context per test)."""
    context, _ = _worker_context
    yield context
    page = context.pages[0] if context.pages else context.new_page()
    session = context.new_cdp_session(page)
    session.send("Storage.clearDataForOrigin", {"origin": live_server.url, "storageTypes": "all"})
    session.detach()
    for open_page in context.pages:
        open_page.close()
    context.clear_cookies()
    context.clear_permissions()


@pytest.fixture(autouse=True)
def _no_csp_violations(_worker_context, context: BrowserContext, browser: Browser, monkeypatch):
    """Every browser test proves that its pages work under the Content-Security-Policy: the
    test fails if the browser refused anything, in the test's own context or in any other it
    opens (a second user)."""
    violations: list[str] = []
    _worker_context[1].current = violations
    new_context = browser.new_context

    new_page = browser.new_page

    def watched_context(*args, **kwargs) -> BrowserContext:
        created = new_context(*args, **kwargs)
        watch_csp(created, violations.append)
        return created

    def watched_page(*args, **kwargs) -> Page:
        created = new_page(*args, **kwargs)  # still on about:blank
        watch_csp(created.context, violations.append)
        return created

    monkeypatch.setattr(browser, "new_context", watched_context)
    monkeypatch.setattr(browser, "new_page", watched_page)
    yield
    assert violations == [], "\n".join(violations)


_DEMO_COPY: list[sqlite3.Connection] = []  # the database right after the first load, per worker


def _shared_demo() -> Path | None:
    """Where the first worker of this test run leaves the database with the example data for
    the others (in the run's template directory, named after the run), or None."""
    from teilhabe import testing_template

    where, run = testing_template.directory(), os.environ.get("PYTEST_XDIST_TESTRUNUID")
    return where / f"demo-{run}.sqlite3" if where and run else None


def _load_demo_once(connection) -> None:  # type: ignore[no-untyped-def]
    """load_demo() in the first worker of the run; the others copy its database."""
    from teilhabe import testing_template
    from teilhabe.core.demo import load_demo

    shared = _shared_demo()
    if shared is None:
        load_demo()
        return
    with testing_template.locked(shared.with_suffix(".lock")):
        if shared.exists():
            with contextlib.closing(sqlite3.connect(shared)) as made:
                made.backup(connection.connection)
            return
        load_demo()
        with contextlib.closing(sqlite3.connect(shared.with_suffix(".part"))) as copy:
            connection.connection.backup(copy)
        shared.with_suffix(".part").rename(shared)


@pytest.fixture
def demo(personas):
    """The example data of `teilhabe up --demo` on top of the personas, as `load_demo()` makes
    them. On SQLite the first test of the run loads them, and every other test gets exactly
    those rows: a worker keeps a copy of the whole database in memory (SQLite's backup), in
    milliseconds instead of seconds, and the first test of another worker copies the first
    one's database (every worker's database holds the same before, the emptied database and the
    personas' rows). The personas are read again from the copied rows."""
    from django.db import connection

    from teilhabe.accounts.models import User
    from teilhabe.core.demo import load_demo

    if connection.vendor != "sqlite":
        load_demo()
        return
    connection.ensure_connection()
    if _DEMO_COPY:
        _DEMO_COPY[0].backup(connection.connection)
    else:
        _load_demo_once(connection)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _DEMO_COPY.append(copy)
    for name, user in personas.items():
        personas[name] = User.objects.get(username=user.username)
