"""Allocation as the coordination office and a municipality use it in Chromium."""

import datetime

import pytest
from e2e_helpers import SUBMIT, login, shot
from playwright.sync_api import Page, expect

from teilhabe.allocation.models import AllocationPeriod
from teilhabe.allocation.services import create_period
from teilhabe.regions.models import District

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_period_targets_arrivals_capacity_whatif_and_transparency(
    page: Page, live_server, personas, browser
):
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/allocation/")
    page.get_by_role("link", name="Neuer Verteilzeitraum").click()
    page.fill("#id_name", "2026/I")
    page.fill("#id_start", "2026-04-01")
    page.fill("#id_end", "2026-09-30")
    page.fill("#id_quota", "895")
    page.click("main button[type=submit]")
    rows = page.locator("#allocation-table tbody tr")
    expect(rows).to_have_count(13)
    expect(page.locator("#allocation-table tfoot")).to_contain_text("895")
    rotenburg = rows.filter(has_text="Rotenburg (Wümme)")
    expect(rotenburg.locator("td").nth(2)).to_have_text("124")  # new quota
    period_url = page.url

    # The editor of Zeven records an arrival and the capacity of Zeven.
    editor = browser.new_context(locale="de-DE").new_page()
    login(editor, live_server, "bob")
    editor.goto(f"{live_server.url}/municipalities/033575408000/arrivals/new/")
    editor.fill("#id_date", "2026-05-04")
    editor.fill("#id_persons", "5")
    editor.fill("#id_households", "2")
    editor.select_option("#id_kind", label="Asylsuchende")
    editor.click("main button[type=submit]")
    expect(editor.locator(".kern-alert--success")).to_contain_text("Zugang wurde erfasst")
    editor.goto(f"{live_server.url}/municipalities/033575408000/capacity/new/")
    editor.fill("#id_date", "2026-04-01")
    editor.fill("#id_housing_total", "60")
    editor.fill("#id_housing_occupied", "55")
    editor.fill("#id_staff_fte", "1.5")
    editor.click("main button[type=submit]")
    expect(editor.locator(".kern-alert--success")).to_contain_text("Kapazität wurde erfasst")
    # ... but not for Sottrum
    response = editor.goto(f"{live_server.url}/municipalities/033575406000/arrivals/new/")
    assert response.status == 403

    page.goto(period_url)
    zeven = page.locator("#allocation-table tbody tr").filter(has_text="Samtgemeinde Zeven")
    expect(zeven.locator("td").nth(6)).to_have_text("5")  # arrived
    expect(zeven).to_contain_text("mehr als freie Plätze")
    expect(zeven).to_contain_text("Personal überlastet")

    page.get_by_role("link", name="Was wäre, wenn …?").click()
    page.fill("#id_persons", "400")
    page.get_by_role("button", name="Berechnen").click()
    expect(page.locator("#whatif-table tbody tr")).to_have_count(13)

    page.goto(period_url)
    page.get_by_role("link", name="Rotenburg (Wümme)").click()
    steps = page.locator("#steps tbody tr")
    expect(steps.nth(0)).to_contain_text("895")
    expect(steps.nth(1)).to_contain_text("22.698")
    expect(steps.nth(4)).to_contain_text("124,252031")  # 895 × 22.698 ÷ 163.496


def test_closing_a_period_asks_first_and_cancelling_changes_nothing(
    page: Page, live_server, personas, check_axe
):
    period = create_period(
        District.objects.get(ags="03357"),
        {
            "name": "2026/I",
            "start": datetime.date(2026, 4, 1),
            "end": datetime.date(2026, 9, 30),
            "quota": 100,
            "population_date": datetime.date(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )
    login(page, live_server, "alice")
    period_url = f"{live_server.url}/allocation/{period.pk}/"
    page.goto(period_url)
    close = page.get_by_role("button", name="Zeitraum abschließen")

    close.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zeitraum 2026/I abschließen?")
    expect(page.locator("main")).to_contain_text("Dies kann nicht rückgängig gemacht werden.")
    check_axe(page)
    shot(page, "confirm-close-period")
    page.get_by_role("link", name="Abbrechen").click()
    expect(page).to_have_url(period_url)
    assert AllocationPeriod.objects.get(pk=period.pk).closed_at is None
    expect(close).to_be_visible()

    close.click()
    page.locator(SUBMIT).click()
    expect(page.locator(".kern-alert--success")).to_contain_text("abgeschlossen")
    assert AllocationPeriod.objects.get(pk=period.pk).closed_at is not None
    expect(page.get_by_role("button", name="Zeitraum abschließen")).to_have_count(0)
