"""The regions pages as a coordinator sees them: German formats, totals, map, few queries."""

import pytest
from django.urls import reverse

from teilhabe.regions.models import Municipality
from teilhabe.testing import ZEVEN_ARS


@pytest.fixture
def alice_client(client, personas):
    client.force_login(personas["alice"])
    return client


def test_district_page_shows_german_numbers_and_totals(alice_client):
    page = alice_client.get(reverse("regions:district-detail", args=["03357"])).content.decode()
    assert "22.698" in page  # Rotenburg (Wümme), Zensus 2022
    assert page.count("163.496") == 2  # key figure and table total
    assert "15.05.2022" in page
    assert "3 Städte, 2 Einheitsgemeinden, 8 Samtgemeinden" in page
    assert page.count('class="municipality') == 13


def test_reference_date_can_be_chosen(alice_client):
    url = reverse("regions:district-detail", args=["03357"])
    page = alice_client.get(url, {"stichtag": "2022-12-31"}).content.decode()
    assert "167.604" in page  # the Destatis update on the old Zensus 2011 basis
    # a date without figures, or nonsense, falls back to the district's date
    for value in ["1999-01-01", "kaputt"]:
        assert "163.496" in alice_client.get(url, {"stichtag": value}).content.decode()


def test_english_uses_english_number_format(alice_client):
    alice_client.cookies["django_language"] = "en"
    page = alice_client.get(reverse("regions:district-detail", args=["03357"])).content.decode()
    assert "163,496" in page and "Municipalities" in page


def test_municipality_page_lists_members_and_figures(alice_client):
    page = alice_client.get(reverse("regions:municipality-detail", args=[ZEVEN_ARS])).content
    text = page.decode()
    for name in ["Elsdorf", "Gyhum", "Heeslingen", "Zeven"]:
        assert name in text
    assert "22.708" in text and "Zensus 2022" in text
    assert 'class="municipality is-current"' in text


def test_boundaries_download_is_geojson(alice_client):
    response = alice_client.get(reverse("regions:district-boundaries", args=["03357"]))
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert len(data["features"]) == 13
    assert {f["geometry"]["type"] for f in data["features"]} == {"Polygon"}


def test_invalid_profile_input_is_kept_and_explained(client, personas):
    client.force_login(personas["bob"])
    url = reverse("regions:municipality-edit", args=[ZEVEN_ARS])
    response = client.post(url, {"website": "keine adresse", "description": "Sprachcafé"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Es wurde noch nichts gespeichert" in page
    assert "Sprachcafé" in page  # nothing typed is lost
    assert Municipality.objects.get(ars=ZEVEN_ARS).description == ""


@pytest.mark.parametrize(
    ("name", "arg"),
    [("regions:district-detail", "03357"), ("regions:municipality-detail", ZEVEN_ARS)],
)
def test_pages_need_few_queries(alice_client, django_assert_max_num_queries, name, arg):
    with django_assert_max_num_queries(12):
        assert alice_client.get(reverse(name, args=[arg])).status_code == 200


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31.12.9999", "²"])
def test_a_reference_date_out_of_range_falls_back_with_a_message(alice_client, value):
    url = reverse("regions:district-detail", args=["03357"])
    response = alice_client.get(url, {"stichtag": value})
    page = response.content.decode()
    assert response.status_code == 200 and "163.496" in page
    assert "Der Stichtag wurde nicht übernommen" in page
