"""Sending a wave's links and reminders in one step through a real SMTP server, the outcome of
each mail (sent, reminded, opened, submitted, refused, bounced), reminder dates, and the
refusals that write nothing."""

import datetime
import re
from importlib.resources import files

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from teilhabe.surveys import mailing, services
from teilhabe.surveys.models import Invitation, Mailing, MailingKind, ReminderDate, Wave
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"
LINK = re.compile(r"http://testserver/s/([\w-]+)/")


def _wave(district, opens: datetime.date, closes: datetime.date) -> Wave:
    version = services.import_questionnaire(district, XLSFORM.read_bytes(), XLSFORM.name)
    wave, _tokens = services.create_wave(
        version, "Herbst 2026", opens, closes, district.municipalities.all()
    )
    return wave


@pytest.fixture
def wave(rotenburg, personas):
    """An open wave for all 13 municipalities: an address for each but Sottrum, whose editor
    has none; Zeven's link goes to its editor bob."""
    today = timezone.localdate()
    wave = _wave(rotenburg, today, today + datetime.timedelta(days=30))
    for invitation in wave.invitations.select_related("municipality"):
        if invitation.municipality.ars not in (ZEVEN_ARS, SOTTRUM_ARS):
            invitation.email = f"kommune-{invitation.municipality.ars}@rotenburg.example"
            invitation.save(update_fields=["email"])
    personas["bob"].email = "bob@zeven.example"
    personas["bob"].save(update_fields=["email"])
    return wave


