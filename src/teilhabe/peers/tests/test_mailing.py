"""Sending the requests of proposed tandems to both sides in one step through a real SMTP
server, reminders to the sides that have not confirmed (by hand and on reminder dates), what
became of each request (sent, reminded, opened, confirmed, refused, bounced), and refusals."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teilhabe.accounts.models import Role
from teilhabe.inventory.models import Category
from teilhabe.peers import mailing, services
from teilhabe.peers.models import TandemMailing, TandemReminderDate, TandemRequest
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_user

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/tandems/(\d+)/")


@pytest.fixture
def tandems(rotenburg, personas):
    """Sottrum helps Zeven with language; Gnarrenburg helps Bothel, which has no editor with
    an address. Zeven's editor is bob, Sottrum's and Gnarrenburg's are made here."""
    personas["bob"].email = "bob@zeven.example"
    personas["bob"].save(update_fields=["email"])
    by_name = {m.name: m for m in rotenburg.municipalities.all()}
    sottrum, zeven = (Municipality.objects.get(ars=a) for a in (SOTTRUM_ARS, ZEVEN_ARS))
    gnarrenburg, bothel = by_name["Gnarrenburg"], by_name["Samtgemeinde Bothel"]
    make_user("sina", Role.EDITOR, rotenburg, sottrum, email="sina@sottrum.example")
    make_user("gero", Role.EDITOR, rotenburg, gnarrenburg, email="gero@gnarrenburg.example")
    language = Category.objects.get(district=rotenburg, key="language")
    return [
        services.propose(zeven, language, sottrum, None),
        services.propose(bothel, language, gnarrenburg, None),
    ]


