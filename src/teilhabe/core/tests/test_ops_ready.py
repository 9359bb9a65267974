"""/ready/: 200 while the database answers and every migration of the code is applied, 503
with a short reason otherwise; no login, no cookies."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import ConnectionHandler

from teilhabe.core.ops.views import forget_readiness, unready_reason
from teilhabe.core.tests.live import free_port


@pytest.fixture(autouse=True)
def fresh_process() -> Iterator[None]:
    """Each test as a process that has not yet found every migration applied."""
    forget_readiness()
    yield
    forget_readiness()


def test_ready_on_a_migrated_database(client, db):
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"ready\n"
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_not_ready_while_a_migration_is_unapplied(client, db):
    """The newest migration of an app is not recorded as applied, as on a node that runs new
    code before `migrate` ran (the deletion is rolled back with the test)."""
    newest = MigrationRecorder.Migration.objects.filter(app="core").order_by("-name").first()
    assert newest is not None
    newest.delete()
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().strip().endswith("migration(s) not applied")
    assert not response.cookies


def test_all_applied_is_remembered_per_process(client, db):
    """Once everything was found applied, the migration graph is not loaded again."""
    assert client.get("/ready/").status_code == 200
    MigrationRecorder.Migration.objects.filter(app="core").delete()
    assert client.get("/ready/").status_code == 200
    forget_readiness()
    assert client.get("/ready/").status_code == 503


def test_head_is_answered_and_post_is_not(client, db):
    assert client.head("/ready/").status_code == 200
    assert client.post("/ready/").status_code == 405


def test_an_empty_database_is_not_ready(tmp_path: Path, django_db_blocker):
    """A database nobody migrated (a fresh SQLite file): every migration is missing.
    (pytest-django blocks every connection outside its test database; this one is ours.)"""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "e.db")}}
    )
    try:
        with django_db_blocker.unblock():
            reason = unready_reason(handler["default"])
    finally:
        handler.close_all()
    assert reason is not None and reason.endswith("migration(s) not applied")
    assert int(reason.split()[0]) > 50


def test_an_unreachable_database_is_not_ready(django_db_blocker):
    """PostgreSQL on a port where nothing listens: the connection fails."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "teilhabe",
                "HOST": "127.0.0.1",
                "PORT": str(free_port()),
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )
    try:
        with django_db_blocker.unblock():
            assert unready_reason(handler["default"]) == "database unavailable"
    finally:
        handler.close_all()
