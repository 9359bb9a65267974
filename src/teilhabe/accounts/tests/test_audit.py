"""The administration log, kept per district: logins (good and bad), invitations, roles and
deactivations, with who, when and from which address – the real client's, behind the
configured proxies, never one the client chose."""

import pytest
from django.test import override_settings
from django.urls import reverse

from teilhabe.accounts.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def login(client, username, password, **headers):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **headers
    )


def test_logins_and_failures_land_in_the_accounts_own_district(client, people):
    login(client, "alice", "alice-pw-Teilhabe-2026", REMOTE_ADDR="192.0.2.10")
    client.logout()
    login(client, "dave", "falsch", REMOTE_ADDR="198.51.100.7")
    login(client, "gibt-es-nicht", "falsch")
    rotenburg = AuditEvent.objects.filter(district__ags="03357")
    osterholz = AuditEvent.objects.filter(district__ags="03356")
    assert list(rotenburg.values_list("action", "subject_name", "ip_address")) == [
        (AuditAction.LOGIN, "alice", "192.0.2.10")
    ]
    assert list(osterholz.values_list("action", "subject_name", "ip_address")) == [
        (AuditAction.LOGIN_FAILED, "dave", "198.51.100.7")
    ]
    unknown = AuditEvent.objects.get(district=None, action=AuditAction.LOGIN_FAILED)
    assert unknown.subject_name == "gibt-es-nicht"


def test_the_log_page_shows_only_the_districts_entries(client, people):
    login(client, "dave", "falsch")
    login(client, "bob", "falsch")
    client.force_login(people["erin"])
    page = client.get(reverse("accounts:audit-log", args=["03357"])).content.decode()
    assert "Fehlgeschlagene Anmeldung" in page and "bob" in page
    assert "dave" not in page


def test_administrative_changes_are_logged_with_actor_and_role(client, people):
    client.force_login(people["erin"])
    bob = people["bob"]
    client.post(reverse("accounts:role-add", args=["03357", bob.pk]), {"role": "viewer"})
    client.post(reverse("accounts:deactivate", args=["03357", bob.pk]), {"confirmed": "yes"})
    events = AuditEvent.objects.filter(district__ags="03357", actor=people["erin"]).exclude(
        action=AuditAction.LOGIN
    )
    assert list(events.order_by("pk").values_list("action", "subject_name", "role")) == [
        (AuditAction.ROLE_GIVEN, "bob", "viewer"),
        (AuditAction.DEACTIVATED, "bob", ""),
    ]


def test_forwarded_addresses_count_only_behind_the_configured_proxies(client, people):
    forged = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.99, 192.0.2.44"}
    login(client, "alice", "falsch", **forged)  # no proxy configured: the peer is the client
    with override_settings(TEILHABE_TRUSTED_PROXIES=1):
        login(client, "alice", "falsch", **forged)  # the proxy saw 192.0.2.44
    with override_settings(TEILHABE_TRUSTED_PROXIES=2):
        login(client, "alice", "falsch", **{**forged, "HTTP_X_FORWARDED_FOR": "x, 192.0.2.44"})
    addresses = AuditEvent.objects.order_by("pk").values_list("ip_address", flat=True)
    assert list(addresses) == ["10.0.0.2", "192.0.2.44", "10.0.0.2"]


@override_settings(TEILHABE_TRUSTED_PROXIES=1)
def test_behind_a_proxy_one_attacker_cannot_lock_out_the_user(client, people):
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for _ in range(6):
        login(client, "alice", "falsch", **attacker)
    assert login(client, "alice", "alice-pw-Teilhabe-2026", **attacker).status_code == 429
    # Faking another address in front does not help the attacker: the proxy's entry counts.
    spoofed = {**attacker, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 203.0.113.5"}
    assert login(client, "alice", "alice-pw-Teilhabe-2026", **spoofed).status_code == 429
    # Alice, from her own address behind the same proxy, still gets in.
    alice = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.80"}
    assert login(client, "alice", "alice-pw-Teilhabe-2026", **alice).status_code == 302
