"""Fixtures of the accounts tests: the two districts' people for the ownership rules, and the
throw-away directory server for the LDAP tests, with LDAP switched on against it."""

import importlib.util
import os
import shutil
from contextlib import contextmanager

import pytest
from django.test import override_settings

from teilhabe.accounts.models import Membership, Role, User
from teilhabe.accounts.tests.slapd import SLAPD, Slapd
from teilhabe.testing import make_user, require


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    """One OpenLDAP server for the whole test run (starting one takes a fraction of a second,
    but the tests do not change the directory, so one is enough)."""
    require(importlib.util.find_spec("ldap") is not None, "python-ldap (the `ldap` extra)")
    require(SLAPD.exists(), "slapd (Debian package slapd)")
    require(shutil.which("openssl") is not None, "openssl")
    server = Slapd(tmp_path_factory.mktemp("slapd"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def configure_ldap(slapd, monkeypatch):
    """LDAP switched on the way an installation does it: TEILHABE_LDAP_* variables, read by
    settings.ldap_settings(). Use as `with configure_ldap(TEILHABE_LDAP_...="..."):`."""
    from teilhabe.settings import ldap_settings

    @contextmanager
    def configure(**overrides: str):
        with monkeypatch.context() as env:
            for name in [n for n in os.environ if n.startswith("TEILHABE_LDAP_")]:
                env.delenv(name)  # only what the test sets
            for name, value in slapd.environment(**overrides).items():
                env.setenv(name, value)
            values = ldap_settings()
        with override_settings(**values):
            yield slapd

    return configure


@pytest.fixture
def directory(configure_ldap):
    """LDAP on against the test server, with the default settings."""
    with configure_ldap() as server:
        yield server


@pytest.fixture
def people(personas, rotenburg, osterholz) -> dict[str, User]:
    """The personas (erin administers Rotenburg), plus olga, Osterholz's administrator; sam,
    a viewer in both districts; and nora, an account without any role."""
    people = dict(personas)
    people["alice"].email = "alice@rotenburg.example"
    people["alice"].save()
    people["dave"].email = "dave@osterholz.example"
    people["dave"].save()
    people["olga"] = make_user(
        "olga", Role.ADMINISTRATOR, osterholz, email="olga@osterholz.example"
    )
    people["sam"] = make_user("sam", Role.VIEWER, rotenburg, email="sam@example.org")
    Membership.objects.create(user=people["sam"], role=Role.VIEWER, district=osterholz)
    people["nora"] = make_user("nora", None, email="nora@example.org")
    return people


FOREIGN = ["dave", "olga", "nora", "root", "osterholz.example"]  # never on Rotenburg's pages


def logs_in(client, username: str, password: str) -> bool:
    """Through the real login page (axes needs the request), as a person would."""
    from django.urls import reverse

    client.logout()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def without_csrf(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def main_of(html: str) -> str:
    """The page's <main>: what the page says, without the frame around it."""
    return html[html.index("<main") : html.index("</main>")]
