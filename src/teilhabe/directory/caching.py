"""The public pages from a cache shared by every process: Django's cache framework with the
database cache (settings.CACHES).

A page is kept under a key of its district's stamp (directory/signals.py gives a new one with
every change of the district's public data), today's date (offers leave the directory after a
year without confirmation, events when their day is past), the host, the language and what
the page shows. So a change shows at once in every process, and nothing needs deleting: old
keys are simply never asked for again and expire.

A page served again costs one query: the district's stamp, read with every request (that is
what makes a change show at once in every process). The page itself comes from this
process's memory (settings.CACHES["process"]) when the process served it before, else from
the shared cache (a second query), else it is built. Both hold it under the same key."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache, caches
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation

from teilhabe.directory.models import DistrictDirectory
from teilhabe.regions.models import District

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin", "Link")
BROWSER_SECONDS = 60  # browsers may keep a page this long; the server's copy changes at once
PROCESS_MAX_BYTES = 64 * 1024  # larger answers (PDF flyers) stay in the shared cache only


def _stamp_sql() -> str:
    # Written out rather than through the ORM: this query runs for every public page, and
    # building it is a good part of what a page from the cache costs.
    q = connection.ops.quote_name
    district, directory = District._meta.db_table, DistrictDirectory._meta.db_table
    return (
        f"SELECT d.{q('id')}, s.{q('stamp')} FROM {q(district)} d "
        f"LEFT JOIN {q(directory)} s ON s.{q('district_id')} = d.{q('id')} "
        f"WHERE d.{q('ags')} = %s"
    )


def district_stamp(ags: str) -> tuple[int, str]:
    """The district's id and stamp in one query; 404 for an unknown district."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [ags])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    pk, stamp = row
    if stamp is None:  # the district's first public page: from now on its changes stamp it
        stamp = DistrictDirectory.objects.get_or_create(district_id=pk)[0].stamp
    return pk, stamp


def serve(
    request: HttpRequest, ags: str, what: str, build: Callable[[District], HttpResponse]
) -> HttpResponse:
    """The page from a cache, or built by `build(district)` and kept when it is a 200."""
    pk, stamp = district_stamp(ags)
    key = _key(request, pk, stamp, what)
    process = caches["process"]
    kept: tuple[dict[str, str], bytes] | None = process.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is not None:
            _keep_here(key, kept)
    if kept is not None:
        headers, body = kept
        response = HttpResponse(body, headers=headers)
    else:
        response = build(District.objects.get(pk=pk))
        if response.status_code == 200 and not response.streaming:
            kept = ({h: response[h] for h in KEPT_HEADERS if h in response}, response.content)
            cache.set(key, kept)
            _keep_here(key, kept)
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    return response


def kept_data[T](district: int, stamp: str, what: str, make: Callable[[], T]) -> T:
    """Data for a page that changes only with the district's public data (the choices of the
    filters, say), from this process's memory under the district's stamp and the language."""
    key = f"wegweiser-data:{district}:{stamp}:{translation.get_language()}:{what}"
    process = caches["process"]
    found: Any = process.get(key)
    if found is None:
        found = make()
        process.set(key, found)
    return found  # type: ignore[no-any-return]


def _keep_here(key: str, kept: tuple[dict[str, str], bytes]) -> None:
    if len(kept[1]) <= PROCESS_MAX_BYTES:
        caches["process"].set(key, kept)


def _key(request: HttpRequest, district: int, stamp: str, what: str) -> str:
    # Everything but the district's id goes through the digest: a key holds no text from the
    # request or the database as it is (memcached refuses spaces and control characters).
    parts = [
        stamp,
        f"{timezone.localdate():%Y%m%d}",
        request.get_host(),
        translation.get_language(),
        what,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"wegweiser:{district}:{digest}"
