"""Uploaded files waiting for their preview.

An upload is kept in the default storage (core/storage.py: the database on PostgreSQL, so the
preview and the confirmation may reach different nodes; MEDIA_ROOT on SQLite) under
imports/<random token>, beside a small record of who uploaded it, on which district's page and
for which import. The preview reads the file again on every request (so rights and data are
always current), and only for the same user, district and import: any other request gets a
404, as does a token after a day. Old uploads are swept away whenever a new one is stored.
Nobody knows a token before store() returns it, so a file still being written is never read."""

import json
import re
import secrets
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

MAX_AGE = 24 * 60 * 60  # seconds an upload waits for its confirmation
FOLDER = "imports"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str


def _write(name: str, content: bytes) -> None:
    saved = default_storage.save(f"{FOLDER}/{name}", ContentFile(content))
    if saved != f"{FOLDER}/{name}":  # a random token is never taken; should it be, say so
        default_storage.delete(saved)
        raise FileExistsError(name)


def _read(name: str) -> bytes:
    with default_storage.open(f"{FOLDER}/{name}", "rb") as file:
        data: bytes = file.read()
    return data


def store(*, user_id: int, district_id: int, purpose: str, data: bytes, filename: str) -> str:
    """Keep the file for `user_id` on district `district_id`'s page of the import `purpose`
    (the preview's URL name); returns its token."""
    _sweep()
    token = secrets.token_urlsafe(16)
    record = {
        "user": user_id,
        "district": district_id,
        "purpose": purpose,
        "filename": filename[:255],
        "stored": time.time(),
    }
    _write(token, data)
    _write(f"{token}.json", json.dumps(record).encode())
    return token


def load(token: str, *, user_id: int, district_id: int, purpose: str) -> Upload:
    """The file, or Http404 when the token is malformed, unknown, somebody else's, from another
    district's or another import's page, or older than MAX_AGE."""
    if not _TOKEN.fullmatch(token):
        raise Http404
    try:
        record = json.loads(_read(f"{token}.json"))
        data = _read(token)
    except (OSError, ValueError):
        raise Http404 from None
    if not isinstance(record, dict):
        raise Http404
    owner = (record.get("user"), record.get("district"), record.get("purpose"))
    if owner != (user_id, district_id, purpose):
        raise Http404
    if time.time() - record.get("stored", 0) > MAX_AGE:
        discard(token)
        raise Http404
    return Upload(data, record.get("filename") or "upload")


def discard(token: str) -> None:
    if _TOKEN.fullmatch(token):
        for name in (token, f"{token}.json"):
            default_storage.delete(f"{FOLDER}/{name}")


def _sweep() -> None:
    """Remove what waited longer than MAX_AGE."""
    limit = time.time() - MAX_AGE
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing uploaded yet
        return
    for name in names:
        try:
            if default_storage.get_modified_time(f"{FOLDER}/{name}").timestamp() < limit:
                default_storage.delete(f"{FOLDER}/{name}")
        except OSError:
            continue  # removed meanwhile by another worker
