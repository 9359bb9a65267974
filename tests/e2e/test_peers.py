"""Peer start-up help in Chromium: the gaps of a municipality, suggestions with reasons, a
tandem proposed by the coordinator, confirmed by both sides, an outcome linking the activity that
started. Then axe-core on every page of the capability. Screenshots to $TEILHABE_SCREENSHOTS."""

import datetime

import pytest
from e2e_helpers import login, shot
from playwright.sync_api import Page, expect

from teilhabe.regions.models import District, Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _helpers(district):
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    make_activity(
        district,
        sottrum,
        title="Sprachcafé Sottrum",
        volunteers=12,
        start_date=datetime.date(2022, 3, 1),
    )
    bothel = district.municipalities.get(name="Samtgemeinde Bothel")
    make_activity(
        district,
        bothel,
        title="Deutsch im Dorf",
        volunteers=2,
        start_date=datetime.date(2026, 1, 1),
    )
    make_activity(district, bothel, title="Lesepaten", status="planned")


def test_gap_suggestion_tandem_confirmed_by_both_sides_with_outcome(
    page: Page, live_server, personas, browser
):
    district = District.objects.get(ags="03357")
    _helpers(district)
    login(page, live_server, "alice", start=False)
    page.goto(f"{live_server.url}/districts/03357/peers/")
    shot(page, "peers-01-overview")
    page.get_by_role("link", name="Samtgemeinde Zeven").first.click()
    shot(page, "peers-02-municipality")
    page.locator(".gap-list").get_by_role("link", name="Sprache").click()
    suggestions = page.locator("li.suggestion")
    expect(suggestions).to_have_count(2)
    expect(suggestions.first).to_contain_text("Samtgemeinde Sottrum")
    expect(suggestions.first).to_contain_text("12 Ehrenamtliche")
    expect(suggestions.first).to_contain_text("km zwischen den Verwaltungssitzen")
    expect(page.locator("main")).not_to_contain_text("Lesepaten")  # planned: not offered
    shot(page, "peers-03-suggestions")
    suggestions.first.get_by_role("button", name="Tandem vorschlagen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Samtgemeinde Sottrum → Samtgemeinde Zeven"
    )
    tandem_url = page.url

    editor = browser.new_page(locale="de-DE")
    login(editor, live_server, "bob")  # editor of Zeven, the receiving side
    editor.goto(tandem_url)
    expect(editor.get_by_role("button", name="Bestätigen für Samtgemeinde Sottrum")).to_have_count(
        0
    )
    editor.get_by_role("button", name="Bestätigen für Samtgemeinde Zeven").click()
    expect(editor.locator(".kern-alert--success")).to_contain_text("Samtgemeinde Zeven")

    page.goto(tandem_url)
    page.get_by_role("button", name="Bestätigen für Samtgemeinde Sottrum").click()
    expect(page.locator("dl.facts")).to_contain_text("vereinbart")
    page.get_by_role("button", name="Auf „aktiv“ setzen").click()
    expect(page.locator("dl.facts")).to_contain_text("aktiv")
    page.locator("#id_text").fill("Erstes Treffen, Hospitation im Sprachcafé Sottrum")
    page.get_by_role("button", name="Vermerk speichern").click()

    started = make_activity(
        district,
        Municipality.objects.get(ars=ZEVEN_ARS),
        title="Sprachcafé Zeven",
        status="starting",
    )
    page.reload()
    page.locator("#id_activity").select_option(str(started.pk))
    page.locator("#id_outcome").fill("Gestartet mit zwei Ehrenamtlichen aus Sottrum")
    page.get_by_role("button", name="Ergebnis speichern").click()
    expect(page.locator("dl.facts")).to_contain_text("Sprachcafé Zeven")
    shot(page, "peers-04-tandem")
    page.goto(f"{live_server.url}/districts/03357/peers/")
    expect(page.locator("#tandems")).to_contain_text("Sprachcafé Zeven")
    expect(page.locator("svg.peer-network line.tandem")).to_have_count(1)
    shot(page, "peers-05-overview-with-tandem")


def _page(which: str):
    def visit(page: Page, live_server) -> None:
        from teilhabe.inventory.models import Category
        from teilhabe.peers.demo import example_tandems
        from teilhabe.peers.models import Tandem

        district = District.objects.get(ags="03357")
        _helpers(district)
        list(example_tandems())
        language = Category.objects.get(district=district, key="language")
        paths = {
            "overview": "/districts/03357/peers/",
            "weights": "/districts/03357/peers/weights/",
            "municipality": f"/municipalities/{ZEVEN_ARS}/peers/",
            "suggestions": f"/municipalities/{ZEVEN_ARS}/peers/{language.pk}/",
            "tandem": f"/tandems/{Tandem.objects.order_by('pk').first().pk}/",
        }
        response = page.goto(f"{live_server.url}{paths[which]}")
        assert response is not None and response.status == 200
        shot(page, f"axe-peers-{which}-{page.evaluate('document.documentElement.lang')}")

    return visit


AXE_PAGES = {
    "overview": "carol",
    "weights": "alice",
    "municipality": "bob",
    "suggestions": "alice",
    "tandem": "alice",
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe(page: Page, live_server, personas, check_axe, name, language):
    if language != "de":
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    login(page, live_server, AXE_PAGES[name], start=False)
    _page(name)(page, live_server)
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_axe(page)
