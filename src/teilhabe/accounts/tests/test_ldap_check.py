"""`teilhabe manage ldap_check NAME` against the real test directory (conftest.py)."""

import importlib.util
import io

import pytest
from django.core.management import CommandError, call_command

from teilhabe.accounts.models import Role
from teilhabe.accounts.tests.slapd import PEOPLE_DN, free_port
from teilhabe.testing import make_user, require

require(importlib.util.find_spec("django_auth_ldap") is not None, "django-auth-ldap (`ldap` extra)")

pytestmark = pytest.mark.django_db


def check(username: str) -> str:
    out = io.StringIO()
    call_command("ldap_check", username, stdout=out)
    return out.getvalue()


def test_a_directory_user_is_found_with_the_values_teilhabe_would_take(directory):
    output = check("juergen")
    assert f"Verzeichnis: {directory.uri}" in output
    assert f"Gefunden: uid=juergen,{PEOPLE_DN}" in output
    assert "Vorname: Jürgen · Nachname: Weiß · E-Mail: juergen.weiss@lk-row.example" in output
    assert "noch kein Konto" in output  # the first login creates one, without a role


def test_a_local_account_of_the_same_name_is_reported_as_refused(directory, rotenburg):
    make_user("alice", Role.COORDINATOR, rotenburg)
    output = check("alice")
    assert "Gefunden: uid=alice" in output
    assert "„alice“ ist ein lokales Konto" in output


def test_an_unknown_name_is_an_error_that_says_where_it_searched(directory):
    with pytest.raises(
        CommandError, match=f"„niemand“ wurde im Verzeichnis nicht gefunden.*{PEOPLE_DN}"
    ):
        check("niemand")


def test_over_tls_with_the_ca_file(configure_ldap, slapd):
    with configure_ldap(TEILHABE_LDAP_URI=slapd.ldaps_uri, TEILHABE_LDAP_CA_FILE=slapd.ca_file):
        assert "Gefunden: uid=anna" in check("anna")


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"TEILHABE_LDAP_BIND_PASSWORD": "falsch"}, "Invalid credentials"),
        ({"TEILHABE_LDAP_URI": "ldap://127.0.0.1:{port}"}, "Can't contact LDAP server"),
        ({"TEILHABE_LDAP_START_TLS": "1"}, "Connect error"),  # certificate not trusted
    ],
)
def test_a_directory_that_cannot_be_searched_is_an_error_with_the_reason(
    configure_ldap, overrides, reason
):
    overrides = {k: v.format(port=free_port()) for k, v in overrides.items()}
    with (
        configure_ldap(**overrides),
        pytest.raises(
            CommandError, match=f"Das Verzeichnis konnte nicht durchsucht werden: .*{reason}"
        ),
    ):
        check("anna")


def test_without_ldap_configured_it_says_so(db):
    with pytest.raises(CommandError, match="TEILHABE_LDAP_URI"):
        check("anna")
