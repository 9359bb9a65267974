"""Sending a wave's links to all 13 municipalities in one step and reminding those that have
not answered, in Chromium with the example data of `teilhabe up --demo`: the mails go through
a real SMTP server (one address is refused), the task runs in the database queue's worker
while the page polls its progress, and each row shows what became of its mail. axe-core on
every state; screenshots to $TEILHABE_SCREENSHOTS when set."""

import datetime

import pytest
from e2e_helpers import de, fill_login, login, look, run_worker
from playwright.sync_api import Page, expect

from teilhabe.surveys.models import Invitation, Wave

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REFUSED = "integration@samtgemeinde-sottrum.example"


def test_send_all_links_in_one_step_and_remind_those_not_answered(
    page: Page, live_server, personas, demo, smtp_server, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    smtp_server.refuse.add(REFUSED)
    wave = Wave.objects.get(name="Herbst 2026 (Beispieldaten)")
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/waves/{wave.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(wave.name)
    choose = page.locator("input[name=invitations]")
    expect(choose).to_have_count(13)
    for box in choose.all():
        expect(box).to_be_checked()
    look(page, "mailing-01-wave")

    # All 13 links in one step: queued, the page polls while the worker sends.
    page.get_by_role("button", name=de("Send links to the chosen")).click()
    expect(page.locator("main")).to_contain_text("Links an 13 Kommunen werden verschickt.")
    status = page.locator(".mailing-status")
    expect(status).to_contain_text("0 von 13")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    look(page, "mailing-02-queued")
    run_worker()
    expect(status).to_contain_text("13 von 13")  # the poll reloads the page when done
    expect(status).to_contain_text("12 gesendet, 1 vom Mailserver abgelehnt, 0 ohne Adresse")
    expect(status).not_to_have_attribute("hx-trigger", "every 2s")
    assert len(smtp_server.received) == 12
    sottrum = page.locator("#wave-status tr", has_text="Samtgemeinde Sottrum")
    expect(sottrum).to_contain_text(de("failed"))
    zeven = page.locator("#wave-status tr", has_text="Samtgemeinde Zeven")
    expect(zeven).not_to_contain_text(de("failed"))
    look(page, "mailing-03-sent")

    # Reminders go only to those that have not submitted (5 did in the example data).
    smtp_server.refuse.clear()
    smtp_server.received.clear()
    page.get_by_role("button", name=de("Remind the chosen that have not answered")).click()
    expect(page.locator("main")).to_contain_text("Erinnerungen an 8 Kommunen werden verschickt.")
    run_worker()
    expect(status).to_contain_text("8 von 8")
    assert len(smtp_server.received) == 8
    assert all(m.message["Subject"].startswith("Erinnerung") for m in smtp_server.received)
    reminded = Invitation.objects.filter(wave=wave, reminded_at__isnull=False)
    assert reminded.count() == 8
    assert not reminded.filter(response__status="submitted").exists()

    # An automatic reminder a week before the wave closes.
    on = wave.closes - datetime.timedelta(days=7)
    page.fill("#id_on", on.isoformat())
    page.get_by_role("button", name=de("Add reminder date")).click()
    expect(page.locator("main")).to_contain_text(f"am {on:%d.%m.%Y} erinnert")
    expect(page.locator(".reminder-dates")).to_contain_text(f"{on:%d.%m.%Y}")
    look(page, "mailing-04-reminded")

    # The mailed link opens the questionnaire; the wave page shows it as opened.
    body = next(
        m.message.get_body(("plain",)).get_content()
        for m in smtp_server.received
        if m.recipients == ["integration@samtgemeinde-sottrum.example"]
    )
    link = next(line for line in body.splitlines() if "/s/" in line)
    page.goto(link.strip())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bestandsaufnahme Integration und Teilhabe"
    )
    page.goto(f"{live_server.url}/waves/{wave.pk}/")
    expect(sottrum).not_to_contain_text(de("failed"))
    pk = sottrum.locator("input[name=invitations]").get_attribute("value")
    assert Invitation.objects.get(pk=pk).opened_at is not None
    look(page, "mailing-05-opened")


def sign_in(page: Page, live_server, username: str) -> None:
    """An example account of `--demo` (its password is printed once): given a known one."""
    from teilhabe.accounts.models import User

    user = User.objects.get(username=username)
    user.set_password(f"{username}-Teilhabe-2026")
    user.save()
    if page.get_by_role("button", name="Abmelden").count():
        page.get_by_role("button", name="Abmelden").click()
    page.goto(f"{live_server.url}/accounts/login/")
    fill_login(page, username, f"{username}-Teilhabe-2026")


def test_zeven_answers_from_its_task_list_and_the_office_reviews_it(
    page: Page, live_server, personas, demo
):
    wave = Wave.objects.get(name="Herbst 2026 (Beispieldaten)")
    zeven = Invitation.objects.get(wave=wave, municipality__name="Samtgemeinde Zeven").response

    # The Zeven editor lands on Meine Aufgaben and answers from there.
    sign_in(page, live_server, "beispiel-kommune")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Aufgaben")
    task = page.locator("#tasks tr", has_text="Fragebogen")
    expect(task).to_contain_text("Samtgemeinde Zeven")
    look(page, "tasks-01-zeven")
    task.get_by_role("link").click()
    page.locator("#q-language_exists").get_by_label("Ja").check()
    expect(page.locator("#save-language_exists")).to_contain_text("gespeichert")
    page.fill("#id_language_since", "2016")
    page.keyboard.press("Tab")
    expect(page.locator("#save-language_since")).to_contain_text("gespeichert")
    for question in page.locator(".survey-question[id$='_exists']").all():
        if not question.locator("input:checked").count():
            question.get_by_label("Nein").check()
    page.get_by_role("button", name="Fragebogen abschicken").click()
    expect(page.locator("main .kern-alert--success")).to_contain_text("abgeschickt")

    # The office sends one answer back with a question.
    sign_in(page, live_server, "beispiel-koordination")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Aufgaben")
    look(page, "tasks-02-coordinator")
    page.goto(f"{live_server.url}/responses/{zeven.pk}/")
    expect(page.locator("main")).to_contain_text("eingegangen")
    page.select_option("#id_question", "language_since")
    page.fill("#id_text", "Seit 2016? Der Kurs in Heeslingen begann 2018.")
    page.get_by_role("button", name="Rückfrage senden").click()
    expect(page.locator("#review-history")).to_contain_text("Der Kurs in Heeslingen begann 2018.")
    look(page, "review-01-question")

    # Zeven sees the question on its task list, corrects and submits again.
    sign_in(page, live_server, "beispiel-kommune")
    task = page.locator("#tasks tr", has_text="Fragebogen")
    expect(task).to_contain_text("Rückfrage beantworten und erneut abschicken")
    task.get_by_role("link").click()
    expect(page.locator("#office-questions")).to_contain_text("begann 2018")
    look(page, "review-02-answer-page")
    page.fill("#id_language_since", "2018")
    page.keyboard.press("Tab")
    expect(page.locator("#save-language_since")).to_contain_text("gespeichert")
    page.get_by_role("button", name="Fragebogen abschicken").click()
    expect(page.locator("main .kern-alert--success")).to_contain_text("abgeschickt")

    # The office accepts; the history of both sides stays; results of accepted ones only.
    sign_in(page, live_server, "beispiel-koordination")
    page.goto(f"{live_server.url}/responses/{zeven.pk}/")
    page.get_by_role("button", name="Rückmeldung annehmen").click()
    history = page.locator("#review-history li")
    expect(history).to_have_count(3)
    expect(history.nth(1)).to_contain_text("korrigiert und erneut abgeschickt")
    expect(history.nth(2)).to_contain_text("angenommen")
    look(page, "review-03-accepted")
    page.goto(f"{live_server.url}/waves/{wave.pk}/results/?accepted=1")
    expect(page.locator("main")).to_contain_text("Nur angenommene Rückmeldungen.")
    look(page, "results-accepted-only")

    # The compact matrix: a row per municipality, shares in German number format.
    page.get_by_role("link", name="Ergebnisse auf einen Blick").click()
    matrix = page.locator("#results-matrix")
    expect(matrix.locator("tbody tr")).to_have_count(13)
    expect(matrix.locator("tbody tr", has_text="Samtgemeinde Zeven")).to_contain_text("Ja")
    expect(matrix.locator("tfoot")).to_contain_text("100 % Ja (von 1)")  # Zeven only
    look(page, "results-matrix-accepted")
    page.get_by_role("link", name="Alle Antworten zeigen").click()
    expect(matrix.locator("tfoot")).to_contain_text("% Ja (von 6)")  # 5 demo answers + Zeven
    look(page, "results-matrix")
