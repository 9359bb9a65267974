"""Uploaded files waiting for their preview: kept in the data directory under a random token
that belongs to the user who uploaded them, so a preview can be recomputed on confirmation
and nobody else can open it."""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest


def _folder() -> Path:
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(request: HttpRequest, upload: UploadedFile) -> str:
    token = f"{request.user.pk}-{secrets.token_urlsafe(16)}"
    (_folder() / token).write_bytes(upload.read())
    (_folder() / f"{token}.name").write_text(upload.name or "upload")
    return token


def load(request: HttpRequest, token: str) -> tuple[bytes, str]:
    """The file and its name, or 404 when it is missing or somebody else's."""
    path = _folder() / token
    if not token.startswith(f"{request.user.pk}-") or "/" in token or not path.is_file():
        raise Http404
    return path.read_bytes(), (_folder() / f"{token}.name").read_text()


def discard(token: str) -> None:
    for name in (token, f"{token}.name"):
        (_folder() / name).unlink(missing_ok=True)
