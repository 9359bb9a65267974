"""What the public pages share: the decorator that makes a view public, the page frame
(language switch, direction, alternates) and the rendering without request context, so that
no context processor touches the session or a CSRF token (public pages set no cookie)."""

import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from teilhabe.core.locale import language_from_url
from teilhabe.directory.languages import Language, language, public_languages
from teilhabe.regions.models import District

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """A page of the Wegweiser: no login, GET and HEAD only, the address's language only,
    and a public "not found" page (never the internal one, which has a form) for anything
    that is not there."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (Http404, ObjectDoesNotExist):  # an offer, event or place not (or no longer) public
            return not_found(request)

    return language_from_url(login_not_required(require_safe(wrapped)))


def frame(request: HttpRequest, district: District | None, title: str) -> dict[str, Any]:
    """The context every public page has."""
    code = translation.get_language() or "de"
    current = language(code)
    return {
        "district": district,
        "title": title,
        "lang": current,
        "languages": _addresses(request),
    }


def _addresses(request: HttpRequest) -> list[tuple[Language, str]]:
    """The page's address in each language: the path resolved once and reversed per language
    (what translate_url does, without resolving the path again for every language)."""
    path = request.get_full_path()
    parts = urlsplit(path)
    match = request.resolver_match  # the handler resolved the path already
    if match is None:
        try:
            match = resolve(unquote(parts.path))
        except Resolver404:
            return [(other, path) for other in public_languages()]
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    found = []
    for other in public_languages():
        with translation.override(other.code):
            try:
                url = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                url = parts.path
        found.append((other, urlunsplit(parts._replace(path=url))))
    return found


def render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), status=status)


def not_found(request: HttpRequest) -> HttpResponse:
    context = frame(request, None, str(translation.gettext("Page not found")))
    return render(request, "directory/not_found.html", context, status=404)


def json_for_script(data: Any) -> SafeString:
    """JSON to put inside <script type="application/ld+json">: <, > and & as escapes, so
    the text can never close the element (as Django's json_script does)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    escaped = text.translate({ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"})
    return mark_safe(escaped)
