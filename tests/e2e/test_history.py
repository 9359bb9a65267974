"""The history (Verlauf) in Chromium: the coordinator renames a measure on its edit page,
opens the measure's history from its page (old → new, by whom), then the district's log,
filtered to measures. axe-core with its best practices: 0 violations on both pages.
Screenshots to $TEILHABE_SCREENSHOTS."""

import pytest
from e2e_helpers import AXE_ALL_TAGS, assert_no_axe_violations, login, shot
from playwright.sync_api import Page, expect

from teilhabe.actionplan.models import Measure, Priority
from teilhabe.regions.models import District

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_renamed_measure_shows_in_its_history_and_in_the_districts_log(
    page: Page, live_server, personas
):
    district = District.objects.get(ags="03357")
    priority = Priority.objects.create(district=district, title="Sprache", order=1)
    measure = Measure.objects.create(priority=priority, title="Sprachcafé", responsible="Kreis")
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/measures/{measure.pk}/edit/")
    page.fill("#id_title", "Sprachcafé Zeven")
    page.fill("#id_due", "2026-11-30")  # a date input takes ISO
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/edit/" not in url)

    page.goto(f"{live_server.url}/measures/{measure.pk}/")
    page.get_by_role("link", name="Verlauf dieses Eintrags").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verlauf: Sprachcafé Zeven")
    table = page.locator("table.history-table")
    expect(table).to_contain_text("alice")
    expect(table.locator("del", has_text="Sprachcafé")).to_be_visible()
    expect(table.locator("ins", has_text="Sprachcafé Zeven")).to_be_visible()
    expect(table).to_contain_text("30.11.2026")
    shot(page, "history-01-measure")
    assert_no_axe_violations(page, AXE_ALL_TAGS)

    page.goto(f"{live_server.url}/districts/03357/")
    page.locator(".district-nav").get_by_role("link", name="Verlauf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verlauf")
    page.select_option("#id_kind", label="Maßnahmen")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.history-table")).to_contain_text("Sprachcafé Zeven")
    expect(page.locator("table.history-table tbody tr")).to_have_count(2)  # no priority
    shot(page, "history-02-district-log")
    assert_no_axe_violations(page, AXE_ALL_TAGS)
    with page.expect_download() as download:
        page.get_by_role("link", name="Verlauf als CSV").click()
    assert download.value.suggested_filename.startswith("verlauf-03357-")
