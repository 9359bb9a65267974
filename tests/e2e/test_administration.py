"""The Verwaltung as people meet it, in Chromium: Rotenburg's administrator invites a new
coordinator, who sets her own password from the e-mail link and logs in; Osterholz's
administrator neither sees nor reaches her. Every page passes axe-core's WCAG 2.1 AA rules.
With TEILHABE_SCREENSHOTS=DIR set, each page is also saved there to be looked at."""

import re

import pytest
from django.core import mail
from e2e_helpers import SUBMIT, fill_login, login, look
from playwright.sync_api import Page, expect

from teilhabe.accounts.models import Role, User
from teilhabe.testing import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Koordination-Rotenburg-2026"


def test_invite_a_coordinator_who_sets_her_password_and_logs_in(
    page: Page, live_server, personas, osterholz
):
    make_user("olga", Role.ADMINISTRATOR, osterholz)
    login(page, live_server, "erin")
    page.get_by_role("link", name="Verwaltung").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verwaltung")
    expect(page.locator("#accounts")).to_contain_text("alice")
    look(page, "verwaltung-01-konten")

    page.get_by_role("link", name="Person einladen").first.click()
    look(page, "verwaltung-02-einladen")
    page.locator(SUBMIT).click()  # empty: a clear German message, nothing sent
    expect(page.locator("main [role=alert]")).to_be_visible()
    assert mail.outbox == []
    page.fill("#id_email", "kora.neu@rotenburg.example")
    page.select_option("#id_role", "coordinator")
    page.locator(SUBMIT).click()
    expect(page.locator(".site-messages")).to_contain_text("kora.neu@rotenburg.example")
    expect(page.locator("#invitations")).to_contain_text("kora.neu@rotenburg.example")

    (message,) = mail.outbox
    assert message.subject == "Einladung zu Teilhabe: Landkreis Rotenburg (Wümme)"
    link = re.search(r"http://\S+(/accounts/invitation/\S+/)", message.body).group(1)
    page.get_by_role("button", name="Abmelden").click()

    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Einladung zu Teilhabe")
    look(page, "verwaltung-03-einladung-annehmen")
    page.fill("#id_username", "kora")
    page.fill("#id_first_name", "Kora")
    page.fill("#id_last_name", "Neu")
    page.fill("#id_password", NEW_PASSWORD)
    page.fill("#id_password_again", NEW_PASSWORD)
    page.get_by_role("button", name="Konto anlegen und annehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landkreis Rotenburg (Wümme)")
    expect(page.locator(".site-messages")).to_contain_text("Willkommen")
    page.get_by_role("button", name="Abmelden").click()

    page.goto(f"{live_server.url}/accounts/login/")
    fill_login(page, "kora", NEW_PASSWORD)
    # The start page is Meine Aufgaben, with the tabs of her one district.
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Aufgaben")
    page.locator(".district-nav").get_by_role("link", name="Übersicht").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landkreis Rotenburg (Wümme)")
    kora = User.objects.get(username="kora")
    assert list(kora.memberships.values_list("role", flat=True)) == ["coordinator"]
    page.goto(f"{live_server.url}{link}")  # the link worked once
    expect(page.get_by_role("heading", level=1)).to_have_text("Dieser Link ist nicht gültig")
    look(page, "verwaltung-04-link-ungueltig")
    page.get_by_role("button", name="Abmelden").click()

    # Osterholz's administrator: kora is nowhere, and her pages are not there.
    login(page, live_server, "olga", start=False)
    page.goto(f"{live_server.url}/districts/03356/administration/")
    expect(page.locator("#accounts")).not_to_contain_text("kora")
    for ags in ("03357", "03356"):
        response = page.goto(
            f"{live_server.url}/districts/{ags}/administration/accounts/{kora.pk}/"
        )
        assert response.status == 404
    page.goto(f"{live_server.url}/districts/03356/administration/log/")
    expect(page.locator("main")).not_to_contain_text("kora")


def test_account_page_log_and_password_pages(page: Page, live_server, personas):
    login(page, live_server, "erin", start=False)
    page.goto(f"{live_server.url}/districts/03357/administration/")
    page.get_by_role("link", name="carol").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("carol")
    look(page, "verwaltung-05-konto")
    page.select_option("#id_role", "editor")
    page.get_by_role("button", name="Rolle vergeben").click()  # editor without municipality
    expect(page.locator("main [role=alert]")).to_be_visible()
    page.select_option("#id_municipality", label="Samtgemeinde Zeven")
    page.get_by_role("button", name="Rolle vergeben").click()
    expect(page.locator("main")).to_contain_text("Redaktion Kommune: Samtgemeinde Zeven")

    page.get_by_role("button", name="Konto deaktivieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Das Konto von carol deaktivieren?")
    look(page, "verwaltung-05b-bestaetigen")
    page.get_by_role("link", name="Abbrechen").click()
    assert User.objects.get(username="carol").is_active
    page.get_by_role("button", name="Konto deaktivieren").click()
    page.locator(SUBMIT).click()
    expect(page.locator(".site-messages")).to_contain_text("Das Konto ist deaktiviert.")
    assert not User.objects.get(username="carol").is_active

    page.get_by_role("link", name="Protokoll der Verwaltung").first.click()
    expect(page.locator("#log")).to_contain_text("Rolle vergeben")
    expect(page.locator("#log")).to_contain_text("Konto deaktiviert")
    look(page, "verwaltung-06-protokoll")

    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_role("link", name="Passwort ändern").click()
    look(page, "verwaltung-07-passwort-aendern")
    page.get_by_role("button", name="Abmelden").click()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    look(page, "verwaltung-08-passwort-vergessen")
    page.fill("#id_email", "niemand@example.org")
    page.get_by_role("button", name="Link senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte sehen Sie in Ihre E-Mails")
    look(page, "verwaltung-09-passwort-link-gesendet")
