"""Placement in Chromium, as a new user would do it with the data of `teilhabe up --demo`
(issue 19, Done-when 1): the editor of Zeven registers a large barrier-free flat, the
coordinator enters an announced batch of 14 households (sizes 1 to 7, two needing barrier-free
housing), reads the proposal with its goals and every household's reason beside the "who is
next" comparison, changes one line by hand, and confirms; arrivals and fulfilment update. Then
axe-core on every page. Screenshots to $TEILHABE_SCREENSHOTS."""

import pytest
from e2e_helpers import SUBMIT, login, shot
from playwright.sync_api import Page, expect

from teilhabe.allocation.models import AllocationPeriod, Arrival, HousingUnit
from teilhabe.allocation.queries import period_view
from teilhabe.placement.models import Batch, BatchStatus
from teilhabe.testing import ZEVEN_ARS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# (persons, needs barrier-free housing, children): 14 households of sizes 1 to 7.
HOUSEHOLDS = [
    (7, False, 4),
    (1, False, 0),
    (4, True, 1),
    (2, False, 0),
    (5, False, 3),
    (1, True, 0),
    (3, False, 1),
    (6, False, 3),
    (2, False, 0),
    (1, False, 0),
    (4, False, 2),
    (3, False, 0),
    (2, False, 1),
    (1, False, 0),
]


def zeven_row(period: AllocationPeriod) -> tuple[int, int]:
    row = next(r for r in period_view(period).rows if r.municipality.ars == ZEVEN_ARS)
    return row.status.arrived, row.line.target


