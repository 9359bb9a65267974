"""Hostile input never gives a server error.

Every URL of the permission table is requested as a coordinator of the district (alice) and as
the installation's administrator (root, for what alice's pages did not show). Each page is read
for its forms (also the fields htmx posts one by one) and the query parameters of its links;
then its forms, those parameters, the names the views read from the query string, numeric ids
in the path, and for the API every JSON field, declared query parameter and If-Match get each
hostile value. Any 5xx, or any exception a view lets through, is listed as (url, field, value).

Batching keeps this to a few thousand requests: one request per form and value, with the value
in every field that takes its kind (a date in the date and text fields, a number in the number,
id and text fields, anything else everywhere) while the other fields keep the page's values or
a plausible one. So the form is otherwise valid and the value reaches the code after validation,
where dates at the edges and numbers beyond 64 bits used to fail. The names read from the query
string go all in one request per value, to the views that read the query string at all
(querywatch.py); the API gets one field at a time, since it refuses a request at its first
invalid field."""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse

from teilhabe.core.permissions import PERMISSIONS
from teilhabe.core.tests import querywatch
from teilhabe.core.tests.targets import Target
from teilhabe.core.tests.test_permissions import TARGETS, expected

HOSTILE = [
    "9999-12-31",
    "0001-01-01",
    "31.12.9999",
    "2026-02-30",
    "²",
    "١٢",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "",
    "\x00",
    "x" * 10_000,
    "<script>",
    "' OR 1=1 --",
]
# JSON bodies also get numbers that are not strings: beyond 64 bits, and what Python's json
# writes for float('inf') and float('nan') (and reads back).
HOSTILE_JSON = [*HOSTILE, 10**23, -(10**23), float("inf"), float("nan"), None, [], {}]

# Query-string names read by the views without a form of the page (grep request.GET), and
# the API's query parameters (its Query schemas), sent to every page.
READ_PARAMS = [
    "as_of",
    "since",
    "until",
    "status",
    "provider_kind",
    "target_group",
    "municipality",
    "category",
    "stichtag",
    "household",
    "committee",
    "meeting",
    "page",
    "page_size",
    "field_of_action",
    "kind",
]

# Plausible values for empty fields, so that the form is valid but for the hostile field.
PLAUSIBLE = {
    "date": "2026-05-01",
    "time": "10:00",
    "number": "1",
    "email": "a@example.org",
    "url": "https://example.org",
}
# Which fields of a form get a value at once. A form is valid, and reaches the code after
# validation, only when its other fields keep sensible values: a date goes into the fields that
# take dates or text, a number into those that take numbers, ids or text; the rest go everywhere.
DATE_FIELDS = {"date", "text", "textarea", "search"}
NUMBER_FIELDS = {"number", "hidden", "text", "textarea", "select", "radio", "checkbox"}
RECEIVERS = {
    **dict.fromkeys(["9999-12-31", "0001-01-01", "31.12.9999", "2026-02-30"], DATE_FIELDS),
    **dict.fromkeys(
        ["²", "١٢", "99999999999999999999999", "-99999999999999999999999"], NUMBER_FIELDS
    ),
}
SKIP_ACTIONS = {"/abmelden/", "/logout/"}  # logging out would end the probing session
PERSONAS = ["alice", "root"]
# What was probed already, for the whole module: the same form (the language switch, a search
# box, a filter) appears on many pages and needs its hostile values once, not once per page.
# Every test starts from the same data (the module's `world`), so the answer would not differ.
PROBED: set[tuple[object, ...]] = set()


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> default value
    kinds: dict[str, str] = field(default_factory=dict)  # every field (also unticked boxes)
    # htmx posts of single fields (autosave): url and what kind of input posts there
    htmx: list[tuple[str, str]] = field(default_factory=list)


