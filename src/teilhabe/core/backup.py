"""Backup and restore of an installation: the database and the uploaded files in one archive.

SQLite is copied with its online backup API (consistent while the application runs, WAL
included); PostgreSQL with `pg_dump -Fc` and restored with `pg_restore`. The archive carries a
manifest with a digest of every table (row count and a hash of the sorted rows), and a restore
compares the restored database with it table by table before it reports success.

Files are in the archive whichever storage keeps them: the files in the database
(core/storage.py, the default on PostgreSQL) are rows of `core_storedfile` in the dump, checked
with the tables (a binary column counts by the SHA-256 of its value, computed by the database,
so no table is read into memory whole); the files in MEDIA_ROOT (SQLite, and files kept there
before) are the archive's `media` folder, checked after the restore by their count and a hash
of every file's name, size and SHA-256 (the manifest's "files")."""

import datetime
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypedDict

FORMAT = 2  # 2: with "files"; 1 is still read (its media is restored, not checked)
MEDIA_CHECK = "media"  # what restore() reports when the files of MEDIA_ROOT differ


class Manifest(TypedDict):
    """manifest.json in the archive."""

    format: int  # FORMAT
    engine: str  # "sqlite" or "postgresql"
    tables: dict[str, list[Any]]  # per table: [row count, hash of the sorted rows]
    files: list[Any]  # the files in MEDIA_ROOT: [count, hash of the sorted (name, size, sha256)]
    created: str  # ISO 8601, UTC


def _rows_digest(rows: Iterable[tuple[Any, ...]]) -> tuple[int, str]:
    lines = sorted(repr(tuple(_plain(v) for v in row)) for row in rows)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return len(lines), digest


def _plain(value: Any) -> Any:
    """One representation per value whatever the driver returned (memoryview, datetime, …)."""
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return value


def _sha256(value: bytes | None) -> bytes | None:
    return None if value is None else hashlib.sha256(value).digest()


def _columns(names_and_binary: Iterable[tuple[str, bool]]) -> str:
    """The select list of a table: a binary column by the SHA-256 of its value."""
    return ", ".join(
        f'sha256("{name}")' if binary else f'"{name}"' for name, binary in names_and_binary
    )


def sqlite_digests(path: Path) -> dict[str, list[Any]]:
    """Per table: [row count, hash of the sorted rows]."""
    with sqlite3.connect(path) as db:
        db.create_function("sha256", 1, _sha256, deterministic=True)
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        digests = {}
        for t in tables:
            info = db.execute(f'PRAGMA table_info("{t}")').fetchall()
            select = _columns((row[1], row[2].upper() == "BLOB") for row in info)
            digests[t] = list(_rows_digest(db.execute(f'SELECT {select} FROM "{t}"')))
        return digests


def postgres_digests(db: dict[str, Any]) -> dict[str, list[Any]]:
    """The same digests for a PostgreSQL database (tables of the public schema)."""
    import psycopg

    with psycopg.connect(
        dbname=db["NAME"],
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD", ""),
    ) as conn:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        tables = [r[0] for r in conn.execute(query)]
        digests = {}
        for t in tables:
            columns = conn.execute(
                "SELECT column_name, data_type = 'bytea' FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                [t],
            )
            select = _columns((name, binary) for name, binary in columns)
            digests[t] = list(_rows_digest(conn.execute(f'SELECT {select} FROM "{t}"')))
        return digests


def media_digest(media: Path) -> list[Any]:
    """[count, hash] of the files under `media`: their names, sizes and SHA-256, sorted."""
    lines = []
    if media.is_dir():
        for path in sorted(p for p in media.rglob("*") if p.is_file()):
            digest = hashlib.sha256()
            with path.open("rb") as file:
                while chunk := file.read(1 << 20):
                    digest.update(chunk)
            lines.append(
                f"{path.relative_to(media).as_posix()} {path.stat().st_size} {digest.hexdigest()}"
            )
    return [len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()]


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    return args, {**os.environ, "PGPASSWORD": db.get("PASSWORD", "")}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(db: dict[str, Any], media: Path, target: Path) -> Manifest:
    """Write the archive; returns its manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        if db["ENGINE"].endswith("sqlite3"):
            copy = Path(tmp) / "database.sqlite3"
            with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(copy) as dest:
                source.backup(dest)
            digests, engine = sqlite_digests(copy), "sqlite"
        else:
            copy = Path(tmp) / "database.pgdump"
            args, env = _pg_env(db)
            subprocess.run(
                ["pg_dump", "-Fc", "--no-owner", "-f", str(copy), *args, db["NAME"]],
                check=True,
                env=env,
                capture_output=True,
            )
            digests, engine = postgres_digests(db), "postgresql"
        manifest: Manifest = {
            "format": FORMAT,
            "engine": engine,
            "tables": digests,
            "files": media_digest(media),
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
        }
        with tarfile.open(target, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(copy, arcname=copy.name)
            if media.is_dir():
                archive.add(media, arcname="media")
    return manifest


class RestoreError(Exception):
    pass


def read_manifest(archive_path: Path) -> Manifest:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise RestoreError("no manifest in the archive")
        manifest: Manifest = json.load(member)  # as backup() wrote it; a missing key: KeyError
        return manifest


def restore(
    archive_path: Path, db: dict[str, Any], media: Path, connection: Any = None
) -> list[str]:
    """Restore into an empty database; returns the tables whose digest differs (none = ok)."""
    manifest = read_manifest(archive_path)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(tmp, filter="data")
        if (Path(tmp) / "media").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            for path in (Path(tmp) / "media").rglob("*"):
                if path.is_file():
                    kept = media / path.relative_to(Path(tmp) / "media")
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    kept.write_bytes(path.read_bytes())
        if manifest["engine"] == "sqlite":
            if not db["ENGINE"].endswith("sqlite3"):
                raise RestoreError("a SQLite backup restores into a SQLite installation")
            with (
                sqlite3.connect(Path(tmp) / "database.sqlite3") as source,
                sqlite3.connect(db["NAME"]) as dest,
            ):
                source.backup(dest)
            restored = sqlite_digests(Path(db["NAME"]))
        else:
            if db["ENGINE"].endswith("sqlite3"):
                raise RestoreError("a PostgreSQL backup restores into PostgreSQL")
            args, env = _pg_env(db)
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--clean",
                    "--if-exists",
                    "-d",
                    db["NAME"],
                    *args,
                    str(Path(tmp) / "database.pgdump"),
                ],
                check=True,
                env=env,
                capture_output=True,
            )
            restored = postgres_digests(db)
    expected = manifest["tables"]
    differing = sorted(
        t for t in set(expected) | set(restored) if expected.get(t) != restored.get(t)
    )
    if "files" in manifest and media_digest(media) != manifest["files"]:
        differing.append(MEDIA_CHECK)
    return differing
