"""The Django admin is the installation administrator's emergency tool, not a user interface.

Only an active superuser reaches it; for everyone else, logged in or not, every admin address
answers 404, as if it did not exist. District administrators manage their people in the
Verwaltung (accounts/administration.py), which goes through the same scoping as every page.
The superuser logs in on the normal login page (with its throttling and audit log)."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver


def _superuser(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_superuser


def _guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_not_required  # anonymous visitors get the same 404, not a login redirect
    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _superuser(request):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _guard_all(patterns: list[Any]) -> list[Any]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _guard_all(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            entry.callback = _guard(entry.callback)
    return patterns


class InstallationAdminSite(admin.AdminSite):
    site_header = "Teilhabe – Installation"
    site_title = "Teilhabe – Installation"

    def has_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def get_urls(self) -> list[Any]:
        return _guard_all(super().get_urls())
