"""The Wegweiser as a newcomer meets it, in Chromium on a 390 px wide phone: finding the language
café in Zeven in Arabic and in Ukrainian, opening it and taking its event into the calendar;
axe-core's WCAG 2.1 AA rules on every public page in every language; and, on every page, no
cookie and no request to another host.

With TEILHABE_SCREENSHOTS=DIR set, every public page is also saved there in German, Arabic and
Ukrainian at 390 and 1280 px, to be looked at."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from e2e_helpers import shot
from playwright.sync_api import Page, Request, Response, expect

from teilhabe.directory import services
from teilhabe.directory.tests.conftest import SECRETS, Wegweiser, build
from teilhabe.testing import ZEVEN_ARS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ["de", "en", "uk", "ar", "fa", "tr", "ru"]
ARABIC = {
    "title": "مقهى اللغة في السوق",
    "description": "نتحدث الألمانية مع القهوة والكعك، لكل من هو جديد في تسيفن.",
    "opening_hours": "كل يوم ثلاثاء من 15 إلى 17، ما عدا العطل المدرسية",
    "volunteer_tasks": "إجراء محادثات بالألمانية",
    "volunteer_time": "ساعتان في الأسبوع",
}
UKRAINIAN = {
    "title": "Мовне кафе на ринку",
    "description": "Розмовляємо німецькою за кавою та тістечками, для всіх, хто нещодавно в Цефені.",
    "opening_hours": "Щовівторка 15–17, крім шкільних канікул",
    "volunteer_tasks": "Розмови німецькою",
    "volunteer_time": "2 години на тиждень",
}


@pytest.fixture
def wegweiser(rotenburg) -> Wegweiser:
    found = build(rotenburg)
    services.save_translation(found.cafe, "ar", ARABIC, None)
    services.save_translation(found.cafe, "uk", UKRAINIAN, None)
    return found


def pages(w: Wegweiser, language: str) -> dict[str, str]:
    """Every public HTML page of the district, by a short name, in `language`."""
    prefix = "" if language == "de" else f"/{language}"
    base = f"{prefix}/03357"
    return {
        "start": f"{base}/",
        "offers": f"{base}/angebote/",
        "search": f"{base}/angebote/?q=Sprachcafe&municipality={ZEVEN_ARS}",
        "nothing-found": f"{base}/angebote/?q=Walross",
        "offer": f"{base}/angebote/{w.cafe.pk}/",
        "offer-untranslated": f"{base}/angebote/{w.counselling.pk}/",
        "events": f"{base}/termine/",
        "volunteering": f"{base}/mitmachen/",
        "easy-read": f"{base}/leichte-sprache/",
        "imprint": f"{base}/impressum/",
        "privacy": f"{base}/datenschutz/",
        "open-data": f"{base}/daten/",
        "embed": f"{base}/einbetten/{ZEVEN_ARS}/",
        "not-found": f"{base}/angebote/999999/",
    }


class Watch:
    """Every request and response of a page."""

    def __init__(self, page: Page) -> None:
        self.requests: list[str] = []
        self.responses: list[Response] = []
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _response(self, response: Response) -> None:
        self.responses.append(response)

    def check(self, page: Page, host: str) -> None:
        foreign = [url for url in self.requests if urlsplit(url).netloc != host]
        assert not foreign, foreign
        for response in self.responses:
            headers = response.all_headers()
            assert "set-cookie" not in headers, response.url
        assert page.evaluate("document.cookie") == ""
        assert page.context.cookies() == []
        self.requests.clear()
        self.responses.clear()


def find_the_cafe(page: Page, live_server, language: str, query: str, title: str) -> None:
    """As a newcomer: the start page, a word in the search box, Zeven as the place, the café."""
    watch = Watch(page)
    host = urlsplit(live_server.url).netloc
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/{language}/03357/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("searchbox").fill(query)
    page.locator("form[role=search] button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/angebote/" in url)
    filters = page.locator("details.ww-filters")
    if filters.get_attribute("open") is None:
        filters.locator("summary").click()
    page.locator("#id_municipality").select_option(ZEVEN_ARS)
    page.locator("details.ww-filters .ww-actions button[type=submit]").click()
    page.wait_for_url(lambda url: f"municipality={ZEVEN_ARS}" in url)
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with page.expect_download() as info:
        page.locator("ul.ww-events a[download]").first.click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    ics = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in ics and "Offener Sprachabend" in ics
    watch.check(page, host)


def test_a_newcomer_finds_the_language_cafe_in_zeven_in_arabic(
    page: Page, live_server, wegweiser: Wegweiser, check_axe
):
    find_the_cafe(page, live_server, "ar", "مقهى", ARABIC["title"])
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    check_axe(page)


def test_a_newcomer_finds_the_language_cafe_in_zeven_in_ukrainian(
    page: Page, live_server, wegweiser: Wegweiser, check_axe
):
    find_the_cafe(page, live_server, "uk", "мовне кафе", UKRAINIAN["title"])
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    check_axe(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_is_accessible_cookie_free_and_local(
    page: Page, live_server, wegweiser: Wegweiser, check_axe, language: str
):
    watch = Watch(page)
    host = urlsplit(live_server.url).netloc
    direction = "rtl" if language in ("ar", "fa") else "ltr"
    sizes = [PHONE, DESKTOP] if language in ("de", "ar", "uk") else [PHONE]
    for name, path in pages(wegweiser, language).items():
        for size in sizes:
            page.set_viewport_size(size)
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None
            assert response.status == (404 if name == "not-found" else 200), path
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", direction)
            body = page.content()
            for secret in SECRETS:
                assert secret not in body, (path, secret)
            if size is PHONE:
                check_axe(page)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], (path, width)
            shot(page, f"{name}-{language}-{size['width']}")
        watch.check(page, host)
