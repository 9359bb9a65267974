"""Turn TEILHABE_DATABASE_URL into a Django DATABASES entry and TEILHABE_CACHE_URL into a
CACHES entry (both parsed here, with no dependency of their own)."""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def sqlite_database(path: Path | str) -> dict[str, Any]:
    """SQLite in WAL mode: readers never block the writer, which matters with several workers.

    IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers wait (up to the
    timeout) instead of failing with "database is locked" halfway through a transaction."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 60,  # opening a connection runs the PRAGMAs: do it once per minute
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def database_from_url(url: str, default_sqlite: Path) -> dict[str, Any]:
    if not url:
        return sqlite_database(default_sqlite)
    parts = urlsplit(url)
    if parts.scheme in {"postgres", "postgresql"}:
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if parts.scheme == "sqlite":
        return sqlite_database(unquote(parts.path))
    raise ImproperlyConfigured(
        "TEILHABE_DATABASE_URL must start with postgres:// or sqlite:///, "
        f"not {parts.scheme or url!r}"
    )


def shared_cache(url: str, database_cache: dict[str, Any]) -> dict[str, Any]:
    """The "default" cache for TEILHABE_CACHE_URL: Redis or Valkey (the same protocol) through
    Django's RedisCache, with the database cache's timeout; anything else is refused."""
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "valkey", "valkeys"}:
        raise ImproperlyConfigured(
            f"TEILHABE_CACHE_URL must start with redis:// or valkey://, not {parts.scheme!r}"
        )
    location = url.replace("valkey", "redis", 1)  # the redis client speaks to Valkey as well
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": location,
        "TIMEOUT": database_cache["TIMEOUT"],
    }
