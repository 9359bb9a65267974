"""Values at the edges are a JSON 4xx with a detail, never a server error, and write nothing."""

import json

import pytest

from teilhabe.allocation.models import Arrival, Capacity
from teilhabe.inventory.models import Activity
from teilhabe.regions.models import Municipality
from teilhabe.testing import ZEVEN_ARS, make_activity

pytestmark = pytest.mark.django_db
ARRIVALS = f"/api/v1/municipalities/{ZEVEN_ARS}/arrivals"
CAPACITIES = f"/api/v1/municipalities/{ZEVEN_ARS}/capacities"


@pytest.fixture
def post(client, personas):
    client.force_login(personas["alice"])  # the coordinator, through the web session
    return lambda url, body: client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_an_arrival_on_a_date_out_of_range_is_a_422(post, day):
    response = post(ARRIVALS, {"date": day, "persons": 3, "households": 1})
    assert response.status_code == 422
    assert "1900-01-01" in json.dumps(response.json()["detail"])
    assert not Arrival.objects.exists()


def test_a_capacity_the_service_refuses_is_a_json_422(post):
    body = {"date": "2026-05-01", "housing_total": 20, "housing_occupied": 5, "staff_fte": "1.5"}
    first = post(CAPACITIES, body)
    assert first.status_code == 201, first.json()
    again = post(CAPACITIES, {**body, "housing_total": 30})  # the same day once more
    assert again.status_code == 422 and again["Content-Type"].startswith("application/json")
    assert isinstance(again.json()["detail"], str)
    assert Capacity.objects.get().housing_total == 20


def test_arrivals_the_service_refuses_are_a_json_422(post):
    response = post(ARRIVALS, {"date": "2026-05-01", "persons": 1, "households": 2})
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)


def test_nul_characters_are_a_422_in_bodies_and_query_strings(client, post, rotenburg):
    response = post(
        "/api/v1/districts/03357/activities", {"title": "a\x00b", "field_of_action": "language"}
    )
    assert response.status_code == 422 and not Activity.objects.exists()
    for query in ("municipality=%00", "field_of_action=%00"):
        assert client.get(f"/api/v1/districts/03357/activities?{query}").status_code == 422
    assert client.get("/api/v1/districts/03357/events?kind=%00").status_code == 422


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_as_of_and_since_out_of_range_are_a_422(client, personas, day):
    client.force_login(personas["alice"])
    assert client.get(f"/api/v1/districts/03357/activities?as_of={day}").status_code == 422
    assert client.get(f"{ARRIVALS}?since={day}").status_code == 422
    assert client.get(f"{ARRIVALS}?until={day}").status_code == 422


@pytest.mark.parametrize("header", ["²", "١٢x", "99999999999999999999999", "-1", ""])
def test_an_unreadable_if_match_counts_as_missing(client, personas, rotenburg, header):
    activity = make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS))
    client.force_login(personas["alice"])
    response = client.patch(
        f"/api/v1/activities/{activity.pk}",
        json.dumps({"title": "Neu"}),
        content_type="application/json",
        HTTP_IF_MATCH=header,
    )
    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Sprachcafé", 1)
