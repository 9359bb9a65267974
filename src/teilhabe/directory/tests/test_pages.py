"""The public pages (views.py, downloads.py, the feed): each answers in every language without
a login, sets no cookie, and never shows a non-public offer, one that dropped out, an internal
event or a contact without recorded consent: not on a page, in the feed, the open data
(CSV, GeoJSON), a calendar file, an embedded page or the flyer."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.directory import flyer, queries
from teilhabe.directory.tests.conftest import SECRETS, Wegweiser
from teilhabe.events.services import create_event
from teilhabe.inventory.services import update_activity
from teilhabe.testing import ZEVEN_ARS

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "uk", "ar", "fa", "tr", "ru"]
AGS = "03357"


def public_urls(w: Wegweiser, language: str) -> list[str]:
    """Every public page and download of the district, in `language`."""
    with translation.override(language):
        pages = [
            reverse("directory:district", kwargs={"ags": AGS}),
            reverse("directory:offers", kwargs={"ags": AGS}),
            reverse("directory:offers", kwargs={"ags": AGS}) + "?q=Sprachcafe",
            reverse("directory:offer", kwargs={"ags": AGS, "pk": w.cafe.pk}),
            reverse("directory:offer", kwargs={"ags": AGS, "pk": w.counselling.pk}),
            reverse("directory:events", kwargs={"ags": AGS}),
            reverse("directory:event-ical", kwargs={"ags": AGS, "pk": w.event.pk}),
            reverse("directory:volunteering", kwargs={"ags": AGS}),
            reverse("directory:easy-read", kwargs={"ags": AGS}),
            reverse("directory:imprint", kwargs={"ags": AGS}),
            reverse("directory:privacy", kwargs={"ags": AGS}),
            reverse("directory:open-data", kwargs={"ags": AGS}),
            reverse("directory:csv", kwargs={"ags": AGS}),
            reverse("directory:geojson", kwargs={"ags": AGS}),
            reverse("directory:embed", kwargs={"ags": AGS, "ars": ZEVEN_ARS}),
        ]
    feed = reverse("api:public-offers", kwargs={"ags": AGS}) + f"?language={language}"
    return [*pages, feed]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_without_login_cookie_or_secret(
    wegweiser: Wegweiser, language: str
):
    client = Client()
    for url in public_urls(wegweiser, language):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        assert "Set-Cookie" not in response.headers, url
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    assert not client.cookies


@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_pages_are_in_the_address_language_and_rtl_where_it_is(wegweiser: Wegweiser, language: str):
    with translation.override(language):
        url = reverse("directory:offers", kwargs={"ags": AGS})
        search = translation.gettext("Search")
    body = Client().get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}"' in body
    assert search in body


def test_the_offer_page_shows_what_a_visitor_needs(wegweiser: Wegweiser):
    url = reverse("directory:offer", kwargs={"ags": AGS, "pk": wegweiser.cafe.pk})
    body = Client().get(url).content.decode()
    for shown in (
        "Sprachcafé am Markt",
        "Große Straße 5, 27404 Zeven",
        "Jeden Dienstag 15–17 Uhr",
        "kostenlos",
        "barrierefrei",
        "keine Anmeldung nötig",
        "Arabisch",
        "04281 555 10",
        "sprachcafe@example.org",
        "Erika Muster",  # consented
        "Gespräche auf Deutsch führen",
        "Offener Sprachabend",
        f"Stand: {timezone.localdate():%d.%m.%Y}",
        '"@type": "',  # schema.org JSON-LD
    ):
        assert shown in body, shown


def test_a_contact_whose_consent_is_gone_is_not_shown(wegweiser: Wegweiser):
    url = reverse("directory:offer", kwargs={"ags": AGS, "pk": wegweiser.counselling.pk})
    body = Client().get(url).content.decode()
    assert "Migrationsberatung Sottrum" in body
    assert "Hanna Heimlich" not in body and "0421 999 666" not in body


@pytest.mark.parametrize("name", ["hidden", "stale"])
def test_an_offer_that_is_not_public_is_not_found(wegweiser: Wegweiser, name: str):
    offer = getattr(wegweiser, name)
    response = Client().get(reverse("directory:offer", kwargs={"ags": AGS, "pk": offer.pk}))
    assert response.status_code == 404
    assert offer.title not in response.content.decode()
    assert not response.cookies


def test_an_offer_made_non_public_while_open_is_gone_at_once(wegweiser: Wegweiser):
    client = Client()
    url = reverse("directory:offer", kwargs={"ags": AGS, "pk": wegweiser.cafe.pk})
    assert client.get(url).status_code == 200  # and now cached
    update_activity(wegweiser.cafe.pk, {"public": False}, wegweiser.cafe.version)
    assert client.get(url).status_code == 404
    listing = client.get(reverse("directory:offers", kwargs={"ags": AGS})).content.decode()
    assert "Sprachcafé am Markt" not in listing


def test_the_feed_is_paged_open_to_every_site_and_only_public(wegweiser: Wegweiser):
    url = reverse("api:public-offers", kwargs={"ags": AGS})
    response = Client().get(url, {"page_size": 2, "language": "uk"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    page = response.json()
    assert page["count"] == 3 and page["pages"] == 2 and len(page["results"]) == 2
    second = Client().get(url, {"page_size": 2, "page": 2}).json()["results"]
    titles = {r["title"] for r in [*page["results"], *second]}
    assert titles == {
        "Sprachcafé am Markt",
        "Migrationsberatung Sottrum",
        "Fahrradwerkstatt Rotenburg",
    }
    assert all(r["text_language"] == "de" for r in page["results"])  # none translated yet
    assert Client().get(reverse("api:public-offers", kwargs={"ags": "99999"})).status_code == 404


def test_open_data_csv_and_geojson(wegweiser: Wegweiser):
    client = Client()
    csv = client.get(reverse("directory:csv", kwargs={"ags": AGS}))
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Sprachcafé am Markt" in text and "Fahrradwerkstatt Rotenburg" in text
    assert csv["Link"] == '<https://www.govdata.de/dl-de/by-2-0>; rel="license"'
    assert (
        client.get(reverse("directory:csv", kwargs={"ags": AGS}))["Link"] == csv["Link"]
    )  # cached
    geo = json.loads(client.get(reverse("directory:geojson", kwargs={"ags": AGS})).content)
    assert geo["type"] == "FeatureCollection" and geo["license"] == "dl-de/by-2-0"
    located = [f for f in geo["features"] if f["geometry"]]
    assert [f["properties"]["title"] for f in located] == ["Sprachcafé am Markt"]
    assert located[0]["geometry"]["coordinates"] == [9.2764, 53.2981]
    assert len(geo["features"]) == 3


def test_the_calendar_file_of_a_public_event_and_none_of_an_internal_one(wegweiser: Wegweiser):
    client = Client()
    ics = client.get(reverse("directory:event-ical", kwargs={"ags": AGS, "pk": wegweiser.event.pk}))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Offener Sprachabend" in body
    assert "LOCATION:Rathaus Zeven" in body
    internal = reverse("directory:event-ical", kwargs={"ags": AGS, "pk": wegweiser.internal.pk})
    assert client.get(internal).status_code == 404


def test_a_past_public_event_is_no_longer_listed(wegweiser: Wegweiser):
    past = create_event(
        wegweiser.district,
        {
            "title": "Vergangener Abend",
            "date": timezone.localdate() - datetime.timedelta(days=1),
            "public": True,
        },
    )
    body = Client().get(reverse("directory:events", kwargs={"ags": AGS})).content.decode()
    assert "Offener Sprachabend" in body and past.title not in body


def test_the_flyer_lists_only_public_offers_with_a_qr_code(wegweiser: Wegweiser):
    cards = queries.municipality_offers(wegweiser.district, wegweiser.zeven)
    html = flyer.document(wegweiser.district, wegweiser.zeven, cards, "https://example.org/x/")
    assert "Sprachcafé am Markt" in html and "Fahrradwerkstatt Rotenburg" in html
    assert "Migrationsberatung Sottrum" not in html  # another municipality
    for secret in SECRETS:
        assert secret not in html
    assert re.search(r'<svg [^>]*class="qr"', html)
    pdf = Client().get(reverse("directory:flyer", kwargs={"ags": AGS, "ars": ZEVEN_ARS}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and not pdf.cookies


@pytest.mark.parametrize(
    "url",
    [
        "/99999/",
        "/xx/03357/",
        "/03357/angebote/abc/",
        "/03357/angebote/99999999999999999999/",
        "/03357/einbetten/999999999999/",
        "/03357/flyer/999999999999.pdf",
        "/03357/termine/123.ics",
    ],
)
def test_unknown_districts_languages_and_offers_are_a_public_404(wegweiser: Wegweiser, url: str):
    response = Client().get(url)
    assert response.status_code == 404
    assert not response.cookies
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def test_a_post_is_refused_without_a_cookie(wegweiser: Wegweiser):
    response = Client().post(reverse("directory:district", kwargs={"ags": AGS}))
    assert response.status_code in (403, 405)
    assert not response.cookies


def test_the_language_links_keep_the_page_and_the_filters(wegweiser: Wegweiser):
    with translation.override("ar"):
        url = reverse("directory:offers", kwargs={"ags": AGS})
    body = Client().get(url, {"q": "café", "municipality": ZEVEN_ARS}).content.decode()
    query = f"?q=caf%C3%A9&amp;municipality={ZEVEN_ARS}"
    assert f'href="/03357/angebote/{query}" lang="de"' in body
    assert f'href="/uk/03357/angebote/{query}" lang="uk"' in body
    assert f'<option value="{ZEVEN_ARS}" selected>' in body


def test_the_open_data_page_shows_the_code_to_copy_in_its_language(wegweiser: Wegweiser):
    with translation.override("uk"):
        url = reverse("directory:open-data", kwargs={"ags": AGS})
    body = Client().get(url).content.decode()
    assert "/api/v1/public/districts/03357/offers?language=uk&amp;page=1</code>" in body
    assert "&lt;iframe src=&quot;http://testserver/uk/03357/einbetten/" in body
