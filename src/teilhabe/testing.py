"""Shared test data: the real districts and one named persona per role.

alice coordinates Rotenburg (Wümme); bob edits Samtgemeinde Zeven; carol is a committee member
(viewer) in Rotenburg; erin administers Rotenburg's users; dave coordinates Landkreis Osterholz,
another district; root is the installation's administrator."""

import dataclasses
import functools
import os
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.core.confirm import CONFIRMED
from teilhabe.regions.models import District, Municipality
from teilhabe.regions.reference import load_rotenburg
from teilhabe.regions.regionlist import DistrictSpec, parse_region_list
from teilhabe.regions.services import import_districts

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse  # stubs only

    from teilhabe.inventory.models import Activity
    from teilhabe.surveys.xlsform import Form

OSTERHOLZ_AGS = "03356"
ZEVEN_ARS = "033575408000"
SOTTRUM_ARS = "033575406000"


@functools.cache
def national_list() -> bytes:
    return (files("teilhabe.regions") / "data" / "de_gemeinden.csv").read_bytes()


@functools.cache
def district_specs(*kreis: str) -> list[DistrictSpec]:
    return parse_region_list(national_list(), "de_gemeinden.csv", kreis)


@dataclasses.dataclass(frozen=True)
class Kept:
    """A stored file by the name its FileField holds, in the default storage (MEDIA_ROOT on
    SQLite, the database on PostgreSQL), asked as one would ask a Path."""

    name: str

    def exists(self) -> bool:
        from django.core.files.storage import default_storage

        return bool(default_storage.exists(self.name))

    def read_bytes(self) -> bytes:
        from django.core.files.storage import default_storage

        with default_storage.open(self.name, "rb") as file:
            data: bytes = file.read()
        return data


def xlsx(sheets: dict[str, Iterable[Iterable[Any]] | None]) -> bytes:
    """A workbook as a spreadsheet program saves it: one sheet per name, in this order, with its
    rows as given (a sheet given as None is left out)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for blank in book.worksheets:
        book.remove(blank)
    for title, rows in sheets.items():
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def require(available: bool, what: str) -> None:
    """Skip the test (or test module) when something outside Python that it needs is missing,
    such as a server program. With TEILHABE_REQUIRE_SERVICES set, as ./run-tests and so CI set
    it, a missing one fails instead: there the test command has installed everything."""
    import pytest

    if available:
        return
    if os.environ.get("TEILHABE_REQUIRE_SERVICES"):
        pytest.fail(f"{what} is missing, and TEILHABE_REQUIRE_SERVICES is set", pytrace=False)
    pytest.skip(f"{what} is not installed", allow_module_level=True)


def rows_written() -> int:
    """How many rows the default connection has inserted, updated or deleted so far (on
    PostgreSQL: in this transaction). Unchanged across a request, it proves the request wrote
    nothing to any table."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return int(connection.connection.total_changes)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables"
        )
        return int(cursor.fetchone()[0])


def make_rotenburg() -> District:
    load_rotenburg()
    return District.objects.get(ags="03357")


def make_osterholz() -> District:
    import_districts(district_specs(OSTERHOLZ_AGS))
    return District.objects.get(ags=OSTERHOLZ_AGS)


def make_user(
    username: str,
    role: str | None,
    district: District | None = None,
    municipality: Municipality | None = None,
    **extra: Any,  # further fields of the user
) -> User:
    user = User.objects.create_user(username, **extra)
    user.password = hashed(f"{username}-pw-Teilhabe-2026")
    user.save(update_fields=["password"])
    if role:
        assert district is not None, "a role is given in a district"
        Membership.objects.create(
            user=user, role=role, district=district, municipality=municipality
        )
    return user


# The personas, in this order: a coordinator, an editor of Zeven, a committee member and an
# administrator in Rotenburg, a coordinator in Osterholz, the installation's superuser.
PERSONAS = ("alice", "bob", "carol", "erin", "dave", "root")


def make_personas(rotenburg: District, osterholz: District) -> dict[str, User]:
    """The users of `PERSONAS`, by name."""
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    made = {
        "alice": make_user("alice", Role.COORDINATOR, rotenburg),
        "bob": make_user("bob", Role.EDITOR, rotenburg, zeven),
        "carol": make_user("carol", Role.VIEWER, rotenburg),
        "erin": make_user("erin", Role.ADMINISTRATOR, rotenburg),
        "dave": make_user("dave", Role.COORDINATOR, osterholz),
        "root": make_superuser("root"),
    }
    assert tuple(made) == PERSONAS, "PERSONAS names every persona, in this order"
    return made


@functools.cache
def hashed(password: str) -> str:
    """The stored form of `password`, made once per test run: hashing is deliberately slow
    (Argon2, ~0.2 s), and every test with the personas would otherwise pay it six times. The
    hash is the real one, so logging in with the password works as in production."""
    return make_password(password)


def session_key(user: User, backend: str | None = None) -> str:
    """A session for `user` as the login form makes it (Django's `login()`, with its signal,
    so the audit log records it): the cookie's value, for a test client or a browser."""
    client = Client()
    client.force_login(user, backend=backend)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def make_superuser(username: str) -> User:
    user = User.objects.create_superuser(username, password=None)
    user.password = hashed(f"{username}-pw-Teilhabe-2026")
    user.save(update_fields=["password"])
    return user


def make_activity(
    district: District, municipality: Municipality | None = None, **values: Any
) -> "Activity":
    """An activity through the same service the views use."""
    from teilhabe.inventory.models import Category
    from teilhabe.inventory.services import create_activity

    defaults = {
        "title": "Sprachcafé",
        "category": Category.objects.get(district=district, key="language"),
        "status": "active",
        "provider_kind": "volunteers",
        "municipality": municipality,
    }
    return create_activity(district, {**defaults, **values})


@functools.cache
def default_questionnaire() -> "Form":
    """The shipped questionnaire, read once per test run."""
    from teilhabe.surveys.xlsform import read_xlsform

    data = (files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx").read_bytes()
    return read_xlsform(data, "bestandsaufnahme.xlsx")


def post_asks_first(
    client: Client, url: str, state: Callable[[], object], data: dict[str, Any] | None = None
) -> tuple["TestResponse", "TestResponse"]:
    """POST `url` as the client's user, first as the button sends it: the answer must be the
    confirmation page, and `state()` unchanged. Then confirmed, as the confirmation page sends
    it: now the action must happen (`state()` changes). Returns both answers."""
    before = state()
    asked = client.post(url, data or {})
    assert asked.status_code == 200, asked.status_code
    assert "core/confirm.html" in [t.name for t in asked.templates]
    html = asked.content.decode()
    assert f'name="{CONFIRMED}" value="yes"' in html and f'action="{url}"' in html
    assert state() == before, "the unconfirmed request changed something"
    done = client.post(url, {**(data or {}), CONFIRMED: "yes"})
    assert state() != before, "the confirmed request did nothing"
    return asked, done


class InlineCode(HTMLParser):
    """Collects what a strict policy refuses: inline styles, scripts and event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            script_url = (value or "").strip().lower().startswith("javascript:")
            if name == "style" or name.startswith("on") or script_url:
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        # A data block (schema.org JSON-LD) is not run, so script-src does not apply to it.
        data_block = values.get("type") == "application/ld+json"
        if tag == "script" and not values.get("src") and not data_block:
            self.found.append("inline <script>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    """What a strict Content-Security-Policy refuses in `html` (see core/tests/test_csp.py)."""
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found
