"""Fixtures shared by the unit, integration and browser tests."""

import os
import re
import sqlite3
from pathlib import Path

import pytest
from django.test import TransactionTestCase
from hypothesis import settings

# No per-example deadline: the suite runs in parallel on a machine that may be busy, and a
# property test is about correctness; how fast things are is measured in benchmarks/.
settings.register_profile("teilhabe", deadline=None)
settings.load_profile("teilhabe")

from teilhabe import testing, testing_replay  # noqa: E402 (after the hypothesis profile)


def _chromium_disabled_features() -> str:
    """The features the browser tests switch off: Playwright's own list and three more.

    Each new window (every test's context) of Chromium 156 preloads its omnibox popup as a
    WebUI page in a renderer of its own, and navigating from about:blank to the live server
    swaps to another renderer (site isolation). Neither matters to a test of our pages, and both
    cost CPU in every test. Chromium takes only the last `--disable-features`, so Playwright's
    list (read from its driver) is repeated here."""
    import playwright

    bundle = Path(playwright.__file__).parent / "driver/package/lib/coreBundle.js"
    listed = re.search(r"disabledFeatures = \[(.*?)\]", bundle.read_text(), re.DOTALL)
    if listed is None:
        raise RuntimeError(f"Playwright's disabled Chromium features not found in {bundle}")
    body = re.sub(r"//[^\n]*", "", listed.group(1))
    theirs = re.findall(r'"([A-Za-z0-9]+)"', body)
    ours = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "IsolateOrigins", "site-per-process"]
    return ",".join([*theirs, *ours])


CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-site-isolation-trials", f"--disable-features={_chromium_disabled_features()}",
]  # fmt: skip


# Made through the services the first time in a test process, then written again as the same
# rows (teilhabe.testing_replay): thousands of tests ask for them.
@pytest.fixture
def rotenburg(db):
    from teilhabe.regions.models import District

    return testing_replay.once(
        "rotenburg", testing.make_rotenburg, lambda: District.objects.get(ags="03357")
    )


@pytest.fixture
def osterholz(db):
    from teilhabe.regions.models import District

    return testing_replay.once(
        "osterholz",
        testing.make_osterholz,
        lambda: District.objects.get(ags=testing.OSTERHOLZ_AGS),
    )


@pytest.fixture
def personas(rotenburg, osterholz):
    from teilhabe.accounts.models import User

    def fetch() -> dict:
        users = {user.username: user for user in User.objects.filter(username__in=testing.PERSONAS)}
        return {name: users[name] for name in testing.PERSONAS}

    return testing_replay.once(
        "personas", lambda: testing.make_personas(rotenburg, osterholz), fetch
    )


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings):
    """With TEILHABE_TEST_TEMPLATE_DIR set, the test database starts as a copy of the migrated
    template (teilhabe.testing_template) and pytest-django keeps it, finding every migration
    applied; otherwise pytest-django's own choice (--reuse-db)."""
    from django.db import connection

    from teilhabe import testing_template

    where = testing_template.directory()
    if where is None:
        return request.config.getvalue("reuse_db")
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite":
        testing_template.copy_sqlite(where, Path(name))
    else:
        testing_template.copy_postgres(where, os.environ["TEILHABE_DATABASE_URL"], name)
    return True


_EMPTIED: list[sqlite3.Connection] = []  # the database as the first flush left it, per process


def _fixture_teardown_from_copy(self) -> None:
    """TransactionTestCase empties the database after each test with `flush`, which deletes
    every table's rows and then makes the content types and permissions again: 0.3–0.4 s a
    test, paid by every browser test. On SQLite the first flush of a process is kept as a copy
    in memory, and later tests get exactly that database back through SQLite's backup API, in
    milliseconds. The autoincrement counters stay where the test left them, as after a flush,
    so no id is given twice."""
    from django.db import connection

    if connection.vendor != "sqlite" or self.available_apps is not None or self.serialized_rollback:
        _flush(self)
        return
    if not _EMPTIED:
        _flush(self)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _EMPTIED.append(copy)
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, seq FROM sqlite_sequence")
        counters = cursor.fetchall()
    _EMPTIED[0].backup(connection.connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_sequence")
        cursor.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", counters)


_flush = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _fixture_teardown_from_copy


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, speaking German as a coordinator's browser does: date and number
    fields show 05.12.2026 and 2,5, and its own messages are German. On Linux Chromium takes
    its language from LANG (not from `--lang` or the context's locale), and finds it in the
    translations of the chromium-l10n package, which run-tests installs."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
        "env": {**os.environ, "LANG": "de_DE.UTF-8", "LANGUAGE": "de"},
    }


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server in a thread (teilhabe.testing_smtp) that Django's mails go to."""
    from teilhabe import testing_smtp

    mail = testing_smtp.MailServer()
    server, thread = testing_smtp.start(mail)
    settings.MAILERS = testing_smtp.mailers(mail)
    yield mail
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# Fixtures through which a test reaches the database (pytest-django's and the live servers').
_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _where_the_test_command_looks(items) -> None:
    """The test command collects each phase's tests only where they are (run-tests): the
    browser tests in tests/e2e, the serial and throughput ones in the modules whose text
    marks them (`pytest.mark.serial`). A test marked otherwise would be run by no phase."""
    for item in items:
        path = Path(str(item.path))
        e2e = item.get_closest_marker("e2e") is not None
        if e2e != (Path(__file__).parent / "tests" / "e2e" in path.parents):
            raise pytest.UsageError(
                f"{item.nodeid}: browser tests, and only they, are in tests/e2e"
            )
        for mark in ("serial", "throughput"):
            if item.get_closest_marker(mark) and f"mark.{mark}" not in path.read_text():
                raise pytest.UsageError(
                    f"{item.nodeid}: mark it with pytest.mark.{mark} in its module"
                )


def pytest_collection_modifyitems(config, items):
    """With TEILHABE_DATABASE_TESTS_ONLY set (the test command's second pass, on PostgreSQL),
    only the tests that reach the database run: the others (pure engine logic, command-line
    runs on their own SQLite data directory) would run the same code a second time."""
    _where_the_test_command_looks(items)
    if not os.environ.get("TEILHABE_DATABASE_TESTS_ONLY"):
        return
    kept, dropped = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or _DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (kept if uses_db else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
