"""A migrated database made once per test command and copied for every test process.

Migrating an empty database takes about 13 seconds (Django renders the models' states of every
migration), and the test command used to do it six times: once per test process (two parallel
workers and one serial run, on SQLite and again on PostgreSQL) and once more for each live
installation of the load and crash tests. With TEILHABE_TEST_TEMPLATE_DIR set (./run-tests sets
it to a fresh directory), the first process that needs a database migrates one template per
database kind, with the real `migrate` of `teilhabe manage`, and every test database and live
installation starts as a copy of it: a file copy on SQLite, `CREATE DATABASE … TEMPLATE` on
PostgreSQL. pytest-django then finds every migration applied (its `keepdb`), so the schema the
tests see is still the one the migrations make. A lock file lets one process make the template
while the others wait for it. Without the variable nothing changes."""

import contextlib
import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SRC = Path(__file__).resolve().parent


def directory() -> Path | None:
    """Where the templates live, or None when the test command did not ask for them."""
    value = os.environ.get("TEILHABE_TEST_TEMPLATE_DIR", "")
    return Path(value) if value else None


def key() -> str:
    """Names a template after the migrations it was made from (their files' contents)."""
    digest = hashlib.sha256()
    for path in sorted(SRC.glob("*/migrations/0*.py")):
        digest.update(path.relative_to(SRC).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    with path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _migrate(**env: str) -> None:
    """`teilhabe manage migrate` in a process of its own, as an operator runs it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TEILHABE_", "DJANGO_"))}
    clean |= {"TEILHABE_ENV": "test", "DJANGO_SETTINGS_MODULE": "teilhabe.settings"} | env
    done = subprocess.run(
        [sys.executable, "-m", "teilhabe.cli", "manage", "migrate", "--verbosity", "0"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise RuntimeError(f"migrating the test template failed:\n{done.stdout}{done.stderr}")


def sqlite_template(where: Path) -> Path:
    """The migrated SQLite template (made when missing)."""
    template = where / f"sqlite-{key()}.sqlite3"
    with locked(where / f"{template.name}.lock"):
        if not template.exists():
            with tempfile.TemporaryDirectory(dir=where) as data_dir:
                _migrate(TEILHABE_DATA_DIR=data_dir)
                # The backup API copies the database whole, whatever is still in its WAL.
                source = sqlite3.connect(Path(data_dir) / "teilhabe.sqlite3")
                copy = sqlite3.connect(template.with_suffix(".part"))
                with contextlib.closing(source), contextlib.closing(copy):
                    source.backup(copy)
                template.with_suffix(".part").rename(template)
    return template


def copy_sqlite(where: Path, target: Path) -> None:
    """Make `target` a copy of the migrated template (nothing else of an old file left)."""
    template = sqlite_template(where)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)


def _admin(url: str, *statements: str) -> None:
    """SQL on the server's maintenance database."""
    import psycopg

    conninfo = urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def postgres_template(where: Path, url: str) -> str:
    """The name of the migrated template database on the server of `url` (made when missing;
    call it under the lock)."""
    name = f"teilhabe_template_{key()}"
    marker = where / f"{name}.made"
    if not marker.exists():
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        _migrate(
            TEILHABE_DATABASE_URL=urlunsplit(urlsplit(url)._replace(path=f"/{name}")),
            TEILHABE_DATA_DIR=tempfile.mkdtemp(dir=where),
        )
        marker.touch()
    return name


def copy_postgres(where: Path, url: str, target: str) -> None:
    """Make the database `target` a fresh copy of the migrated template. Under the lock: a
    template may not be copied while anyone (its own migration) is connected to it."""
    with locked(where / f"postgres-{key()}.lock"):
        template = postgres_template(where, url)
        _admin(
            url,
            f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)',
            f'CREATE DATABASE "{target}" TEMPLATE "{template}"',
        )


def main(argv: list[str]) -> int:
    """`python -m teilhabe.testing_template [POSTGRES_URL]`: make the template ahead of the
    tests (./run-tests starts it in the background while it does other work, so that no test
    process waits 13 s for the lock with its core idle)."""
    where = directory()
    if where is None:
        print("TEILHABE_TEST_TEMPLATE_DIR is not set", file=sys.stderr)
        return 2
    if argv:
        with locked(where / f"postgres-{key()}.lock"):
            postgres_template(where, argv[0])
    else:
        sqlite_template(where)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
