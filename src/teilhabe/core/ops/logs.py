"""Log lines for a log collector (JSON, one object a line) or for a person (text).

A line's structured fields come in `extra={"fields": {...}}`; the JSON formatter writes them as
keys of the object, the text formatter after the message as key=value. Both add the id of the
request being served, so that an error logged deep inside a view can be found beside its
request line. Loaded by settings.LOGGING before the apps: nothing here imports a model."""

import contextvars
import datetime
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest

# The id of the request this thread serves (middleware.py), for every line logged meanwhile.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "teilhabe_request_id", default=None
)

_SECRET_KWARGS = ("token",)  # personal links, unsubscribe links: the key is in the path
_MAX_PATH = 300


def forget_request_id(**kwargs: Any) -> None:
    """request_finished: the response is closed, the next lines belong to no request."""
    request_id.set(None)


def described(request: HttpRequest) -> tuple[str, str, str | None]:
    """(view name, loggable path, district AGS or None)."""
    path = request.path
    match = request.resolver_match
    if match is None:  # static files (WhiteNoise answers before the URLs), or no page
        static = path.startswith(settings.STATIC_URL or "/static/")
        return ("static" if static else "unresolved"), path[:_MAX_PATH], None
    for name in _SECRET_KWARGS:
        if secret := str(match.kwargs.get(name) or ""):
            path = path.replace(secret, f"<{name}>")
    ags = match.kwargs.get("ags")
    if ags is None and (ars := match.kwargs.get("ars")):
        ags = str(ars)[:5]  # the ARS begins with its district's key
    district = str(ags) if ags and str(ags).isdigit() and len(str(ags)) == 5 else None
    return match.view_name or "unnamed", path[:_MAX_PATH], district


class RedactSecrets(logging.Filter):
    """On django.request: its "Not Found: /path" names the path with the key of a personal
    link; the path is written as in the request line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and isinstance(record.args, tuple):
            safe = described(request)[1]
            record.args = tuple(safe if arg == request.path else arg for arg in record.args)
        return True


_STANDARD = {"time", "level", "logger", "message", "request_id", "exception"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = dict(getattr(record, "fields", None) or {})
    current = request_id.get()
    if current and "request_id" not in fields:
        fields["request_id"] = current
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, the record's
    fields, and the traceback of an exception as one string."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in _fields(record).items():
            line[key if key not in _STANDARD or key == "request_id" else f"field_{key}"] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """The message as before, then the fields as key=value (at a terminal)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = _fields(record)
        if not fields:
            return text
        pairs = " ".join(f"{key}={'-' if v is None else v}" for key, v in fields.items())
        head, newline, rest = text.partition("\n")
        return f"{head}  [{pairs}]{newline}{rest}"
