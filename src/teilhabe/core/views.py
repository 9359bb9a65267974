import sys

from django.contrib.auth.decorators import login_not_required
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils import translation
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from teilhabe.core.locale import internal_language
from teilhabe.core.scoping import scope_of

BUSY_RETRY_AFTER = 5  # seconds; what the 503 page of a busy database asks the browser to wait


def home(request: HttpRequest) -> HttpResponse:
    """The start page: Meine Aufgaben for anyone with a role; without one, the district list
    says whom to ask."""
    scope = scope_of(request)
    if scope.districts:
        return redirect("tasklist:my-tasks")
    return redirect("regions:district-list")


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: answers when the application and its database answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def database_busy(error: BaseException | None) -> bool:
    """SQLite gave up waiting for the write lock (after its busy timeout, 20 s), or
    PostgreSQL for a row or table lock (lock_timeout)."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    return "database is locked" in str(error) or getattr(cause, "sqlstate", None) == "55P03"


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404. An address that matched no page was resolved in the address's language
    (core/locale.py); without a language prefix the page speaks the user's language."""
    if not translation.get_language_from_path(request.path_info):
        translation.activate(internal_language(request))
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it inside its `except`, for an exception from a view or from a
    middleware alike (a middleware's process_exception would only see the views'). A busy
    database is not a fault of the application: the user gets a 503 that says to retry, with
    Retry-After, and everything else the usual 500 page. Neither queries the database."""
    if database_busy(sys.exc_info()[1]):
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": str(BUSY_RETRY_AFTER)})
    return defaults.server_error(request)
