"""Corrections in Chromium: the editor of Zeven corrects an arrival with a reason (a negative
count is refused first); the coordinator merges two proposals before the vote, opens it and
sees the points left change as she types; after the vote the ballot page shows the result.
axe-core (WCAG and best practice) finds nothing on each new page.

Screenshots go to $TEILHABE_SCREENSHOTS when it is set, for looking at the pages."""

import datetime

import pytest
from django.utils import timezone
from e2e_helpers import (
    AXE_ALL_TAGS,
    assert_no_axe_violations,
    confirm,
    login,
    shot,
)
from playwright.sync_api import Page, expect

from teilhabe.actionplan import services as plan
from teilhabe.allocation import services as allocation
from teilhabe.events import services as events
from teilhabe.regions.models import District, Municipality
from teilhabe.testing import ZEVEN_ARS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_correcting_an_arrival_and_merging_proposals(page: Page, live_server, personas, browser):
    rotenburg = District.objects.get(ags="03357")
    allocation.create_period(
        rotenburg,
        {
            "name": "2026/I",
            "start": datetime.date(2026, 4, 1),
            "end": datetime.date(2026, 9, 30),
            "quota": 895,
            "population_date": datetime.date(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )
    allocation.record_arrival(
        Municipality.objects.get(ars=ZEVEN_ARS),
        {"date": datetime.date(2026, 5, 4), "persons": 5, "households": 2, "kind": "asylum"},
    )
    workshop = events.create_event(
        rotenburg,
        {"title": "Workshop Sprache", "date": timezone.localdate() + datetime.timedelta(days=7)},
    )
    for title in ("Sprachcafé", "Sprachtreff", "Fahrdienst"):
        plan.submit_proposal(workshop, {"title": title, "description": f"{title} für alle"})

    # The editor of Zeven corrects the arrival: 4 persons, not 5.
    editor = browser.new_context(locale="de-DE").new_page()
    login(editor, live_server, "bob")
    editor.goto(f"{live_server.url}/municipalities/{ZEVEN_ARS}/arrivals/new/")
    editor.get_by_role("link", name="korrigieren oder stornieren").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Zugang korrigieren")
    assert_no_axe_violations(editor, AXE_ALL_TAGS)
    shot(editor, "01-arrival-correct")
    editor.fill("#id_persons", "-1")
    editor.fill("#id_reason", "eine Person doppelt gezählt")
    editor.get_by_role("button", name="Korrektur speichern").click()
    expect(editor.locator("main [role=alert]")).to_contain_text("negativ")
    expect(editor.locator("#id_reason")).to_have_value("eine Person doppelt gezählt")
    assert_no_axe_violations(editor, AXE_ALL_TAGS)
    shot(editor, "02-arrival-negative")
    editor.fill("#id_persons", "4")
    editor.get_by_role("button", name="Korrektur speichern").click()
    expect(editor.locator(".kern-alert--success")).to_contain_text("Zugang wurde korrigiert")
    recent = editor.locator("main table tbody tr").first
    expect(recent.locator("td").nth(1)).to_have_text("4")
    editor.get_by_role("link", name="korrigieren oder stornieren").click()
    expect(editor.locator("main")).to_contain_text("eine Person doppelt gezählt")
    expect(editor.locator("main")).to_contain_text("Personen: 5 → 4")
    shot(editor, "03-arrival-history")

    # The coordinator merges "Sprachtreff" into "Sprachcafé" before the vote.
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/events/{workshop.pk}/proposals/")
    assert_no_axe_violations(page, AXE_ALL_TAGS)
    shot(page, "04-proposals")
    ranking = page.locator("#ranking tbody tr")
    ranking.filter(has_text="Sprachcafé für alle").get_by_role(
        "link", name="zusammenführen"
    ).click()
    page.get_by_label("Diesen Vorschlag damit zusammenführen").select_option(label="Sprachtreff")
    assert_no_axe_violations(page, AXE_ALL_TAGS)
    shot(page, "05-merge")
    page.get_by_role("button", name="Vorschläge zusammenführen").click()
    confirm(page, "„Sprachtreff“ mit „Sprachcafé“ zusammenführen?")
    expect(page.locator(".kern-alert--success")).to_contain_text("zusammengeführt")
    ranking = page.locator("#ranking tbody tr")
    expect(ranking).to_have_count(2)
    expect(ranking.first).to_contain_text("Zusammengeführt aus „Sprachtreff“")
    shot(page, "06-merged")

    # The vote: the points left follow what she types.
    page.get_by_role("button", name="Punktabfrage öffnen").click()
    confirm(page, "Punktabfrage öffnen?")
    page.get_by_role("link", name="Punkte vergeben").click()
    left = page.locator("#points-left-count")
    expect(left).to_have_text("5")
    page.get_by_label("Sprachcafé").fill("3")
    expect(left).to_have_text("2")
    expect(page.locator("#points-over")).to_be_hidden()
    page.get_by_label("Fahrdienst").fill("4")
    expect(left).to_have_text("-2")
    expect(page.locator("#points-over")).to_be_visible()
    assert_no_axe_violations(page, AXE_ALL_TAGS)
    shot(page, "07-ballot-over")
    page.get_by_label("Fahrdienst").fill("1")
    expect(left).to_have_text("1")
    page.get_by_role("button", name="Punkte speichern").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("Punkte wurden gespeichert")

    # After the vote the ballot page shows the result, with her own points.
    page.get_by_role("button", name="Punktabfrage schließen").click()
    confirm(page, "Punktabfrage schließen?")
    page.goto(f"{live_server.url}/events/{workshop.pk}/vote/")
    expect(page.locator("#ballot")).to_have_count(0)
    first = page.locator("#result tbody tr").first
    expect(first).to_contain_text("Sprachcafé")
    expect(first.locator("td").last).to_have_text("3")
    assert_no_axe_violations(page, AXE_ALL_TAGS)
    shot(page, "08-result")