def test_register_announce_propose_adjust_confirm(
    page: Page, live_server, personas, demo, browser, check_axe
):
    period = AllocationPeriod.objects.get(name__startswith="2026/II")
    arrivals_before = Arrival.objects.filter(date__range=(period.start, period.end)).count()

    # The editor of Zeven registers a flat for a large family in her own municipality.
    editor = browser.new_page(locale="de-DE")
    login(editor, live_server, "bob")
    editor.goto(f"{live_server.url}/districts/03357/housing/")
    expect(editor.get_by_role("heading", level=1)).to_contain_text("Unterkünfte")
    # Bob keeps only Zeven's units: no button to add one elsewhere.
    expect(
        editor.get_by_role("link", name="Unterkunft in Samtgemeinde Zeven hinzufügen")
    ).to_have_count(1)
    expect(
        editor.get_by_role("link", name="Unterkunft in Samtgemeinde Sottrum hinzufügen")
    ).to_have_count(0)
    check_axe(editor)
    shot(editor, "placement-01-register")
    editor.get_by_role("link", name="Unterkunft in Samtgemeinde Zeven hinzufügen").click()
    editor.fill("#id_label", "Am Markt 3")
    editor.select_option("#id_kind", "flat")
    editor.fill("#id_places", "8")
    editor.check("#id_barrier_free")
    check_axe(editor)
    shot(editor, "placement-02-unit-form")
    editor.locator(SUBMIT).click()
    expect(editor.locator(".kern-alert--success")).to_contain_text(
        "„Am Markt 3“ wurde hinzugefügt."
    )
    assert HousingUnit.objects.get(label="Am Markt 3").municipality.ars == ZEVEN_ARS
    editor.close()

    # The coordinator enters the Land's notice: 14 households.
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/")
    page.locator(".district-nav").get_by_role("link", name="Unterbringung").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unterbringung")
    check_axe(page)
    shot(page, "placement-03-batches")
    page.get_by_role("link", name="Neue Ankündigung").click()
    page.fill("#id_name", "Zuweisung KW 51")
    page.fill("#id_arrival_date", "2026-12-14")
    page.locator(SUBMIT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zuweisung KW 51")
    for n, (size, barrier_free, children) in enumerate(HOUSEHOLDS, start=1):
        page.fill("#id_size", str(size))
        if barrier_free:
            page.check("#id_barrier_free")
        page.fill("#id_children", str(children))
        page.get_by_role("button", name="Haushalt hinzufügen").click()
        expect(page.locator("#household-table tbody tr")).to_have_count(n)
    expect(page.locator("#households")).to_contain_text("14 Haushalte mit 42 Personen.")
    check_axe(page)
    shot(page, "placement-04-batch")

    # The proposal: goals in words, a reason for every household, "who is next" beside it.
    page.get_by_role("link", name="Unterbringungsvorschlag anzeigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unterbringungsvorschlag")
    expect(page.locator("#goals")).to_contain_text("1. So viele Personen unterbringen")
    expect(page.locator("#goals")).to_contain_text("42 von 42 Personen untergebracht")
    lines = page.locator("#lines tbody tr")
    expect(lines).to_have_count(14)
    family = lines.nth(0)
    expect(family).to_contain_text("Am Markt 3")  # the only unit a family of seven fits into
    expect(family).to_contain_text("Samtgemeinde Zeven liegt")
    expect(family).to_contain_text("hinter ihrem Soll")
    expect(page.locator("#comparison")).to_contain_text("Untergebrachte Personen")
    expect(page.locator("#comparison")).to_contain_text("Größter Rückstand")
    expect(page.locator("#municipalities")).to_contain_text("Samtgemeinde Bothel")
    expect(page.locator("#municipalities")).to_contain_text(
        "Wohnraum: seit 01.11.2026 fehlen 12 Plätze"
    )
    check_axe(page)
    shot(page, "placement-05-proposal")

    # Change one line: the single person of line 2 goes into a shared accommodation chosen by hand.
    line2 = lines.nth(1)
    select = line2.locator("select")
    choice = select.locator("option", has_text="GU Sottrum").get_attribute("value")
    select.select_option(choice)
    line2.get_by_role("button", name="Übernehmen").click()
    expect(page.locator(".kern-alert--success")).to_contain_text(
        "Haushalt 2 kommt wie von Hand gewählt"
    )
    line2 = page.locator("#lines tbody tr").nth(1)
    expect(line2).to_contain_text("von Hand gewählt")
    expect(line2).to_contain_text("GU Sottrum")
    expect(page.locator("main")).to_contain_text("Was die von Hand gewählten Zeilen kosten")
    check_axe(page)
    shot(page, "placement-06-changed")
    assert Arrival.objects.filter(date__range=(period.start, period.end)).count() == arrivals_before

    # Confirm: a question first, then arrivals and occupied units in one go.
    arrived_before, target = zeven_row(period)
    page.get_by_role("button", name="Unterbringung bestätigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Die Unterbringung von „Zuweisung KW 51“ bestätigen?"
    )
    check_axe(page)
    shot(page, "placement-07-confirm")
    page.locator(SUBMIT).click()
    expect(page.get_by_role("status").first).to_contain_text("Die Unterbringung ist bestätigt")
    batch = Batch.objects.get(name="Zuweisung KW 51")
    assert batch.status == BatchStatus.CONFIRMED
    assert (
        Arrival.objects.filter(date__range=(period.start, period.end)).count()
        == arrivals_before + 14
    )
    unit = HousingUnit.objects.get(label="Am Markt 3")
    assert unit.occupied == 7
    arrived_after, _target = zeven_row(period)
    assert arrived_after > arrived_before
    expect(page.locator("#placed-lines tbody tr")).to_have_count(14)
    expect(page.get_by_role("button", name="Haushalt hinzufügen")).to_have_count(0)  # frozen
    check_axe(page)
    shot(page, "placement-08-confirmed")

    # The allocation period: the batch is listed, Zeven's arrivals and fulfilment count it.
    page.get_by_role("link", name="Verteilzeitraum und Erfüllung").click()
    expect(page.locator("#period-batches")).to_contain_text("Zuweisung KW 51")
    expect(page.locator("#period-batches")).to_contain_text("42")
    zeven = page.locator("tr", has_text="Samtgemeinde Zeven").first
    expect(zeven).to_contain_text(str(arrived_after))
    expect(zeven).to_contain_text(f"{round(100 * arrived_after / target)} %")
    check_axe(page)
    shot(page, "placement-09-period")
    expect(page.locator("tr", has_text="Samtgemeinde Bothel").first).to_contain_text(
        "Überlastungsanzeige"
    )

    # Zeven's own page: how its target is computed, and which households went there and why.
    page.locator("tr", has_text="Samtgemeinde Zeven").first.get_by_role(
        "link", name="Samtgemeinde Zeven", exact=True
    ).click()
    placements = page.locator("#municipality-placements")
    expect(placements).to_contain_text("Zuweisung KW 51")
    expect(placements).to_contain_text("Am Markt 3")
    check_axe(page)
    shot(page, "placement-10-transparency")


def test_an_overload_notice_is_filed_answered_and_resolved(
    page: Page, live_server, personas, demo, browser, check_axe
):
    editor = browser.new_page(locale="de-DE")
    login(editor, live_server, "bob")
    editor.goto(f"{live_server.url}/districts/03357/overload/")
    expect(editor.locator("main")).to_contain_text("Samtgemeinde Bothel")  # the demo's notice
    check_axe(editor)
    editor.get_by_role("link", name="Überlastungsanzeige für Samtgemeinde Zeven einreichen").click()
    editor.select_option("#id_shortage", "social_work")
    editor.fill("#id_since", "2026-11-15")
    editor.fill("#id_amount", "1.5")  # a number field: the browser sends a point
    editor.fill("#id_note", "Die Stelle der Sozialarbeit ist seit November unbesetzt.")
    check_axe(editor)
    shot(editor, "notice-01-form")
    editor.locator(SUBMIT).click()
    expect(editor.get_by_role("status").first).to_contain_text("wurde eingereicht")
    notice = editor.locator("article.notice", has_text="Samtgemeinde Zeven")
    expect(notice).to_contain_text("seit 15.11.2026 fehlen 1,5 Vollzeitstellen")
    expect(notice.get_by_role("link", name="Beantworten")).to_have_count(0)  # the office answers
    editor.close()

    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/overload/")
    zeven = page.locator("article.notice", has_text="Samtgemeinde Zeven")
    expect(zeven).to_contain_text("offen")
    zeven.get_by_role("link", name="Beantworten").click()
    page.fill("#id_answer", "Wir vermitteln eine Stelle aus dem Kreishaus.")
    page.fill("#id_action", "Abordnung einer Sozialarbeiterin ab 01.12.2026")
    page.check("#id_resolves")
    check_axe(page)
    shot(page, "notice-02-answer")
    page.locator(SUBMIT).click()
    resolved = page.locator("section", has_text="Behoben (Verlauf)")
    expect(resolved).to_contain_text("Abordnung einer Sozialarbeiterin")
    check_axe(page)
    shot(page, "notice-03-list")
