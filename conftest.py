"""Fixtures shared by the unit, integration and browser tests."""

import os
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: the suite runs in parallel on a machine that may be busy, and a
# property test is about correctness; how fast things are is measured in benchmarks/.
settings.register_profile("teilhabe", deadline=None)
settings.load_profile("teilhabe")

from teilhabe import testing

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def rotenburg(db):
    return testing.make_rotenburg()


@pytest.fixture
def osterholz(db):
    return testing.make_osterholz()


@pytest.fixture
def personas(rotenburg, osterholz):
    return testing.make_personas(rotenburg, osterholz)


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
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


def pytest_collection_modifyitems(config, items):
    """With TEILHABE_DATABASE_TESTS_ONLY set (the test command's second pass, on PostgreSQL),
    only the tests that reach the database run: the others (pure engine logic, command-line
    runs on their own SQLite data directory) would run the same code a second time."""
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