class Page(HTMLParser):
    """The forms of a page and the query strings of its links."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("hx-post") and self.forms:
            kind = f"{tag} {a.get('type', '')} {a.get('inputmode', '')}"
            self.forms[-1].htmx.append((a["hx-post"], kind))
        if tag == "option" and self._select and self.forms:
            if a.get("value") and self._first_option is None:
                self._first_option = a["value"]
            if "selected" in a:
                self.forms[-1].fields[self._select] = a.get("value", "")
        elif tag == "a" and "?" in a.get("href", ""):
            self.links.append(a["href"])
        elif tag == "form":
            action = a.get("action") or self.url
            self.forms.append(Form(a.get("method", "get").lower(), action))
        elif not self.forms or not a.get("name"):
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select":
            self._select, self._first_option = a["name"], None
            self._add(a["name"], None, "select")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(a["name"], "", "textarea")

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1].fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            if self._textarea and not self.forms[-1].fields[self._textarea].strip():
                self.forms[-1].fields[self._textarea] = "Test"
            self._textarea = None
        elif tag == "select" and self._select:
            if not self.forms[-1].fields.get(self._select):
                self.forms[-1].fields[self._select] = self._first_option or ""
            self._select = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _input(self, a: dict[str, str]) -> None:
        kind, name, value = a.get("type", "text"), a["name"], a.get("value", "")
        if kind in ("submit", "button", "reset", "image"):
            return
        if kind in ("checkbox", "radio"):
            self._add(name, value or "on" if "checked" in a else None, kind)
            return
        if not value and kind != "hidden":
            value = PLAUSIBLE.get(kind, "Test" if kind in ("text", "search", "") else "")
        self._add(name, value, kind)

    def _add(self, name: str, value: str | None, kind: str) -> None:
        form = self.forms[-1]
        form.kinds.setdefault(name, kind)
        if value is not None and not form.fields.get(name):
            form.fields[name] = value


@dataclass
class Prober:
    client: object
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    requests: int = 0
    seen: set = field(default_factory=lambda: PROBED)  # shared by the personas and the tests
    api_queries: list | None = None

    def send(
        self,
        method: str,
        url: str,
        data: dict | None = None,
        *,
        label: str,
        value: object,
        body: str | None = None,
        headers: dict | None = None,
    ) -> HttpResponse | None:
        """One request; a 5xx or an exception let through is noted as a failure."""
        self.requests += 1
        try:
            with transaction.atomic():
                if body is not None:
                    response = getattr(self.client, method)(
                        url, body, content_type="application/json", headers=headers or {}
                    )
                else:
                    response = getattr(self.client, method)(url, data or {}, headers=headers or {})
        except Exception as error:  # a view that lets an exception through: a 500 in production
            self.failures.append((url, label, _short(value), f"{type(error).__name__}: {error}"))
            return None
        if response.status_code >= 500:
            self.failures.append((url, label, _short(value), str(response.status_code)))
        return response

    def once(self, *key: object) -> bool:
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def probe(self, target: Target) -> None:
        if target.json:
            self.probe_json(target)
            return
        if target.method == "get":
            with querywatch.watched(self.client) as read_query:
                page = self.send("get", target.url, label="(page)", value="")
            if read_query():  # code that never reads the query string cannot mind its values
                self.probe_query(target.url)
            self.probe_path(target)
            content_type = page.get("Content-Type", "") if page is not None else ""
            if page is not None and page.status_code == 200 and "html" in content_type:
                parsed = Page(target.url)
                parsed.feed(page.content.decode())
                for form in parsed.forms:
                    self.probe_form(form)
                    for url, kind in form.htmx:  # the page posts the whole form there
                        self.probe_form(Form("post", url, form.fields, form.kinds), kind)
                for link in parsed.links:
                    self.probe_link(link)
            if target.url.startswith("/api/"):
                self.probe_api_query(target.url)
        else:
            self.probe_form(Form(target.method, target.url, dict(target.data or {})))
            self.probe_path(target)

    def probe_form(self, form: Form, variant: str = "") -> None:
        path = urlsplit(form.action).path
        if path in SKIP_ACTIONS or not _ours(path):
            return
        kinds = {name: "text" for name in form.fields} | form.kinds
        kinds.pop("csrfmiddlewaretoken", None)  # the test client does not check it
        if not kinds:  # a button without input (close, revoke, regenerate)
            return
        if not self.once("form", form.method, _view(path), tuple(sorted(kinds)), variant):
            return
        for value in HOSTILE:
            names = [n for n, kind in kinds.items() if kind in RECEIVERS.get(value, {kind})]
            data = {**form.fields, **dict.fromkeys(names, value)}
            label = ",".join(names)
            if form.method == "post":
                self.send("post", form.action, data, label=label, value=value)
            else:
                self.send("get", f"{path}?{urlencode(data)}", label=label, value=value)

    def probe_query(self, url: str) -> None:
        path = urlsplit(url).path
        if not self.once("query", _view(path)):
            return
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(READ_PARAMS, value))
            self.send("get", f"{path}?{query}", label="(read params)", value=value)

    def probe_link(self, link: str) -> None:
        parts = urlsplit(link)
        if parts.netloc or not _ours(parts.path):
            return
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        if not self.once("link", _view(parts.path), tuple(sorted(params))):
            return
        for value in HOSTILE:
            query = urlencode(dict.fromkeys(params, value))
            self.send("get", f"{parts.path}?{query}", label=",".join(params), value=value)

    def probe_path(self, target: Target) -> None:
        """Ids beyond 64 bits in the path."""
        segments = target.url.split("/")
        for i, segment in enumerate(segments):
            if not segment.isdigit() or len(segment) > 8:  # ids, not keys like an ARS
                continue
            url = "/".join([*segments[:i], "99999999999999999999999", *segments[i + 1 :]])
            if self.once("path", target.method, _view(target.url), i):
                body = json.dumps(target.data or {}) if target.json else None
                self.send(
                    target.method, url, target.data, label=f"(path {i})", value=url, body=body
                )

    def probe_api_query(self, url: str) -> None:
        path = urlsplit(url).path
        if self.api_queries is None:
            self.api_queries = _api_queries(self.client.get(reverse("api:openapi-json")).content)
        names = [n for pattern, found in self.api_queries if pattern.search(path) for n in found]
        for name in names:  # one at a time: the API refuses a request at its first error
            if not self.once("api-query", _view(path), name):
                continue
            for value in HOSTILE:
                self.send("get", f"{path}?{urlencode({name: value})}", label=name, value=value)

    def probe_json(self, target: Target) -> None:
        data = dict(target.data or {})
        if not self.once("json", target.method, _view(target.url)):
            return
        self.probe_path(target)
        for name in [*data, "version"]:
            for value in HOSTILE_JSON:
                body = json.dumps({**data, name: value})
                self.send(target.method, target.url, label=name, value=value, body=body)
        for value in HOSTILE:
            self.send(
                target.method,
                target.url,
                label="If-Match",
                value=value,
                body=json.dumps(data),
                headers={"If-Match": value},
            )


def _api_queries(description: bytes) -> list[tuple[re.Pattern, list[str]]]:
    """The query parameters the API declares per path, from its OpenAPI description."""
    found = []
    for template, operations in json.loads(description)["paths"].items():
        names = [
            p["name"]
            for op in operations.values()
            for p in op.get("parameters", [])
            if p["in"] == "query"
        ]
        pattern = re.sub(r"\\{\w+\\}", "[^/]+", re.escape(template))
        found.append((re.compile(f"{pattern}/?$"), names))
    return found


def _ours(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _view(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return path


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} chars)"


def usable_targets(name: str, user) -> list[Target]:  # type: ignore[no-untyped-def]
    """Per method, the first target of the view the persona may use (its own district first)."""
    chosen: dict[str, Target] = {}
    rule = PERMISSIONS[name]
    for target in TARGETS[name](user):
        access = rule[target.method.upper()] if isinstance(rule, dict) else rule
        if expected(user, access, target) == "ok":
            chosen.setdefault(target.method, target)
    return list(chosen.values())


def _sign_in(client, user, session_key: str) -> None:  # type: ignore[no-untyped-def]
    """The persona's session of the module (`sessions`), or a new login where a form of the
    test ended it (a new password gives a new session key)."""
    from django.contrib.sessions.models import Session

    if Session.objects.filter(session_key=session_key).exists():
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    else:
        client.force_login(user)


@pytest.fixture
def personas(world, db):
    return world


@pytest.mark.parametrize("view_name", sorted(set(TARGETS) - {"accounts:logout"}))
def test_hostile_values_never_give_a_server_error(client, personas, sessions, view_name):
    """Root probes only what the coordinator's pages did not show (other forms, other views)."""
    prober = Prober(client)
    for persona in PERSONAS:
        user = personas[persona]
        for target in usable_targets(view_name, user):
            _sign_in(client, user, sessions[persona])
            prober.probe(target)
    listing = "\n".join(" | ".join(f) for f in prober.failures)
    assert not prober.failures, f"{len(prober.failures)} server errors:\n{listing}"
