"""Invitations: the administrator invites an address and learns nothing about it; the person
accepts from the mailed link with their own account or a new one; the link works once."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from teilhabe.accounts.models import Invitation, User
from teilhabe.accounts.tests.conftest import logs_in, main_of

pytestmark = pytest.mark.django_db


def invite(client, admin, email: str, role: str = "coordinator", ags: str = "03357"):
    client.force_login(admin)
    return client.post(
        reverse("accounts:invite", args=[ags]), {"email": email, "role": role}, follow=True
    )


def mailed_link(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, people):
    known = invite(client, people["erin"], "dave@osterholz.example")
    unknown = invite(client, people["erin"], "niemand@example.org")
    assert known.status_code == unknown.status_code == 200

    def message(response, email):
        html = response.content.decode()
        return html[html.index('<div class="site-messages">') : html.index("<h2")].replace(
            email, "ADDRESS"
        )

    assert known.redirect_chain == unknown.redirect_chain
    assert message(known, "dave@osterholz.example") == message(unknown, "niemand@example.org")
    assert len(mail.outbox) == 2  # both get a mail; nothing tells the two apart
    assert not people["dave"].memberships.filter(district__ags="03357").exists()


def test_a_new_person_chooses_a_password_and_is_in(client, people):
    invite(client, people["erin"], "neu@rotenburg.example")
    (message,) = mail.outbox
    assert message.to == ["neu@rotenburg.example"]
    assert "Koordination" in message.body and "Rotenburg" in message.body
    link = mailed_link(message)
    client.logout()
    page = client.get(link).content.decode()
    assert "Konto anlegen" in page
    response = client.post(
        link,
        {
            "action": "create",
            "username": "neu@rotenburg.example",
            "first_name": "Nele",
            "last_name": "Neu",
            "password": "kurz",
            "password_again": "kurz",
        },
    )
    assert "mindestens 12 Zeichen" in response.content.decode()  # Django's German validators
    assert not User.objects.filter(username="neu@rotenburg.example").exists()
    password = "Sprachcafé-Zeven-2026"
    response = client.post(
        link,
        {
            "action": "create",
            "username": "neu@rotenburg.example",
            "first_name": "Nele",
            "last_name": "Neu",
            "password": password,
            "password_again": password,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="neu@rotenburg.example")
    assert user.email == "neu@rotenburg.example"
    assert list(user.memberships.values_list("role", "district__ags")) == [("coordinator", "03357")]
    client.logout()
    assert logs_in(client, "neu@rotenburg.example", password)
    assert client.get(link).status_code == 404  # the link worked once


def test_another_districts_person_gets_the_role_only_by_accepting(client, people):
    dave = people["dave"]
    invite(client, people["erin"], dave.email, role="viewer")
    link = mailed_link(mail.outbox[0])
    client.logout()
    page = client.get(link).content.decode()
    assert "Anmelden und annehmen" in page and "Konto anlegen" not in page
    assert (
        client.post(
            link, {"action": "create", "username": "x", "password": "a", "password_again": "a"}
        ).status_code
        == 200
    )
    assert not User.objects.filter(username="x").exists()
    client.force_login(dave)
    client.post(link, {"action": "accept"})
    roles = set(dave.memberships.values_list("role", "district__ags"))
    assert roles == {("coordinator", "03356"), ("viewer", "03357")}
    # Erin now sees dave, but cannot change the account as a whole: it is not hers alone.
    client.force_login(people["erin"])
    client.post(reverse("accounts:deactivate", args=["03357", dave.pk]), {"confirmed": "yes"})
    dave.refresh_from_db()
    assert dave.is_active


def test_a_used_withdrawn_or_expired_link_is_refused_alike(client, people):
    invite(client, people["erin"], "a@example.org")
    invite(client, people["erin"], "b@example.org")
    invite(client, people["erin"], "c@example.org")
    links = [mailed_link(m) for m in mail.outbox]
    client.force_login(people["sam"])
    client.post(links[0], {"action": "accept"})
    client.force_login(people["erin"])
    withdrawn = Invitation.objects.get(email="b@example.org")
    client.post(
        reverse("accounts:invitation-withdraw", args=["03357", withdrawn.pk]), {"confirmed": "yes"}
    )
    Invitation.objects.filter(email="c@example.org").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    client.force_login(people["nora"])
    client.get(reverse("accounts:profile"))  # shows (and so clears) the messages of the others
    pages = set()
    for link in [*links, "/accounts/invitation/erfunden/"]:
        response = client.get(link)
        assert response.status_code == 404
        pages.add(main_of(response.content.decode()))
        client.post(link, {"action": "accept"})
    assert len(pages) == 1
    assert not people["nora"].memberships.exists()


def test_sending_again_makes_a_new_link(client, people):
    invite(client, people["erin"], "a@example.org")
    old = mailed_link(mail.outbox[0])
    invitation = Invitation.objects.get()
    resend = reverse("accounts:invitation-resend", args=["03357", invitation.pk])
    page = client.post(resend).content.decode()  # asks first: the old link would stop working
    assert "erneut senden?" in page and len(mail.outbox) == 1
    client.post(resend, {"confirmed": "yes"})
    new = mailed_link(mail.outbox[1])
    assert old != new
    client.force_login(people["nora"])
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_invitations_of_another_district_cannot_be_touched(client, people):
    invite(client, people["olga"], "x@osterholz.example", ags="03356")
    invitation = Invitation.objects.get()
    client.force_login(people["erin"])
    for name in ("accounts:invitation-withdraw", "accounts:invitation-resend"):
        for ags in ("03357", "03356"):
            response = client.post(reverse(name, args=[ags, invitation.pk]), {"confirmed": "yes"})
            assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    page = client.get(reverse("accounts:administration", args=["03357"])).content.decode()
    assert "x@osterholz.example" not in page
