"""The page cache (caching.py, signals.py): a public page is built once and then served from the
process's memory with one query (from the shared cache, as another process gets it, with two),
per language (and host); every change of the district's public
data (an offer, a translation, an event, a contact's consent, a field of action, the legal
texts) shows at once, and a change in one district leaves the other's pages cached."""

from collections.abc import Callable

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from teilhabe.directory import services
from teilhabe.directory.models import DistrictDirectory
from teilhabe.directory.tests.conftest import Wegweiser
from teilhabe.events.services import update_event
from teilhabe.inventory.models import Category
from teilhabe.inventory.services import update_activity
from teilhabe.network.models import Contact
from teilhabe.testing import make_activity

pytestmark = pytest.mark.django_db

AGS = "03357"
CACHED_QUERIES = 1  # the district's stamp; the page from the process's memory
SHARED_QUERIES = 2  # the district's stamp, the shared cache's entry


def get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def offer_url(w: Wegweiser, language: str = "de") -> str:
    with translation.override(language):
        return reverse("directory:offer", kwargs={"ags": AGS, "pk": w.cafe.pk})


def test_a_page_is_built_once_then_served_from_the_cache(wegweiser: Wegweiser):
    client = Client()
    url = reverse("directory:district", kwargs={"ags": AGS})
    first, built = get(client, url)
    again, cached = get(client, url)
    assert again == first
    assert cached == CACHED_QUERIES < built
    # Another language is another page.
    with translation.override("ar"):
        arabic, queries = get(client, reverse("directory:district", kwargs={"ags": AGS}))
    assert queries > CACHED_QUERIES and 'dir="rtl"' in arabic


def test_another_process_serves_the_page_from_the_shared_cache(wegweiser: Wegweiser):
    client = Client()
    url = reverse("directory:district", kwargs={"ags": AGS})
    first, _built = get(client, url)
    caches["process"].clear()  # as in a worker process that has not served the page yet
    again, queries = get(client, url)
    assert (again, queries) == (first, SHARED_QUERIES)
    assert get(client, url) == (first, CACHED_QUERIES)  # kept in this process's memory now


def test_a_change_made_by_another_process_shows_at_once(wegweiser: Wegweiser):
    """Nothing but the database tells a process of a change (no signal reaches it): the
    stamp, read with every page, does."""
    client = Client()
    url = offer_url(wegweiser)
    get(client, url)
    assert get(client, url)[1] == CACHED_QUERIES
    Activity = type(wegweiser.cafe)
    Activity.objects.filter(pk=wegweiser.cafe.pk).update(title="Sprachcafé am Bahnhof")
    DistrictDirectory.objects.filter(district=wegweiser.district).update(stamp="elsewhere")
    body, queries = get(client, url)
    assert queries > CACHED_QUERIES and "Sprachcafé am Bahnhof" in body


def _cached_then(client: Client, url: str, change: Callable[[], None]) -> str:
    get(client, url)
    assert get(client, url)[1] == CACHED_QUERIES
    change()
    body, queries = get(client, url)
    assert queries > CACHED_QUERIES, "a change did not reach the cached page"
    return body


def test_an_offer_change_shows_at_once(wegweiser: Wegweiser):
    cafe = wegweiser.cafe
    body = _cached_then(
        Client(),
        offer_url(wegweiser),
        lambda: update_activity(cafe.pk, {"title": "Sprachcafé im Rathaus"}, cafe.version),
    )
    assert "Sprachcafé im Rathaus" in body


def test_a_translation_shows_at_once(wegweiser: Wegweiser):
    body = _cached_then(
        Client(),
        offer_url(wegweiser, "uk"),
        lambda: services.save_translation(wegweiser.cafe, "uk", {"title": "Мовне кафе"}, None),
    )
    assert "Мовне кафе" in body


def test_an_event_change_shows_at_once(wegweiser: Wegweiser):
    body = _cached_then(
        Client(),
        reverse("directory:events", kwargs={"ags": AGS}),
        lambda: update_event(wegweiser.event, {"title": "Sprachabend mit Musik"}),
    )
    assert "Sprachabend mit Musik" in body


def test_a_withdrawn_consent_hides_the_contact_at_once(wegweiser: Wegweiser):
    def withdraw() -> None:
        contact = wegweiser.contact
        contact.consent_date = None
        contact.save()

    client = Client()
    assert "Erika Muster" in get(client, offer_url(wegweiser))[0]
    body = _cached_then(client, offer_url(wegweiser), withdraw)
    assert "Erika Muster" not in body
    assert not Contact.objects.listed().filter(pk=wegweiser.contact.pk).exists()


def test_a_renamed_field_of_action_and_new_legal_texts_show_at_once(wegweiser: Wegweiser):
    def rename() -> None:
        category = Category.objects.get(pk=wegweiser.cafe.category_id)
        category.name = "Sprache und Begegnung"
        category.save()

    client = Client()
    body = _cached_then(client, offer_url(wegweiser), rename)
    assert "Sprache und Begegnung" in body
    imprint = reverse("directory:imprint", kwargs={"ags": AGS})
    body = _cached_then(
        client,
        imprint,
        lambda: services.save_texts(
            wegweiser.district, {"imprint": "Kreishaus, Hopfengarten 2", "privacy": ""}
        ),
    )
    assert "Hopfengarten 2" in body


def test_a_change_in_another_district_keeps_this_ones_pages(wegweiser: Wegweiser, osterholz):
    client = Client()
    url = reverse("directory:district", kwargs={"ags": AGS})
    get(client, url)
    stamp = DistrictDirectory.objects.get(district=wegweiser.district).stamp
    make_activity(osterholz, None, title="Sprachcafé Osterholz", public=True)
    assert get(client, url)[1] == CACHED_QUERIES
    assert DistrictDirectory.objects.get(district=wegweiser.district).stamp == stamp


def test_the_browser_may_keep_a_page_a_minute(wegweiser: Wegweiser):
    response = Client().get(reverse("directory:district", kwargs={"ags": AGS}))
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cookie" not in response.get("Vary", "")
