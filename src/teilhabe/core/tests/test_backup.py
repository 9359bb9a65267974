"""Backup and restore: a restore into an empty installation gives identical data, checked
table by table, and the uploaded files come back too. A damaged backup is reported, not hidden."""

import argparse
import datetime
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from teilhabe import backup_cli
from teilhabe.core import backup
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
    name = "teilhabe_restore_check"
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
    files = [p for p in restored_media.rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in files] == [b"TOP 1"]


@pytest.mark.skipif(not SQLITE, reason="alters the SQLite file inside the archive")
def test_a_damaged_backup_is_reported_table_by_table(content, tmp_path):
    archive = tmp_path / "sicherung.tar.gz"
    backup.backup(connection.settings_dict, content, archive)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    with sqlite3.connect(unpacked / "database.sqlite3") as db:
        db.execute("UPDATE inventory_activity SET title = 'verfälscht'")
    damaged = tmp_path / "beschädigt.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in unpacked.iterdir():
            tar.add(path, arcname=path.name)
    differing = backup.restore(damaged, _restore_target(tmp_path), tmp_path / "m")
    assert differing == ["inventory_activity"]


def test_the_commands_refuse_to_restore_over_existing_data(content, tmp_path, capsys):
    archive = tmp_path / "sicherung.tar.gz"
    assert (
        backup_cli.run(argparse.Namespace(command="backup", output=str(archive), data_dir=None))
        == 0
    )
    assert "Tabellen" in capsys.readouterr().out
    code = backup_cli.run(argparse.Namespace(command="restore", file=str(archive), data_dir=None))
    assert code == 1
    assert "bereits Daten" in capsys.readouterr().err
