"""What the resources return: paging, filters, "as of", consent, counts only for arrivals."""

import datetime

import pytest
from django.utils import timezone

from teilhabe.allocation.services import create_period, record_arrival
from teilhabe.inventory import services
from teilhabe.network.models import Contact
from teilhabe.network.services import save_contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, personas):
    client.force_login(personas["carol"])  # a viewer of Rotenburg, through the web session
    return lambda url: client.get(f"/api/v1{url}")


def test_activities_are_paged_and_filtered(api, rotenburg):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    for n in range(5):
        make_activity(rotenburg, zeven, title=f"Angebot {n}", status="active" if n else "planned")
    make_activity(rotenburg, Municipality.objects.get(ars=SOTTRUM_ARS))
    page = api("/districts/03357/activities?page_size=2&page=2").json()
    assert (page["count"], page["pages"], len(page["results"])) == (6, 3, 2)
    only = api(f"/districts/03357/activities?municipality={ZEVEN_ARS}&status=planned").json()
    assert [a["title"] for a in only["results"]] == ["Angebot 0"]
    assert api("/districts/03357/activities?status=unsinn").status_code == 422


def test_activities_as_of_a_past_date(api, rotenburg):
    activity = make_activity(rotenburg, Municipality.objects.get(ars=ZEVEN_ARS), status="planned")
    activity.history.update(history_date=timezone.now() - datetime.timedelta(days=30))
    services.update_activity(activity.pk, {"status": "active"}, expected_version=1)
    before = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    then = api(f"/districts/03357/activities?as_of={before}").json()["results"]
    now = api("/districts/03357/activities").json()["results"]
    assert [a["status"] for a in then] == ["planned"]
    assert [a["status"] for a in now] == ["active"]
    history = api(f"/activities/{activity.pk}/history").json()
    assert [(h["kind"], h["status"]) for h in history] == [
        ("created", "planned"),
        ("changed", "active"),
    ]


def test_contacts_only_with_consent_and_details_only_for_contributors(
    api, client, personas, rotenburg
):
    save_contact(
        rotenburg,
        {
            "name": "Anna Gelistet",
            "email": "anna@example.org",
            "consent_date": datetime.date(2026, 3, 1),
            "consent_way": "form",
        },
    )
    Contact.objects.create(district=rotenburg, name="Ohne Einwilligung", consent_date=None)
    rows = api("/districts/03357/contacts").json()["results"]
    assert [(c["name"], c["email"]) for c in rows] == [("Anna Gelistet", None)]
    client.force_login(personas["alice"])
    rows = client.get("/api/v1/districts/03357/contacts").json()["results"]
    assert [(c["name"], c["email"]) for c in rows] == [("Anna Gelistet", "anna@example.org")]


def test_quotas_and_arrivals_are_counts(api, rotenburg):
    period = create_period(
        rotenburg,
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
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    record_arrival(
        zeven, {"date": datetime.date(2026, 5, 1), "persons": 4, "households": 1, "kind": "asylum"}
    )
    quotas = api(f"/allocation-periods/{period.pk}/quotas").json()
    assert len(quotas) == 13 and sum(q["new"] for q in quotas) == 100
    assert next(q for q in quotas if q["municipality"] == ZEVEN_ARS)["arrived"] == 4
    arrivals = api(f"/municipalities/{ZEVEN_ARS}/arrivals?since=2026-04-01").json()
    assert arrivals["count"] == 1
    assert api(f"/municipalities/{ZEVEN_ARS}/arrivals?since=2026-06-01").json()["count"] == 0
    arrival = arrivals["results"][0]
    assert set(arrival) == {
        "id",
        "municipality",
        "date",
        "persons",
        "households",
        "kind",
        "counts_toward_quota",
    }
