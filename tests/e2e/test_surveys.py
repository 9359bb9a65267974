"""Answering the default questionnaire through a personal link in Chromium: autosave, skip
logic, submission, and the coordinator's view of the wave."""

from importlib.resources import files

import pytest
from e2e_helpers import login, screenshots, zeven_wave
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
XLSFORM = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"


def test_answer_through_the_link_with_skip_logic_and_autosave(page: Page, live_server, personas):
    wave, token = zeven_wave(XLSFORM.read_bytes(), "b.xlsx")
    page.goto(f"{live_server.url}/s/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bestandsaufnahme Integration und Teilhabe"
    )
    since = page.locator("#q-language_since")
    expect(since).to_be_hidden()
    page.locator("#q-language_exists").get_by_label("Ja").check()
    expect(page.locator("#save-language_exists")).to_contain_text("gespeichert")
    expect(since).to_be_visible()  # skip logic applied live
    page.fill("#id_language_since", "1800")
    page.keyboard.press("Tab")
    expect(page.locator("#save-language_since")).to_contain_text("gespeichert")
    page.get_by_role("button", name="Fragebogen abschicken").click()
    expect(page.locator("main .kern-alert--danger")).to_be_visible()  # constraint and required
    page.fill("#id_language_since", "2016")
    page.keyboard.press("Tab")
    for question in page.locator(".survey-question[id$='_exists']").all():
        if not question.locator("input:checked").count():
            question.get_by_label("Nein").check()
    page.get_by_role("button", name="Fragebogen abschicken").click()
    expect(page.locator("main .kern-alert--success")).to_contain_text("abgeschickt")

    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/waves/{wave.pk}/")
    expect(page.locator("main")).to_contain_text("8 %")  # 1 of 13 submitted
    page.get_by_role("link", name="Ergebnisse").click()
    expect(page.locator("main")).to_contain_text("Samtgemeinde Zeven")


def test_a_failed_autosave_says_not_saved_and_keeps_the_entry(page: Page, live_server, personas):
    _wave, token = zeven_wave(XLSFORM.read_bytes(), "b.xlsx")
    page.goto(f"{live_server.url}/s/{token}/")
    # The server goes away: every autosave request fails on the network.
    page.route("**/s/*/a/**", lambda route: route.abort("connectionrefused"))
    page.locator("#q-language_exists").get_by_label("Ja").check()
    state = page.locator("#save-language_exists")
    expect(state).to_contain_text("Nicht gespeichert")
    expect(state.get_by_role("alert")).to_be_visible()
    expect(page.locator("#q-language_exists").get_by_label("Ja")).to_be_checked()
    if folder := screenshots():
        state.scroll_into_view_if_needed()
        page.screenshot(path=folder / "survey-autosave-failed.png")
    page.unroute("**/s/*/a/**")
    # Back again: the next change saves, and the failure message is gone.
    page.locator("#q-language_exists").get_by_label("Nein").check()
    expect(state).to_contain_text("gespeichert")
    expect(state).not_to_contain_text("Nicht gespeichert")
