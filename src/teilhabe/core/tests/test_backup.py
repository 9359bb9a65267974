"""Backup and restore: a restore into an empty installation gives identical data, checked
table by table, and the uploaded files come back too, checked as well, whether they are kept in
the database (core/storage.py, the default on PostgreSQL) or in MEDIA_ROOT (SQLite). A damaged
backup is reported, not hidden."""

import argparse
import datetime
import json
import os
import sqlite3
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from teilhabe import backup_cli
from teilhabe.core import backup
from teilhabe.core.storage import DatabaseStorage
from teilhabe.events import services as events
from teilhabe.events.models import EventFile
from teilhabe.regions.models import Municipality
from teilhabe.testing import ZEVEN_ARS, make_activity

pytestmark = pytest.mark.django_db(transaction=True)  # the backup reads committed data
SQLITE = connection.vendor == "sqlite"


@pytest.fixture
def content(personas, rotenburg, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS), title="Sprachcafé Zeven")
    event = events.create_event(
        rotenburg, {"title": "Workshop", "date": datetime.date(2026, 3, 18)}
    )
    EventFile(event=event, title="Protokoll").file.save("protokoll.txt", ContentFile(b"TOP 1"))
    return Path(settings.MEDIA_ROOT)


def _restore_target(tmp_path: Path) -> dict:
    if SQLITE:
        return {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
    name = f"teilhabe_restore_check_{os.getpid()}"  # one per test process: they run at once
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    return {**connection.settings_dict, "NAME": name}


def _digests(db: dict) -> dict:
    return backup.sqlite_digests(Path(db["NAME"])) if SQLITE else backup.postgres_digests(db)


def test_restore_gives_identical_data_table_by_table(content, tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    manifest = backup.backup(connection.settings_dict, content, archive)
    assert manifest["tables"]["inventory_activity"][0] == 1
    target = _restore_target(tmp_path)
    restored_media = tmp_path / "restored-media"
    assert backup.restore(archive, target, restored_media) == []
    assert _digests(target) == _digests(connection.settings_dict)
    assert _restored_files(target, restored_media) == [b"TOP 1"]


def _restored_files(db: dict, media: Path) -> list[bytes]:
    """The files of the restored installation: in MEDIA_ROOT on SQLite, in the database's
    `core_storedfile` on PostgreSQL (then none on disk)."""
    on_disk = [p.read_bytes() for p in media.rglob("*") if p.is_file()]
    if SQLITE:
        return on_disk
    import psycopg

    assert on_disk == []
    with psycopg.connect(
        dbname=db["NAME"], host=db["HOST"], port=db["PORT"], user=db["USER"]
    ) as conn:
        return [bytes(r[0]) for r in conn.execute("SELECT content FROM core_storedfile")]


def _repacked(archive: Path, tmp_path: Path, change: Callable[[Path], None]) -> Path:
    """The archive with `change` applied to its unpacked contents."""
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    change(unpacked)
    damaged = tmp_path / "beschädigt.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in unpacked.iterdir():
            tar.add(path, arcname=path.name)
    return damaged


def _sqlite_update(sql: str) -> Callable[[Path], None]:
    def change(unpacked: Path) -> None:
        with sqlite3.connect(unpacked / "database.sqlite3") as db:
            db.execute(sql)

    return change


def test_files_in_the_database_come_back_with_their_table(content, tmp_path):
    """DatabaseStorage works on SQLite too (it is the default only on PostgreSQL)."""
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 40
    name = DatabaseStorage().save("reports/3/bericht.pdf", ContentFile(pdf))
    archive = tmp_path / "sicherung.tar.gz"
    manifest = backup.backup(connection.settings_dict, content, archive)
    assert manifest["tables"]["core_storedfile"][0] == 1 + (not SQLITE)  # + the event's file
    target = _restore_target(tmp_path)
    assert backup.restore(archive, target, tmp_path / "restored-media") == []
    assert _digests(target)["core_storedfile"] == manifest["tables"]["core_storedfile"]
    if SQLITE:
        with sqlite3.connect(target["NAME"]) as db:
            row = db.execute("SELECT content, size FROM core_storedfile WHERE name = ?", [name])
            assert row.fetchone() == (pdf, len(pdf))


@pytest.mark.skipif(not SQLITE, reason="alters the SQLite file inside the archive")
def test_a_changed_file_in_the_database_is_reported(content, tmp_path):
    DatabaseStorage().save("reports/3/bericht.pdf", ContentFile(b"%PDF-1.7 echt"))
    archive = tmp_path / "sicherung.tar.gz"
    backup.backup(connection.settings_dict, content, archive)
    change = _sqlite_update("UPDATE core_storedfile SET content = x'2550444620'")
    damaged = _repacked(archive, tmp_path, change)
    assert backup.restore(damaged, _restore_target(tmp_path), tmp_path / "m") == ["core_storedfile"]


@pytest.mark.parametrize("damage", ["changed", "missing"])
def test_a_changed_or_missing_file_in_media_is_reported(content, tmp_path, damage):
    (content / "alt").mkdir(parents=True, exist_ok=True)
    (content / "alt" / "plan.pdf").write_bytes(b"%PDF-1.7 vor der Umstellung")
    archive = tmp_path / "sicherung.tar.gz"
    manifest = backup.backup(connection.settings_dict, content, archive)
    assert manifest["files"][0] == 1 + SQLITE  # + the event's file on SQLite

    def change(unpacked: Path) -> None:
        kept = unpacked / "media" / "alt" / "plan.pdf"
        if damage == "missing":
            kept.unlink()
        else:
            kept.write_bytes(b"%PDF-1.7 verfaelscht")

    damaged = _repacked(archive, tmp_path, change)
    restored_media = tmp_path / "restored-media"
    assert backup.restore(damaged, _restore_target(tmp_path), restored_media) == ["media"]


@pytest.mark.skipif(not SQLITE, reason="alters the SQLite file inside the archive")
def test_a_damaged_backup_is_reported_table_by_table(content, tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    backup.backup(connection.settings_dict, content, archive)
    change = _sqlite_update("UPDATE inventory_activity SET title = 'verfälscht'")
    damaged = _repacked(archive, tmp_path, change)
    differing = backup.restore(damaged, _restore_target(tmp_path), tmp_path / "m")
    assert differing == ["inventory_activity"]


def test_the_commands_refuse_to_restore_over_existing_data(content, tmp_path, capsys):
    archive = tmp_path / "sicherung.tar.gz"
    assert (
        backup_cli.run(argparse.Namespace(command="backup", output=str(archive), data_dir=None))
        == 0
    )
    out = capsys.readouterr().out
    assert "Tabellen" in out and "1 Dateien" in out  # the event's file, wherever it is kept
    code = backup_cli.run(argparse.Namespace(command="restore", file=str(archive), data_dir=None))
    assert code == 1
    assert "bereits Daten" in capsys.readouterr().err


def test_a_backup_from_before_the_files_check_is_restored(content, tmp_path):
    """Format 1 had no "files" in its manifest: its media folder comes back unchecked."""
    archive = tmp_path / "sicherung.tar.gz"
    backup.backup(connection.settings_dict, content, archive)

    def as_format_1(unpacked: Path) -> None:
        manifest = json.loads((unpacked / "manifest.json").read_text())
        del manifest["files"]
        (unpacked / "manifest.json").write_text(json.dumps({**manifest, "format": 1}))

    old = _repacked(archive, tmp_path, as_format_1)
    assert backup.restore(old, _restore_target(tmp_path), tmp_path / "restored-media") == []
