"""Uploaded files waiting for their preview.

An upload is kept in DATA_DIR/imports under a random token, beside a small record of who
uploaded it, on which district's page and for which import. The preview reads the file again on
every request (so rights and data are always current), and only for the same user, district and
import: any other request gets a 404, as does a token after a day. Old uploads are swept away
whenever a new one is stored."""

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404

MAX_AGE = 24 * 60 * 60  # seconds an upload waits for its confirmation
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str


def _folder() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(path: Path, content: bytes) -> None:
    """Whole or not at all: a half-written file is never read as an upload."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)


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
    _write(_folder() / token, data)
    _write(_folder() / f"{token}.json", json.dumps(record).encode())
    return token


def load(token: str, *, user_id: int, district_id: int, purpose: str) -> Upload:
    """The file, or Http404 when the token is malformed, unknown, somebody else's, from another
    district's or another import's page, or older than MAX_AGE."""
    if not _TOKEN.fullmatch(token):
        raise Http404
    try:
        record = json.loads((_folder() / f"{token}.json").read_text())
        data = (_folder() / token).read_bytes()
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
            (_folder() / name).unlink(missing_ok=True)


def _sweep() -> None:
    """Remove what waited longer than MAX_AGE (and the leftovers of an interrupted write)."""
    limit = time.time() - MAX_AGE
    for path in _folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # removed meanwhile by another worker