def _send(client, district, kind: str, chosen):
    return client.post(
        reverse("peers:tandem-send", args=[district.ags]),
        {"kind": kind, "tandems": [t.pk for t in chosen]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_both_sides_of_each_tandem_are_asked_in_one_step(
    client, personas, rotenburg, tandems, smtp_server
):
    client.force_login(personas["alice"])
    response = _send(client, rotenburg, "link", tandems)
    assert "Tandem-Anfragen an 4 Seiten werden verschickt." in _messages(response)
    found = TandemMailing.objects.get()
    assert (found.total, found.sent, found.failed, found.skipped) == (4, 3, 0, 1)
    to = sorted(r for m in smtp_server.received for r in m.recipients)
    assert to == ["bob@zeven.example", "gero@gnarrenburg.example", "sina@sottrum.example"]
    mail = next(m for m in smtp_server.received if m.recipients == ["bob@zeven.example"])
    text = mail.message.get_body(("plain",)).get_content()
    assert mail.message["Subject"] == "Tandem-Anfrage im Handlungsfeld Sprache"
    assert "Samtgemeinde Zeven würde von den Erfahrungen von Samtgemeinde Sottrum lernen" in text
    assert LINK.search(text).group(1) == str(tandems[0].pk)
    page = client.get(reverse("peers:overview", args=[rotenburg.ags])).content.decode()
    assert "3 gesendet, 0 vom Mailserver abgelehnt, 1 ohne Adresse" in page
    assert re.search(r"Übersprungen, keine E-Mail-Adresse bekannt:[^<]*Bothel", page)
    # Zeven's editor opens the tandem's page and confirms: opened, then answered.
    client.force_login(personas["bob"])
    client.get(reverse("peers:tandem-detail", args=[tandems[0].pk]))
    client.post(reverse("peers:tandem-confirm", args=[tandems[0].pk, "receiver"]))
    zeven = TandemRequest.objects.get(tandem=tandems[0], side="receiver")
    assert zeven.sent_at and zeven.opened_at and zeven.confirmed_at
    assert TandemRequest.objects.get(tandem=tandems[0], side="giver").opened_at is None
    client.force_login(personas["alice"])
    detail = client.get(reverse("peers:tandem-detail", args=[tandems[0].pk])).content.decode()
    assert "an den Mailserver übergeben" in detail


def test_reminders_go_only_to_the_sides_that_have_not_confirmed(
    client, personas, rotenburg, tandems, smtp_server
):
    client.force_login(personas["alice"])
    _send(client, rotenburg, "link", tandems)
    services.confirm(tandems[0], "receiver")
    smtp_server.received.clear()
    response = _send(client, rotenburg, "reminder", tandems)
    assert "Erinnerungen an 3 Kommunen werden verschickt." in _messages(response)
    assert sorted(r for m in smtp_server.received for r in m.recipients) == [
        "gero@gnarrenburg.example",
        "sina@sottrum.example",
    ]
    assert all(m.message["Subject"].startswith("Erinnerung") for m in smtp_server.received)
    assert TandemRequest.objects.get(tandem=tandems[0], side="receiver").reminded_at is None


def test_a_refused_address_and_a_bounce_are_recorded(
    client, personas, rotenburg, tandems, smtp_server
):
    smtp_server.refuse.add("sina@sottrum.example")
    client.force_login(personas["alice"])
    _send(client, rotenburg, "link", tandems[:1])
    sottrum = TandemRequest.objects.get(tandem=tandems[0], side="giver")
    assert sottrum.failed_at and "mailbox unknown" in sottrum.failure and not sottrum.sent_at
    zeven = TandemRequest.objects.get(tandem=tandems[0], side="receiver")
    client.post(reverse("peers:request-bounce", args=[zeven.pk]), {"note": "Postfach voll"})
    zeven.refresh_from_db()
    assert zeven.failure == "Postfach voll" and zeven.failed_at is not None
    page = client.get(reverse("peers:tandem-detail", args=[tandems[0].pk])).content.decode()
    assert "fehlgeschlagen" in page and "Postfach voll" in page


def test_a_tandem_no_longer_proposed_is_refused_and_nothing_written(
    client, personas, rotenburg, tandems, smtp_server
):
    services.set_status(tandems[0], "cancelled")
    client.force_login(personas["alice"])
    response = _send(client, rotenburg, "link", tandems[:1])
    assert _messages(response) == ["Bitte wählen Sie mindestens ein vorgeschlagenes Tandem."]
    assert not TandemRequest.objects.exists() and not TandemMailing.objects.exists()
    assert smtp_server.received == []


def test_reminder_dates_remind_once_through_the_daily_command(
    client, personas, rotenburg, tandems, smtp_server, capsys
):
    client.force_login(personas["alice"])
    _send(client, rotenburg, "link", tandems)
    on = timezone.localdate()
    added = client.post(
        reverse("peers:reminder-add", args=[rotenburg.ags]), {"on": on.isoformat()}, follow=True
    )
    assert _messages(added) == [f"Wer noch nicht geantwortet hat, wird am {on:%d.%m.%Y} erinnert."]
    too_late = on + datetime.timedelta(days=mailing.REMIND_WITHIN + 1)
    refused = client.post(
        reverse("peers:reminder-add", args=[rotenburg.ags]),
        {"on": too_late.isoformat()},
        follow=True,
    )
    assert "Ein Erinnerungstermin muss zwischen heute und dem" in _messages(refused)[0]
    smtp_server.received.clear()
    call_command("send_due_reminders")
    assert "peers: 1 reminder mailing(s) started" in capsys.readouterr().out
    assert len(smtp_server.received) == 3
    assert TandemReminderDate.objects.get().done_at is not None
    call_command("send_due_reminders")
    assert "peers: 0 reminder mailing(s) started" in capsys.readouterr().out


def test_another_district_can_neither_send_nor_see_the_requests(
    client, personas, rotenburg, osterholz, tandems, smtp_server
):
    client.force_login(personas["alice"])
    _send(client, rotenburg, "link", tandems)
    found = TandemMailing.objects.get()
    request = TandemRequest.objects.filter(sent_at__isnull=False).first()
    smtp_server.received.clear()
    client.force_login(personas["dave"])
    assert _send(client, rotenburg, "reminder", tandems).status_code == 404
    # Rotenburg's tandems sent from Osterholz's page are not among its choices.
    refused = _send(client, osterholz, "reminder", tandems)
    assert _messages(refused)[0].startswith("Bitte eine gültige Auswahl treffen.")
    assert client.get(reverse("peers:mailing-status", args=[found.pk])).status_code == 404
    assert client.post(reverse("peers:request-bounce", args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.failed_at is None and TandemMailing.objects.count() == 1
    assert smtp_server.received == []
