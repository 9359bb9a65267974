"""Whether handling a request looked at its query string (for the hostile-input walk).

A view, form, middleware or template reads the query string through `request.GET` (Django
builds it only when something asks for it) or reads it whole: `request.get_full_path()`,
`build_absolute_uri()` without an argument, `request.META["QUERY_STRING"]`. All of these read
the one key `QUERY_STRING` of the request's environ, and that read is what `watched` records.
Code that never reads it behaves the same whatever the query string holds.

One read is not counted: a template printing the whole current URL (base.html's language
switch keeps the page to come back to). The template engine escapes it the same way on every
page, and every link and search form the walk probes sends hostile query strings through it.
A template asking for a named parameter (`request.GET.page`) still counts."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_DJANGO_REQUEST = ("/django/http/request.py", "/django/core/handlers/wsgi.py")
_LAZY = "/django/utils/functional.py"  # cached_property: how request.GET is built
_TEMPLATES = "/django/template/"


class Environ(dict):
    """A request's environ that notes whether QUERY_STRING was read, and how."""

    read = False

    def __getitem__(self, key: object) -> object:
        if key == "QUERY_STRING":
            self._note(sys._getframe(1))
        return super().__getitem__(key)

    def get(self, key: object, default: object = None) -> object:
        if key == "QUERY_STRING":
            self._note(sys._getframe(1))
        return super().get(key, default)

    def _note(self, frame: FrameType | None) -> None:
        named = False  # through request.GET, i.e. by the parameters' names
        while frame is not None and frame.f_code.co_filename.endswith((*_DJANGO_REQUEST, _LAZY)):
            named = named or frame.f_code.co_name == "GET"
            frame = frame.f_back
        echoed = frame is not None and _TEMPLATES in frame.f_code.co_filename
        if named or not echoed:
            self.read = True


@contextmanager
def watched(client) -> Iterator[Callable[[], bool]]:  # type: ignore[no-untyped-def]
    """Requests of the test client `client` inside the block get a watched environ; the
    function yielded says whether any of them read the query string."""
    handler = client.handler
    seen: list[Environ] = []

    def watching(environ: dict) -> object:
        seen.append(Environ(environ))
        return handler(seen[-1])

    client.handler = watching
    try:
        yield lambda: any(environ.read for environ in seen)
    finally:
        client.handler = handler
