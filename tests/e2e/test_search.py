"""Searching the offers and the network in Chromium: typing narrows the results in place (htmx
swaps only them), the address keeps the search, and axe-core with best practices finds nothing."""

import re

import pytest
from e2e_helpers import AXE_ALL_TAGS, axe_violations, format_violations, login
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_typing_narrows_offers_and_contacts_in_place(page: Page, live_server, personas, demo):
    login(page, live_server, "carol", start=False)
    page.goto(f"{live_server.url}/districts/03357/activities/")
    rows = page.locator("#activity-table tbody tr")
    before = rows.count()
    page.evaluate("window.__notReloaded = true")
    page.locator("#id_q").fill("Sprachcafé")
    expect(page).to_have_url(re.compile(r"q=Sprach"))
    expect(rows.first).to_contain_text("Sprachcafé")
    assert 0 < rows.count() < before
    assert page.evaluate("window.__notReloaded") is True  # swapped, not reloaded
    page.locator("#id_sort").select_option("volunteers")
    expect(page).to_have_url(re.compile(r"sort=volunteers"))
    violations = axe_violations(page, AXE_ALL_TAGS)
    assert not violations, format_violations(violations)

    page.goto(f"{live_server.url}/districts/03357/network/")
    contacts = page.locator("#contacts tbody tr")
    expect(contacts).to_have_count(13)
    page.locator("#id_q").fill("Ansprechperson 1")
    expect(contacts).to_have_count(5)  # 1, 10, 11, 12, 13
    expect(contacts.first).to_contain_text("Ansprechperson 1 ")
    expect(contacts.nth(1)).to_contain_text("Ansprechperson 10")
    violations = axe_violations(page, AXE_ALL_TAGS)
    assert not violations, format_violations(violations)
