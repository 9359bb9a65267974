"""TEILHABE_LDAP_* variables: what they switch on, and the clear stop on a wrong value."""

import importlib.util
import os
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

import teilhabe.settings
from teilhabe.settings import ldap_settings
from teilhabe.testing import require

require(importlib.util.find_spec("django_auth_ldap") is not None, "django-auth-ldap (`ldap` extra)")

OPENLDAP = {
    "TEILHABE_LDAP_URI": "ldap://ldap.lk-row.example:389",
    "TEILHABE_LDAP_START_TLS": "1",
    "TEILHABE_LDAP_BIND_DN": "cn=teilhabe,ou=services,dc=lk-row,dc=example",
    "TEILHABE_LDAP_BIND_PASSWORD": "geheim",
    "TEILHABE_LDAP_USER_BASE": "ou=people,dc=lk-row,dc=example",
}
AD_FILTER = "(&(sAMAccountName=%(user)s)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"
ACTIVE_DIRECTORY = {
    "TEILHABE_LDAP_URI": "ldaps://dc1.lk-row.local ldaps://dc2.lk-row.local",
    "TEILHABE_LDAP_BIND_DN": "svc-teilhabe@lk-row.local",
    "TEILHABE_LDAP_BIND_PASSWORD": "geheim",
    "TEILHABE_LDAP_USER_BASE": "OU=Mitarbeitende,DC=lk-row,DC=local",
    # the README's: also leaves out accounts disabled in AD
    "TEILHABE_LDAP_USER_FILTER": AD_FILTER,
}


@pytest.fixture
def environment(monkeypatch):
    """Sets exactly the given TEILHABE_LDAP_* variables and reads the settings from them."""

    def read(values: dict[str, str]) -> dict[str, object]:
        for name in [n for n in os.environ if n.startswith("TEILHABE_LDAP_")]:
            monkeypatch.delenv(name)
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return ldap_settings()

    return read


def test_without_a_uri_nothing_changes(environment):
    assert environment({}) == {}
    assert environment({"TEILHABE_LDAP_USER_BASE": "ou=people,dc=x"}) == {}


def test_openldap_example_with_the_defaults(environment):
    found = environment(OPENLDAP)
    assert found["AUTHENTICATION_BACKENDS"] == [
        "axes.backends.AxesStandaloneBackend",
        "teilhabe.accounts.ldap.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert found["AUTH_LDAP_START_TLS"] is True
    assert found["AUTH_LDAP_USER_SEARCH"].filterstr == "(uid=%(user)s)"
    assert found["AUTH_LDAP_USER_SEARCH"].base_dn == "ou=people,dc=lk-row,dc=example"
    assert found["AUTH_LDAP_USER_ATTR_MAP"] == {
        "first_name": "givenName",
        "last_name": "sn",
        "email": "mail",
    }
    assert found["AXES_USERNAME_CALLABLE"] == "teilhabe.accounts.ldap.lockout_username"


def test_active_directory_example(environment):
    found = environment(ACTIVE_DIRECTORY)
    assert found["AUTH_LDAP_SERVER_URI"] == "ldaps://dc1.lk-row.local ldaps://dc2.lk-row.local"
    assert found["AUTH_LDAP_BIND_DN"] == "svc-teilhabe@lk-row.local"
    assert found["AUTH_LDAP_USER_SEARCH"].filterstr == AD_FILTER


def test_the_attribute_map_can_be_changed(environment):
    found = environment({**OPENLDAP, "TEILHABE_LDAP_ATTR_EMAIL": "userPrincipalName"})
    assert found["AUTH_LDAP_USER_ATTR_MAP"]["email"] == "userPrincipalName"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TEILHABE_LDAP_URI", "https://ldap.lk-row.example"),
        ("TEILHABE_LDAP_URI", "ldap://"),
        ("TEILHABE_LDAP_URI", "ldap://ldap.lk-row.example:zweihundert"),
        ("TEILHABE_LDAP_URI", "ldap://ldap.lk-row.example/ou=people"),
        ("TEILHABE_LDAP_START_TLS", "vielleicht"),
        ("TEILHABE_LDAP_BIND_DN", "teilhabe"),
        ("TEILHABE_LDAP_BIND_PASSWORD", ""),
        ("TEILHABE_LDAP_USER_BASE", ""),
        ("TEILHABE_LDAP_USER_BASE", "people"),
        ("TEILHABE_LDAP_USER_BASE", "svc@lk-row.local"),
        ("TEILHABE_LDAP_USER_FILTER", "uid=%(user)s"),
        ("TEILHABE_LDAP_USER_FILTER", "(uid=%(name)s)"),
        ("TEILHABE_LDAP_USER_FILTER", "(uid=*)"),
        ("TEILHABE_LDAP_USER_FILTER", "(uid=%(user)s%)"),
        ("TEILHABE_LDAP_ATTR_FIRST_NAME", "given name"),
        ("TEILHABE_LDAP_CA_FILE", "/nicht/da.pem"),
        ("TEILHABE_LDAP_TIMEOUT", "0"),
        ("TEILHABE_LDAP_TIMEOUT", "fünf"),
    ],
)
def test_a_wrong_value_stops_the_start_naming_the_variable(environment, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        environment({**OPENLDAP, name: value})


def test_start_tls_does_not_go_with_ldaps(environment):
    with pytest.raises(ImproperlyConfigured, match="START_TLS"):
        environment({**ACTIVE_DIRECTORY, "TEILHABE_LDAP_START_TLS": "1"})


def test_production_refuses_passwords_in_clear_text_over_the_network(environment, monkeypatch):
    monkeypatch.setattr(teilhabe.settings, "PRODUCTION", True)
    plain = {**OPENLDAP, "TEILHABE_LDAP_START_TLS": "0"}
    with pytest.raises(ImproperlyConfigured, match="unencrypted"):
        environment(plain)
    assert environment(OPENLDAP)["AUTH_LDAP_START_TLS"] is True
    assert environment(ACTIVE_DIRECTORY)
    assert environment({**plain, "TEILHABE_LDAP_URI": "ldap://127.0.0.1:389"})  # same machine


def test_a_missing_ldap_extra_is_named(environment, monkeypatch):
    monkeypatch.setitem(sys.modules, "django_auth_ldap.config", None)  # import fails
    with pytest.raises(ImproperlyConfigured, match="`ldap` extra"):
        environment(OPENLDAP)
