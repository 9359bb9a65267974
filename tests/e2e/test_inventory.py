"""The stock-take as a coordinator uses it in Chromium: record, edit and end an activity, watch
the matrix change, and find exactly those changes on the changes page."""

import pytest
from django.utils import timezone
from e2e_helpers import login
from playwright.sync_api import Page, expect

from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MATRIX = "/districts/03357/inventory/"


def cell(page: Page, municipality: str, column: int):
    """A cell of the matrix by the municipality's row and the field's column (1 = first)."""
    row = page.locator(
        "#coverage-matrix tbody tr", has=page.locator(f"th:text-is('{municipality}')")
    )
    return row.locator("td").nth(column - 1)


def test_record_edit_end_and_see_the_changes(page: Page, live_server, personas):
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}{MATRIX}")
    expect(cell(page, "Samtgemeinde Zeven", 2)).to_contain_text("nichts erfasst")  # Sprache

    # record
    page.get_by_role("link", name="Angebot erfassen").first.click()
    page.fill("#id_title", "Sprachcafé im Rathaus")
    page.select_option("#id_category", label="Sprache")
    page.select_option("#id_status", label="geplant")
    page.select_option("#id_municipality", label="Samtgemeinde Zeven")
    page.select_option("#id_provider_kind", label="Ehrenamtliche Initiative")
    page.check("text=Geflüchtete")
    page.fill("#id_volunteers", "8")
    page.click("main button[type=submit]")
    expect(page.locator(".kern-alert--success")).to_contain_text("wurde erfasst")
    page.goto(f"{live_server.url}{MATRIX}")
    expect(cell(page, "Samtgemeinde Zeven", 2)).to_contain_text("geplant (1)")

    # edit: it started
    page.goto(f"{live_server.url}/districts/03357/activities/")
    page.get_by_role("link", name="Sprachcafé im Rathaus").click()
    page.get_by_role("link", name="Bearbeiten").click()
    page.select_option("#id_status", label="aktiv")
    page.click("main button[type=submit]")
    expect(page.locator(".history-list li")).to_have_count(2)
    page.goto(f"{live_server.url}{MATRIX}")
    expect(cell(page, "Samtgemeinde Zeven", 2)).to_contain_text("aktiv (1)")

    # end
    cell(page, "Samtgemeinde Zeven", 2).get_by_role("link").click()
    page.get_by_role("link", name="Sprachcafé im Rathaus").click()
    page.get_by_role("link", name="Angebot beenden").click()
    page.get_by_role("button", name="Angebot beenden").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("als beendet markiert")
    page.goto(f"{live_server.url}{MATRIX}")
    expect(cell(page, "Samtgemeinde Zeven", 2)).to_contain_text("beendet (1)")

    # the changes page lists exactly this activity: new, now ended
    today = timezone.localdate()
    yesterday = today - timezone.timedelta(days=1)
    page.goto(f"{live_server.url}/districts/03357/changes/?since={yesterday}&until={today}")
    rows = page.locator(".changes-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("neu")
    expect(rows.nth(1)).to_contain_text("beendet")
    expect(page.locator("main")).to_contain_text("Samtgemeinde Zeven")


def test_editor_sees_other_municipalities_but_edits_only_their_own(
    page: Page, live_server, personas, rotenburg
):
    sottrum = make_activity(rotenburg, Municipality.objects.get(ars=SOTTRUM_ARS), title="Job-Café")
    zeven = make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS), title="Lesepaten")
    login(page, live_server, "bob", start=False)
    page.goto(f"{live_server.url}/activities/{sottrum.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Job-Café")
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    page.goto(f"{live_server.url}/activities/{zeven.pk}/")
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(1)
    page.goto(f"{live_server.url}/districts/03357/activities/new/")
    options = page.locator("#id_municipality option")
    expect(options).to_have_text(["– bitte wählen –", "Samtgemeinde Zeven"])
