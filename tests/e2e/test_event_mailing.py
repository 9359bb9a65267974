"""Sending an event's invitations to all 13 municipalities in one step and reminding those
that have not answered, in Chromium with the example data of `teilhabe up --demo`: the mails go
through a real SMTP server (one address is refused), the task runs in the database queue's
worker while the page polls its progress, and each row shows what became of its mail. axe-core
on every state; screenshots to $TEILHABE_SCREENSHOTS when set, the mail read as text beside them."""

import pytest
from django.utils import timezone
from e2e_helpers import de, login, look, run_worker, screenshots
from playwright.sync_api import Page, expect

from teilhabe.events.models import Event, Invitation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MEETING = "Netzwerktreffen Ehrenamt (Beispieldaten)"


def test_invite_all_municipalities_in_one_step_and_remind_those_not_answered(
    page: Page, live_server, personas, demo, smtp_server, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    event = Event.objects.get(title=MEETING)
    assert not event.invitations.exists()  # nobody is invited to the meeting yet
    smtp_server.refuse.add("kontakt1@example.org")  # the first municipality by name
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/events/{event.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(MEETING)
    choose = page.locator("input[name=municipalities]")
    expect(choose).to_have_count(13)
    for box in choose.all():
        expect(box).to_be_checked()
    look(page, "event-mailing-01-event")

    # All 13 in one step: invited and queued, the page polls while the worker sends.
    page.get_by_role("button", name=de("Send invitations to the chosen")).click()
    expect(page.locator("main")).to_contain_text("Einladungen an 13 Empfänger werden verschickt.")
    status = page.locator(".mailing-status")
    expect(status).to_contain_text("0 von 13")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    look(page, "event-mailing-02-queued")
    run_worker()
    expect(status).to_contain_text("13 von 13")  # the poll reloads the page when done
    expect(status).to_contain_text("12 gesendet, 1 vom Mailserver abgelehnt, 0 ohne Adresse")
    expect(status).not_to_have_attribute("hx-trigger", "every 2s")
    assert len(smtp_server.received) == 12
    rows = page.locator("#invitations tbody tr")
    expect(rows).to_have_count(13)
    refused = Invitation.objects.get(event=event, email="kontakt1@example.org")
    refused_row = page.locator("#invitations tr", has_text=refused.municipality.name)
    expect(refused_row).to_contain_text(de("failed"))
    today = f"{timezone.localdate():%d.%m.%Y}"
    zeven = page.locator("#invitations tr", has_text="Samtgemeinde Zeven")
    expect(zeven).to_contain_text(today)
    expect(zeven).to_contain_text(de("delivered to the mail server"))
    look(page, "event-mailing-03-sent")

    # The mail, read as text: German, with the date and a personal link that opens.
    to_zeven = Invitation.objects.get(event=event, municipality__name="Samtgemeinde Zeven").email
    mail = next(m for m in smtp_server.received if m.recipients == [to_zeven])
    text = mail.message.get_body(("plain",)).get_content()
    if folder := screenshots():
        (folder / "event-mailing-mail.txt").write_text(
            f"Subject: {mail.message['Subject']}\nTo: {', '.join(mail.recipients)}\n\n{text}",
            encoding="utf-8",
        )
    assert mail.message["Subject"] == f"Einladung: {MEETING} am {event.date:%d.%m.%Y}"
    assert f"{event.date:%d.%m.%Y}, 17:00 Uhr" in text and "Rathaus Zeven" in text
    link = next(line.strip() for line in text.splitlines() if "/e/" in line)
    page.goto(link)
    page.get_by_label(de("Yes, we will attend")).check()
    page.get_by_role("button", name=de("Send answer")).click()
    expect(page.locator("main")).to_contain_text("Ihre Rückmeldung wurde gespeichert")

    # Reminders go only to those that have not answered: 12 (the refused one included).
    smtp_server.refuse.clear()
    smtp_server.received.clear()
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.get_by_role("button", name=de("Remind the chosen that have not answered")).click()
    expect(page.locator("main")).to_contain_text("Erinnerungen an 12 Empfänger werden verschickt.")
    run_worker()
    expect(status).to_contain_text("12 von 12")
    assert len(smtp_server.received) == 12
    assert all(m.message["Subject"].startswith("Erinnerung") for m in smtp_server.received)
    expect(zeven).to_contain_text(de("will attend"))
    answered = Invitation.objects.get(event=event, municipality__name="Samtgemeinde Zeven")
    assert answered.opened_at and answered.answered_at and answered.reminded_at is None

    # An automatic reminder a week before the meeting.
    on = event.date - timezone.timedelta(days=7)
    page.fill("#id_on", on.isoformat())
    page.get_by_role("button", name=de("Add reminder date")).click()
    expect(page.locator("main")).to_contain_text(f"am {on:%d.%m.%Y} erinnert")
    expect(page.locator(".reminder-dates")).to_contain_text(f"{on:%d.%m.%Y}")
    look(page, "event-mailing-04-reminded")
