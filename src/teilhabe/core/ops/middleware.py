"""One log line and one latency observation per request, under a request id.

The line names the view (its URL name), the path without its query string and with the secret
of a personal link replaced, the status, the time taken, the request id, the user's id and the
district the address names (its AGS, or the first five digits of a municipality's ARS). Never a
name, an e-mail address, a client address, a query string or a body."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

from teilhabe.core.ops import logs, metrics

logger = logging.getLogger("teilhabe.request")

# A load balancer's or proxy's id is taken over when it is plainly safe to write into a log.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    """The user's id if the request looked at its user: a public page (the Wegweiser, served
    from its cache with one query) must not load the session and the user for the log."""
    user = getattr(request, "user", None)  # absent when a middleware answered before auth
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    if user is None or not user.is_authenticated:
        return None
    pk: int = user.pk
    return pk


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        rid = request_id_of(request)
        token = logs.request_id.set(rid)
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            view, path, district = logs.described(request)
            metrics.observe_request(view, request.method or "", response.status_code, seconds)
            fields = {
                "event": "request",
                "method": request.method,
                "path": path,
                "view": view,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "request_id": rid,
                "user_id": _user_id(request),
                "district": district,
            }
            logger.info(
                "%s %s %s %s ms",
                request.method,
                path,
                response.status_code,
                fields["duration_ms"],
                extra={"fields": fields},
            )
        except BaseException:
            logs.request_id.reset(token)
            raise
        # Django logs a 4xx or 5xx answer after the middleware (django.request): the id stays
        # until the response is closed (logs.forget_request_id).
        response["X-Request-ID"] = rid
        return response
