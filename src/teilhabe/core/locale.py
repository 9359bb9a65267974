"""The language of a request, in two worlds.

Public pages (the views marked by `language_from_url`, under `i18n_patterns`) speak the
language of their address and nothing else: /ar/03357/ is Arabic, /03357/ German, whoever asks.
So such a page is the same for every visitor and can be cached, and it needs no cookie.

Every other page speaks what the user chose with the language switch (the cookie that
`set_language` writes) or what the browser asks for, among settings.TEILHABE_INTERNAL_LANGUAGES
(German and English), German by default.

Django's LocaleMiddleware cannot do both: once `i18n_patterns` without a prefix for the default
language is in the URLconf, it gives every address without a prefix the default language, so
the internal pages could no longer be English. This middleware replaces it: it activates the
address's language (German without a prefix) so that the public patterns resolve, then, for any
view that is not public, the user's language."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation.trans_real import parse_accept_lang_header

ViewFunc = Callable[..., HttpResponse]


def language_from_url[F: ViewFunc](view: F) -> F:
    """Mark a public view whose language is its address's only (see the module's doc)."""
    view.language_from_url = True  # type: ignore[attr-defined]
    return view


def internal_languages() -> list[str]:
    return list(getattr(settings, "TEILHABE_INTERNAL_LANGUAGES", [settings.LANGUAGE_CODE]))


def internal_language(request: HttpRequest) -> str:
    """The user's choice (language cookie), else the browser's first internal language."""
    allowed = internal_languages()
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in allowed:
        return chosen
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in allowed:
            return base
    return str(settings.LANGUAGE_CODE)


class LocaleMiddleware(MiddlewareMixin):
    """Use in place of django.middleware.locale.LocaleMiddleware (see the module's doc)."""

    def process_request(self, request: HttpRequest) -> None:
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_view(
        self, request: HttpRequest, view: ViewFunc, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, "language_from_url", False):
            request.language_from_url = True  # type: ignore[attr-defined]
        else:
            translation.activate(internal_language(request))
            request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not getattr(request, "language_from_url", False):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
