"""`teilhabe backup -o FILE` and `teilhabe restore FILE`: the database and uploaded files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.conf import LazySettings
    from django.db.backends.base.base import BaseDatabaseWrapper


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="back up the database and uploaded files")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="archive (.tar.gz)")
    p.add_argument("--data-dir", default=None)
    r = sub.add_parser("restore", help="restore a backup into an empty installation")
    r.add_argument("file")
    r.add_argument("--data-dir", default=None)


def _setup(data_dir: str | None) -> tuple[LazySettings, BaseDatabaseWrapper]:
    from teilhabe.cli import _configure, _django

    _configure(data_dir)
    _django()
    from django.conf import settings
    from django.db import connection

    return settings, connection


def run(args: argparse.Namespace) -> int:
    from teilhabe.core import backup

    settings, connection = _setup(args.data_dir)
    db = connection.settings_dict  # the database in use (in tests: the test database)
    media = Path(settings.MEDIA_ROOT)
    if args.command == "backup":
        manifest = backup.backup(db, media, Path(args.output))
        rows = sum(count for count, _digest in manifest["tables"].values())
        # The files: those in MEDIA_ROOT and those in the database (core/storage.py).
        files = manifest["files"][0] + manifest["tables"].get("core_storedfile", [0])[0]
        print(
            f"Sicherung geschrieben: {args.output} ({len(manifest['tables'])} Tabellen, "
            f"{rows} Zeilen, {files} Dateien)"
        )
        return 0
    conn = connection
    with conn.cursor() as cursor:
        existing = conn.introspection.table_names(cursor)
    if existing and _has_data(conn, existing):
        print(
            "Die Datenbank enthält bereits Daten. Bitte in ein leeres Datenverzeichnis bzw. "
            "eine leere Datenbank wiederherstellen.",
            file=sys.stderr,
        )
        return 1
    conn.close()
    try:
        differing = backup.restore(Path(args.file), db, media)
    except (backup.RestoreError, OSError, KeyError) as error:
        print(f"Wiederherstellung nicht möglich: {error}", file=sys.stderr)
        return 1
    tables = [t for t in differing if t != backup.MEDIA_CHECK]
    if tables:
        print("Abweichungen in den Tabellen: " + ", ".join(tables), file=sys.stderr)
    if backup.MEDIA_CHECK in differing:
        print(f"Abweichungen bei den Dateien in {media}", file=sys.stderr)
    if differing:
        return 1
    print("Wiederhergestellt und Tabelle für Tabelle geprüft: alle Daten und Dateien gleich.")
    return 0


def _has_data(conn: BaseDatabaseWrapper, tables: list[str]) -> bool:
    with conn.cursor() as cursor:
        for table in ("regions_district", "accounts_user"):
            if table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                if cursor.fetchone()[0]:
                    return True
    return False
