"""DatabaseStorage: files in the database (the `StoredFile` table), the default storage when
Teilhabe runs on PostgreSQL (settings.STORAGES), as ODK Central keeps its blobs in PostgreSQL.

Every web node and worker reads the same files, `teilhabe backup` holds them with the tables,
and a file is written or removed in the same transaction as the row that points to it: a
rolled-back upload leaves no file behind, a committed one is never missing its file. Files are
small (answer files up to TEILHABE_SURVEY_FILE_MAX_MB, PDFs a few hundred kB), so a file is
read into memory once, whole, when it is saved or opened.

Names are made unique as FileSystemStorage makes them (`get_available_name`); should two
processes pick the same free name at the same moment, the unique index refuses the second,
which then picks another. There are no URLs: files are served by the views that check who may
read them (FileResponse on `storage.open`)."""

import datetime
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, connection, transaction
from django.utils.deconstruct import deconstructible

from teilhabe.core.models import StoredFile

ATTEMPTS = 5  # names tried when other processes take the free ones at the same moment


@deconstructible(path="teilhabe.core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """A Django storage backed by the `StoredFile` table."""

    def _save(self, name: str, content: File[Any]) -> str:
        data = _read(content)
        for _attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    StoredFile.objects.create(name=name, content=data, size=len(data))
            except IntegrityError:
                if not self.exists(name):
                    raise  # not the name: something else is wrong
                name = self.get_available_name(name, max_length=300)
            else:
                return name
        raise IntegrityError(f"no free name for {name!r} after {ATTEMPTS} attempts")

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("files in the database are written with save(), not open()")
        content = StoredFile.objects.filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(name)
        # bytes as the driver gave them (psycopg: bytes, sqlite3: bytes); a memoryview only
        # where a driver returns one, copied then once.
        return ContentFile(bytes(content), name=name)

    def exists(self, name: str) -> bool:
        return StoredFile.objects.filter(name=name).exists()

    def delete(self, name: str) -> None:
        if connection.in_atomic_block and connection.needs_rollback:
            # The transaction is being rolled back: a file saved in it goes with it, a file
            # saved before it stays, as the row pointing to it does.
            return
        StoredFile.objects.filter(name=name).delete()

    def size(self, name: str) -> int:
        size = StoredFile.objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        """The folders and files directly in `path` ("" or "a/b")."""
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        folders, files = set(), []
        for name in StoredFile.objects.filter(name__startswith=prefix).values_list(
            "name", flat=True
        ):
            rest = name.removeprefix(prefix)
            if "/" in rest:
                folders.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(folders), sorted(files)

    def get_created_time(self, name: str) -> datetime.datetime:
        created = StoredFile.objects.filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(name)
        return created

    def get_modified_time(self, name: str) -> datetime.datetime:
        return self.get_created_time(name)  # a stored file is never changed, only replaced

    def url(self, name: str | None) -> str:
        raise NotImplementedError("files in the database are served by Teilhabe's own views")


def _read(content: File[Any] | IO[Any]) -> bytes:
    """The whole content, read once (an upload kept on disk by Django is read from there)."""
    if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
        content.seek(0)
    data = content.read()
    if isinstance(data, str):
        return data.encode()
    return bytes(data) if not isinstance(data, bytes) else data
