"""Sending an event's invitations to many municipalities in one step through a real SMTP
server, reminders to those who have not answered (by hand and on reminder dates), the outcome
of each mail (sent, reminded, opened, answered, refused, bounced), and refusals that write
nothing."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teilhabe.events import mailing, services
from teilhabe.events.models import EventMailing, EventReminderDate, Invitation
from teilhabe.network import services as network
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

LINK = re.compile(r"http://testserver/e/([\w-]+)/")


@pytest.fixture
def event(rotenburg, personas):
    """An event in ten days; Zeven's editor bob has an address, Sottrum has a designated
    contact with one, the other eleven municipalities only a contact address each that the
    test sets, except Bothel that has none at all."""
    personas["bob"].email = "bob@zeven.example"
    personas["bob"].save(update_fields=["email"])
    network.save_contact(
        rotenburg,
        {
            "name": "Anna Sottrum",
            "municipality": Municipality.objects.get(ars=SOTTRUM_ARS),
            "email": "anna@sottrum.example",
            "designated": True,
            "consent_date": datetime.date(2026, 3, 14),
            "consent_way": "form",
        },
    )
    day = timezone.localdate() + datetime.timedelta(days=10)
    return services.create_event(rotenburg, {"title": "Netzwerktreffen", "date": day})


def _address_others(event) -> None:
    for invitation in event.invitations.select_related("municipality").filter(contact=None):
        if (
            invitation.municipality.ars != ZEVEN_ARS
            and "Bothel" not in invitation.municipality.name
        ):
            invitation.email = f"kommune-{invitation.municipality.ars}@rotenburg.example"
            invitation.save(update_fields=["email"])


def _send(client, event, kind: str, municipalities=None):
    chosen = municipalities if municipalities is not None else event.district.municipalities.all()
    return client.post(
        reverse("events:event-send", args=[event.pk]),
        {"kind": kind, "municipalities": [m.pk for m in chosen]},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_all_municipalities_are_invited_and_mailed_in_one_step(
    client, personas, event, smtp_server
):
    client.force_login(personas["alice"])
    services.invite(event, all_municipalities=True)
    _address_others(event)
    response = _send(client, event, "link")
    assert "Einladungen an 13 Empfänger werden verschickt." in _messages(response)
    found = EventMailing.objects.get()
    assert (found.total, found.sent, found.failed, found.skipped) == (13, 12, 0, 1)
    to = {r for m in smtp_server.received for r in m.recipients}
    assert {"bob@zeven.example", "anna@sottrum.example"} <= to and len(to) == 12
    message = next(m for m in smtp_server.received if m.recipients == ["anna@sottrum.example"])
    body = message.message.get_body(("plain",)).get_content()
    assert message.message["Subject"].startswith("Einladung: Netzwerktreffen am ")
    assert f"{event.date:%d.%m.%Y}" in body and "Ihren persönlichen Link" in body
    token = LINK.search(body).group(1)
    page = client.get(reverse("events:event-detail", args=[event.pk])).content.decode()
    assert "12 gesendet, 0 vom Mailserver abgelehnt, 1 ohne Adresse" in page
    assert re.search(r"Übersprungen, keine E-Mail-Adresse bekannt:[^<]*Bothel", page)
    # The mailed link opens the answer page, recording the opening, and the answer.
    client.logout()
    assert client.get(reverse("events:rsvp", args=[token])).status_code == 200
    client.post(reverse("events:rsvp", args=[token]), {"rsvp": "yes", "persons": "2"})
    anna = Invitation.objects.get(event=event, contact__name="Anna Sottrum")
    assert anna.sent_at and anna.opened_at and anna.answered_at and anna.rsvp == "yes"


def test_sending_invites_the_chosen_municipalities_not_yet_invited(
    client, personas, event, smtp_server
):
    client.force_login(personas["alice"])
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    _send(client, event, "link", [zeven])
    (invitation,) = Invitation.objects.filter(event=event)
    assert invitation.municipality == zeven and invitation.sent_at is not None
    assert [m.recipients for m in smtp_server.received] == [["bob@zeven.example"]]


def test_a_refused_recipient_is_recorded_and_keeps_its_old_link(
    client, personas, event, smtp_server
):
    tokens = services.invite(event, all_municipalities=True)
    _address_others(event)
    refused = Invitation.objects.exclude(email="").filter(contact=None).first()
    smtp_server.refuse.add(refused.email)
    client.force_login(personas["alice"])
    _send(client, event, "link")
    refused.refresh_from_db()
    assert refused.failed_at is not None and refused.sent_at is None
    assert "550" in refused.failure and "mailbox unknown" in refused.failure
    assert EventMailing.objects.get().failed == 1
    assert services.invitation_for(tokens[refused.pk]) == refused  # old link still works
    page = client.get(reverse("events:event-detail", args=[event.pk])).content.decode()
    assert "fehlgeschlagen" in page and "mailbox unknown" in page


def test_reminders_go_only_to_those_that_have_not_answered(client, personas, event, smtp_server):
    client.force_login(personas["alice"])
    services.invite(event, all_municipalities=True)
    _address_others(event)
    _send(client, event, "link")
    zeven = Invitation.objects.get(event=event, municipality__ars=ZEVEN_ARS)
    services.answer(zeven, "no", 0)
    smtp_server.received.clear()
    response = _send(client, event, "reminder")
    assert "Erinnerungen an 12 Empfänger werden verschickt." in _messages(response)
    assert len(smtp_server.received) == 11  # Bothel has no address
    assert all(m.message["Subject"].startswith("Erinnerung") for m in smtp_server.received)
    assert "bob@zeven.example" not in {r for m in smtp_server.received for r in m.recipients}
    zeven.refresh_from_db()
    assert zeven.reminded_at is None
    assert Invitation.objects.filter(event=event, reminded_at__isnull=False).count() == 11
    only_zeven = _send(client, event, "reminder", [zeven.municipality])
    assert "Alle gewählten Kommunen haben bereits geantwortet" in " ".join(_messages(only_zeven))


@pytest.mark.parametrize("change", ["past", "cancelled"])
def test_a_reminder_for_a_past_or_cancelled_event_is_refused_and_nothing_is_written(
    change, client, personas, event, smtp_server
):
    services.invite(event, all_municipalities=True)
    if change == "past":
        event.date = datetime.date(2026, 4, 30)
    else:
        event.cancelled = True
    event.save()
    client.force_login(personas["alice"])
    before = list(Invitation.objects.values_list("pk", "token_hash", "reminded_at", "sent_at"))
    response = _send(client, event, "reminder")
    expected = (
        "Die Veranstaltung „Netzwerktreffen“ hat am 30.04.2026 stattgefunden: "
        "Es wurde nichts verschickt."
        if change == "past"
        else "Die Veranstaltung „Netzwerktreffen“ wurde abgesagt: Es wurde nichts verschickt."
    )
    assert _messages(response) == [expected]
    sending = _send(client, event, "link", [Municipality.objects.get(ars=ZEVEN_ARS)])
    assert _messages(sending) == [expected]
    added = client.post(
        reverse("events:reminder-add", args=[event.pk]), {"on": "2026-12-20"}, follow=True
    )
    assert _messages(added) == [expected]
    assert not EventMailing.objects.exists() and not EventReminderDate.objects.exists()
    assert smtp_server.received == []
    after = list(Invitation.objects.values_list("pk", "token_hash", "reminded_at", "sent_at"))
    assert after == before


def test_reminder_dates_remind_once_through_the_daily_command(client, personas, event, smtp_server):
    client.force_login(personas["alice"])
    services.invite(event, all_municipalities=True)
    _address_others(event)
    _send(client, event, "link")
    on = timezone.localdate() + datetime.timedelta(days=3)
    added = client.post(
        reverse("events:reminder-add", args=[event.pk]), {"on": on.isoformat()}, follow=True
    )
    assert _messages(added) == [f"Wer noch nicht geantwortet hat, wird am {on:%d.%m.%Y} erinnert."]
    too_late = client.post(
        reverse("events:reminder-add", args=[event.pk]),
        {"on": (event.date + datetime.timedelta(days=1)).isoformat()},
        follow=True,
    )
    assert _messages(too_late) == [
        "Ein Erinnerungstermin muss zwischen heute und dem letzten Tag für Antworten "
        f"({event.date:%d.%m.%Y}) liegen."
    ]
    smtp_server.received.clear()
    assert mailing.shared.remind_due(mailing.CAMPAIGN, on - datetime.timedelta(days=1)) == []
    (started,) = mailing.shared.remind_due(mailing.CAMPAIGN, on)
    started.refresh_from_db()
    assert started.kind == "reminder" and started.sent == 12
    assert len(smtp_server.received) == 12
    assert EventReminderDate.objects.get().done_at is not None
    call_command("send_due_reminders")  # nothing left to do: each date once
    assert len(smtp_server.received) == 12


def test_the_daily_command_covers_events(client, personas, event, smtp_server, capsys):
    services.invite(event, all_municipalities=True)
    _address_others(event)
    EventReminderDate.objects.create(
        event=event, on=timezone.localdate(), base_url="http://testserver/"
    )
    call_command("send_due_reminders")
    out = capsys.readouterr().out
    assert "events: 1 reminder mailing(s) started" in out
    assert len(smtp_server.received) == 12


def test_a_bounce_is_recorded_by_hand_and_the_progress_can_be_polled(
    client, personas, event, smtp_server
):
    client.force_login(personas["alice"])
    _send(client, event, "link")
    anna = Invitation.objects.get(event=event, contact__name="Anna Sottrum")
    client.post(reverse("events:invitation-bounce", args=[anna.pk]), {"note": "Postfach voll"})
    anna.refresh_from_db()
    assert anna.failed_at is not None and anna.failure == "Postfach voll"
    status = reverse("events:mailing-status", args=[EventMailing.objects.get().pk])
    polled = client.get(status, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true" and "13 von 13" in polled.content.decode()


def test_the_event_page_shows_a_running_mailing_that_polls(client, personas, event):
    EventMailing.objects.create(event=event, kind="link", total=13, sent=4)
    client.force_login(personas["alice"])
    page = client.get(reverse("events:event-detail", args=[event.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "4 von 13" in page
    assert "Einladungen werden verschickt …" in page


def test_another_districts_coordinator_can_neither_send_nor_poll(
    client, personas, event, smtp_server
):
    client.force_login(personas["alice"])
    _send(client, event, "link")
    found = EventMailing.objects.get()
    anna = Invitation.objects.get(event=event, contact__name="Anna Sottrum")
    client.force_login(personas["dave"])
    smtp_server.received.clear()
    assert _send(client, event, "reminder").status_code == 404
    assert client.get(reverse("events:mailing-status", args=[found.pk])).status_code == 404
    bounce = client.post(reverse("events:invitation-bounce", args=[anna.pk]))
    assert bounce.status_code == 404
    added = client.post(reverse("events:reminder-add", args=[event.pk]), {"on": "2026-12-20"})
    assert added.status_code == 404
    anna.refresh_from_db()
    assert anna.failed_at is None and EventMailing.objects.count() == 1
    assert not EventReminderDate.objects.exists() and smtp_server.received == []
    # An editor of the district may not send either.
    client.force_login(personas["bob"])
    assert _send(client, event, "reminder").status_code == 403