def _send(client, wave: Wave, kind: str, invitations=None):
    chosen = invitations if invitations is not None else wave.invitations.all()
    return client.post(
        reverse("surveys:wave-send", args=[wave.pk]),
        {"kind": kind, "invitations": [i.pk for i in chosen]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_all_links_go_out_in_one_step_through_a_real_mail_server(
    client, personas, wave, smtp_server
):
    client.force_login(personas["alice"])
    response = _send(client, wave, MailingKind.LINK)
    assert "Links an 13 Kommunen werden verschickt." in _messages(response)
    assert len(smtp_server.received) == 12  # Sottrum has no address
    to = {r for m in smtp_server.received for r in m.recipients}
    assert "bob@zeven.example" in to and len(to) == 12
    mailing_ = Mailing.objects.get()
    assert (mailing_.total, mailing_.sent, mailing_.skipped, mailing_.failed) == (13, 12, 1, 0)
    assert mailing_.finished_at is not None
    zeven = Invitation.objects.get(wave=wave, municipality__ars=ZEVEN_ARS)
    assert zeven.sent_at is not None and zeven.opened_at is None
    assert Invitation.objects.get(wave=wave, municipality__ars=SOTTRUM_ARS).sent_at is None
    # The mailed link opens the questionnaire and records the first opening.
    message = next(m for m in smtp_server.received if m.recipients == ["bob@zeven.example"])
    body = message.message.get_body(("plain",)).get_content()
    assert "Samtgemeinde Zeven" in body and message.message["Subject"].startswith("Fragebogen")
    token = LINK.search(body).group(1)
    assert client.get(reverse("surveys:answer-by-link", args=[token])).status_code == 200
    zeven.refresh_from_db()
    assert zeven.opened_at is not None
    page = client.get(reverse("surveys:wave-detail", args=[wave.pk])).content.decode()
    assert "12 gesendet, 0 vom Mailserver abgelehnt, 1 ohne Adresse" in page


def test_a_refused_recipient_is_recorded_and_keeps_its_old_link(
    client, personas, rotenburg, smtp_server
):
    today = timezone.localdate()
    version = services.import_questionnaire(rotenburg, XLSFORM.read_bytes(), XLSFORM.name)
    wave, tokens = services.create_wave(
        version, "Herbst 2026", today, today, rotenburg.municipalities.all()
    )
    zeven = Invitation.objects.get(wave=wave, municipality__ars=ZEVEN_ARS)
    zeven.email = "niemand@zeven.example"
    zeven.save(update_fields=["email"])
    smtp_server.refuse.add("niemand@zeven.example")
    client.force_login(personas["alice"])
    _send(client, wave, MailingKind.LINK, [zeven])
    zeven.refresh_from_db()
    assert zeven.failed_at is not None and zeven.sent_at is None
    assert "550" in zeven.failure and "mailbox unknown" in zeven.failure
    assert Mailing.objects.get().failed == 1 and smtp_server.received == []
    old = tokens[zeven.municipality_id]
    assert client.get(reverse("surveys:answer-by-link", args=[old])).status_code == 200
    page = client.get(reverse("surveys:wave-detail", args=[wave.pk])).content.decode()
    assert "fehlgeschlagen" in page and "mailbox unknown" in page


def test_reminders_go_only_to_those_that_have_not_submitted(client, personas, wave, smtp_server):

    client.force_login(personas["alice"])
    _send(client, wave, MailingKind.LINK)
    submitted = Invitation.objects.select_related("response").get(
        wave=wave, municipality__ars=ZEVEN_ARS
    )
    response = submitted.response
    response.status = "submitted"
    response.submitted_at = timezone.now()
    response.save()
    smtp_server.received.clear()
    answer = _send(client, wave, MailingKind.REMINDER)
    assert "Erinnerungen an 12 Kommunen werden verschickt." in _messages(answer)
    assert len(smtp_server.received) == 11  # 12 not submitted, Sottrum without an address
    assert all(m.message["Subject"].startswith("Erinnerung") for m in smtp_server.received)
    assert "bob@zeven.example" not in {r for m in smtp_server.received for r in m.recipients}
    submitted.refresh_from_db()
    assert submitted.reminded_at is None
    others = Invitation.objects.filter(wave=wave, reminded_at__isnull=False)
    assert others.count() == 11
    only_zeven = _send(client, wave, MailingKind.REMINDER, [submitted])
    assert "Alle gewählten Kommunen haben bereits geantwortet" in " ".join(_messages(only_zeven))


def test_a_reminder_for_a_closed_wave_is_refused_and_nothing_is_written(
    client, personas, rotenburg, smtp_server
):
    wave = _wave(rotenburg, datetime.date(2026, 3, 2), datetime.date(2026, 4, 30))
    client.force_login(personas["alice"])
    before = list(Invitation.objects.values_list("pk", "token_hash", "reminded_at", "sent_at"))
    response = _send(client, wave, MailingKind.REMINDER)
    assert _messages(response) == [
        "Die Erhebungsrunde „Herbst 2026“ wurde am 30.04.2026 geschlossen: "
        "Es wurde nichts verschickt."
    ]
    add = client.post(
        reverse("surveys:reminder-add", args=[wave.pk]), {"on": "2026-12-20"}, follow=True
    )
    assert "geschlossen" in _messages(add)[0]
    assert not Mailing.objects.exists() and not ReminderDate.objects.exists()
    assert smtp_server.received == []
    assert list(Invitation.objects.values_list("pk", "token_hash", "reminded_at", "sent_at")) == (
        before
    )


def test_reminder_dates_remind_once_on_their_day(client, personas, wave, smtp_server):
    client.force_login(personas["alice"])
    on = timezone.localdate() + datetime.timedelta(days=7)
    added = client.post(
        reverse("surveys:reminder-add", args=[wave.pk]), {"on": on.isoformat()}, follow=True
    )
    assert _messages(added) == [f"Wer noch nicht geantwortet hat, wird am {on:%d.%m.%Y} erinnert."]
    date = ReminderDate.objects.get()
    assert date.base_url == "http://testserver/"
    assert mailing.remind_due(on - datetime.timedelta(days=1)) == []
    (started,) = mailing.remind_due(on)
    started.refresh_from_db()
    assert started.kind == MailingKind.REMINDER and started.sent == 12
    assert mailing.remind_due(on) == []  # each date once
    assert len(smtp_server.received) == 12
    date.refresh_from_db()
    assert date.done_at is not None
    too_late = wave.closes + datetime.timedelta(days=1)
    refused = client.post(
        reverse("surveys:reminder-add", args=[wave.pk]), {"on": too_late.isoformat()}, follow=True
    )
    assert _messages(refused) == [
        "Ein Erinnerungstermin muss zwischen heute und dem letzten Tag der Erhebungsrunde "
        f"({wave.closes:%d.%m.%Y}) liegen."
    ]
    assert ReminderDate.objects.count() == 1


def test_a_bounce_is_recorded_by_hand_and_the_progress_can_be_polled(
    client, personas, wave, smtp_server
):
    client.force_login(personas["alice"])
    _send(client, wave, MailingKind.LINK)
    zeven = Invitation.objects.get(wave=wave, municipality__ars=ZEVEN_ARS)
    client.post(reverse("surveys:invitation-bounce", args=[zeven.pk]), {"note": "Postfach voll"})
    zeven.refresh_from_db()
    assert zeven.failed_at is not None and zeven.failure == "Postfach voll"
    status = reverse("surveys:mailing-status", args=[Mailing.objects.get().pk])
    polled = client.get(status, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    assert "13 von 13" in polled.content.decode()


def test_the_wave_page_shows_a_running_mailing_that_polls(client, personas, wave):
    Mailing.objects.create(wave=wave, kind=MailingKind.LINK, total=13, sent=4)
    client.force_login(personas["alice"])
    page = client.get(reverse("surveys:wave-detail", args=[wave.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "4 von 13" in page
    status = client.get(reverse("surveys:mailing-status", args=[Mailing.objects.get().pk]))
    assert "HX-Refresh" not in status
