import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_configured_database():
    """Guards the PostgreSQL run of ./run-tests against silently falling back to SQLite."""
    url = os.environ.get("TEILHABE_DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            # the test database lives in memory; WAL is checked on a file in test_cli
            assert cursor.fetchone()[0] in {"wal", "memory"}
