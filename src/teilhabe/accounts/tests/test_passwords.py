"""'Passwort vergessen?' for everyone, never revealing whether an address has an account, and
changing one's own password on the profile page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from teilhabe.accounts.tests.conftest import logs_in, without_csrf

pytestmark = pytest.mark.django_db


def reset(client, email: str):
    return client.post(reverse("accounts:password-reset"), {"email": email}, follow=True)


def test_the_answer_does_not_tell_whether_the_address_exists(client, people):
    known = reset(client, "alice@rotenburg.example")
    unknown = reset(client, "niemand@example.org")
    assert known.redirect_chain == unknown.redirect_chain
    assert without_csrf(known.content.decode()) == without_csrf(unknown.content.decode())
    assert [m.to for m in mail.outbox] == [["alice@rotenburg.example"]]


def test_the_link_sets_a_new_password_once(client, people):
    reset(client, "Alice@Rotenburg.example")  # addresses are compared without case
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    password = "Neues-Passwort-für-Alice"
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert logs_in(client, "alice", password)
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "nicht gültig" in again


def test_deactivated_and_directory_accounts_get_no_mail(client, people):
    alice = people["alice"]
    alice.is_active = False
    alice.save()
    dave = people["dave"]
    dave.set_unusable_password()
    dave.save()
    reset(client, alice.email)
    reset(client, dave.email)
    assert mail.outbox == []


def test_one_changes_ones_own_password_knowing_the_old_one(client, people):
    alice = people["alice"]
    client.force_login(alice)
    url = reverse("accounts:password-change")
    new = "Noch-ein-neues-Passwort-2026"
    response = client.post(
        url, {"old_password": "falsch", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    response = client.post(
        url,
        {"old_password": "alice-pw-Teilhabe-2026", "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "Ihr Passwort wurde geändert" in response.content.decode()
    client.logout()
    assert logs_in(client, "alice", new)
