"""A written file as an HTTP download (kept apart from `writer`, which runs without Django)."""

import re
from pathlib import PurePosixPath

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from teilhabe.core.tabular.writer import CONTENT_TYPES


def safe_filename(name: str) -> str:
    """Letters, digits, '.', '-' and '_' only: no path, no quotes, no header injection, and
    the same name in every browser. Umlauts become '-' (our names are keys and dates)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePosixPath(name.replace("\\", "/")).name)
    return stem.strip(".-") or "export"


def download(content: bytes, filename: str) -> HttpResponse:
    """The file as an attachment; its type follows from the extension (xlsx or csv)."""
    name = safe_filename(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CONTENT_TYPES:
        raise ValueError(f"not a spreadsheet file name: {filename!r}")
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
