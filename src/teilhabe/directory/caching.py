"""The public pages from a cache shared by every process: Django's cache framework with the
database cache (settings.CACHES).

A page is kept under a key of its district's stamp (directory/signals.py gives a new one with
every change of the district's public data), today's date (offers leave the directory after a
year without confirmation, events when their day is past), the host, the language and what
the page shows. So a change shows at once in every process, and nothing needs deleting: old
keys are simply never asked for again and expire."""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation

from teilhabe.directory.models import DistrictDirectory
from teilhabe.regions.models import District

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin", "Link")
BROWSER_SECONDS = 60  # browsers may keep a page this long; the server's copy changes at once


def district_stamp(ags: str) -> tuple[int, str | None]:
    """The district's id and stamp in one query; 404 for an unknown district."""
    row = District.objects.filter(ags=ags).values_list("pk", "directory__stamp").first()
    if row is None:
        raise Http404
    return row


def serve(
    request: HttpRequest, ags: str, what: str, build: Callable[[District], HttpResponse]
) -> HttpResponse:
    """The page from the cache, or built by `build(district)` and kept when it is a 200."""
    pk, stamp = district_stamp(ags)
    if stamp is None:  # the district's first public page: from now on its changes stamp it
        stamp = DistrictDirectory.objects.get_or_create(district_id=pk)[0].stamp
    key = _key(request, pk, stamp, what)
    if (kept := cache.get(key)) is not None:
        headers, body = kept
        response = HttpResponse(body, headers=headers)
    else:
        response = build(District.objects.get(pk=pk))
        if response.status_code == 200 and not response.streaming:
            headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            cache.set(key, (headers, response.content))
    response["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    return response


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
