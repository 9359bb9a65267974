"""What kind of file an upload really is, read from its first bytes (and, for office
documents, from the ZIP container's table of contents), never from its name alone.

A file is accepted when its extension is one of the allowed kinds' and its content is what that
extension claims: a PDF renamed to .png, or a program renamed to .pdf, is refused.
"""

import zipfile
from dataclasses import dataclass
from typing import IO

_TEXT_PROBE = 64 * 1024  # bytes of a text file looked at
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}  # tab, line feed, form feed, carriage return


@dataclass(frozen=True)
class FileKind:
    key: str
    mime: str
    extensions: tuple[str, ...]


KINDS: tuple[FileKind, ...] = (
    FileKind("png", "image/png", (".png",)),
    FileKind("jpeg", "image/jpeg", (".jpg", ".jpeg")),
    FileKind("pdf", "application/pdf", (".pdf",)),
    FileKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)
    ),
    FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    FileKind("odt", "application/vnd.oasis.opendocument.text", (".odt",)),
    FileKind("csv", "text/csv", (".csv",)),
    FileKind("txt", "text/plain", (".txt",)),
)
BY_KEY = {kind.key: kind for kind in KINDS}
IMAGES = frozenset({"png", "jpeg"})
ALL = frozenset(BY_KEY)
# What the content can tell apart: CSV and plain text are both text.
_CONTENT = {"csv": "text", "txt": "text"}


class Refused(ValueError):
    """`reason` is "type" (an extension not allowed) or "content" (the content is not what the
    name says)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    declared = member.read(100).strip()
                if declared == BY_KEY["odt"].mime.encode():
                    return "odt"
                return None
            if "[Content_Types].xml" in names:
                if any(name.startswith("xl/") for name in names):
                    return "xlsx"
                if any(name.startswith("word/") for name in names):
                    return "docx"
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    if any(byte in _CONTROL for byte in head):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the probe is still text.
            if encoding == "utf-8-sig" and error.start >= len(head) - 3:
                return True
            continue
        return True
    return False


def sniff(stream: IO[bytes]) -> str | None:
    """The kind the content is ("png", "jpeg", "pdf", "xlsx", "docx", "odt", or "text" for
    CSV and plain text); None for anything else. Reads from the start and rewinds."""
    stream.seek(0)
    head = stream.read(_TEXT_PROBE)
    stream.seek(0)
    try:
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(stream)
        if head and _is_text(head):
            return "text"
        return None
    finally:
        stream.seek(0)


def extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].casefold() if dot > 0 else ""


def check(name: str, stream: IO[bytes], allowed: frozenset[str]) -> FileKind:
    """The kind of an upload named `name`, if its extension is among the `allowed` kinds' and
    its content matches; Refused otherwise."""
    suffix = extension(name)
    kind = next((k for k in KINDS if k.key in allowed and suffix in k.extensions), None)
    if kind is None:
        raise Refused("type")
    if sniff(stream) != _CONTENT.get(kind.key, kind.key):
        raise Refused("content")
    return kind


def allowed_extensions(allowed: frozenset[str]) -> list[str]:
    """The extensions of the allowed kinds, in the order of KINDS (for messages and `accept`)."""
    return [suffix for kind in KINDS if kind.key in allowed for suffix in kind.extensions]
