"""The throw-away directory server for the LDAP tests, and LDAP switched on against it."""

import importlib.util
import os
import shutil
from contextlib import contextmanager

import pytest
from django.test import override_settings

from teilhabe.accounts.tests.slapd import SLAPD, Slapd
from teilhabe.core.testing import require


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
