"""Correcting and cancelling arrivals and capacities: with a reason, by whoever may enter
them, only while the period is open; a refused correction writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from teilhabe.allocation import corrections, queries, services
from teilhabe.allocation.models import Arrival, Capacity, Correction
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, post_asks_first

pytestmark = pytest.mark.django_db
D = datetime.date
MAY = D(2026, 5, 1)


@pytest.fixture
def period(rotenburg):
    return services.create_period(
        rotenburg,
        {
            "name": "2026/I",
            "start": D(2026, 4, 1),
            "end": D(2026, 9, 30),
            "quota": 895,
            "population_date": D(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )


def arrive(ars=ZEVEN_ARS, persons=4, households=2, day=MAY):
    return services.record_arrival(
        Municipality.objects.get(ars=ars),
        {"date": day, "persons": persons, "households": households, "kind": "asylum"},
    )


def capacity(ars=ZEVEN_ARS, day=MAY):
    return services.record_capacity(
        Municipality.objects.get(ars=ars),
        {"date": day, "housing_total": 20, "housing_occupied": 5, "staff_fte": Decimal("1.5")},
    )


def counted(period, ars=ZEVEN_ARS):
    return queries.counted_arrivals(period).get(Municipality.objects.get(ars=ars).pk, 0)


def form(arrival, **changes):
    data = {
        "date": arrival.date.isoformat(),
        "persons": str(arrival.persons),
        "households": str(arrival.households),
        "kind": arrival.kind,
        "counts_toward_quota": "on",
        "reason": "doppelt gezählt",
    }
    return {**data, **changes}


# The services ----------------------------------------------------------------------------------


def test_a_correction_changes_the_count_and_keeps_old_new_and_reason(period, personas):
    arrival = arrive(persons=4)
    corrections.correct_arrival(arrival.pk, {"persons": 3}, "eine Person doppelt", personas["bob"])
    assert counted(period) == 3
    kept = Correction.objects.get()
    assert (kept.action, kept.reason, kept.made_by) == (
        "corrected",
        "eine Person doppelt",
        personas["bob"],
    )
    assert kept.before["persons"] == 4 and kept.after["persons"] == 3
    change = corrections.changes(kept)
    assert [(c.before, c.after) for c in change] == [(4, 3)]


def test_a_cancellation_removes_the_arrival_and_keeps_what_it_said(period, personas):
    arrival = arrive(persons=4)
    corrections.cancel_arrival(arrival.pk, "falsche Kommune", personas["alice"])
    assert counted(period) == 0 and not Arrival.objects.exists()
    kept = Correction.objects.get()
    assert kept.action == "cancelled" and kept.after is None and kept.before["persons"] == 4


@pytest.mark.parametrize(("field", "value"), [("persons", -2), ("households", -1)])
def test_a_correction_that_makes_a_count_negative_is_refused(period, personas, field, value):
    arrival = arrive(persons=4)
    with pytest.raises(ValidationError) as refused:
        corrections.correct_arrival(arrival.pk, {field: value}, "Tippfehler", personas["bob"])
    assert "negativ" in refused.value.messages[0]
    assert "2026/I" in refused.value.messages[0]
    assert counted(period) == 4 and not Correction.objects.exists()


def test_a_negative_capacity_is_refused(period, personas):
    recorded = capacity()
    with pytest.raises(ValidationError):
        corrections.correct_capacity(
            recorded.pk, {"housing_total": -5}, "Tippfehler", personas["bob"]
        )
    recorded.refresh_from_db()
    assert recorded.housing_total == 20 and not Correction.objects.exists()


def test_without_a_reason_nothing_is_corrected(period, personas):
    arrival = arrive()
    with pytest.raises(ValidationError):
        corrections.correct_arrival(arrival.pk, {"persons": 3}, "  ", personas["bob"])
    with pytest.raises(ValidationError):
        corrections.cancel_arrival(arrival.pk, "", personas["bob"])
    assert Arrival.objects.get().persons == 4 and not Correction.objects.exists()


def test_a_closed_period_refuses_every_correction(period, personas):
    arrival = arrive()
    recorded = capacity()
    services.close_period(period)
    for attempt in (
        lambda: corrections.correct_arrival(arrival.pk, {"persons": 1}, "x", None),
        lambda: corrections.cancel_arrival(arrival.pk, "x", None),
        lambda: corrections.correct_capacity(recorded.pk, {"housing_total": 30}, "x", None),
        lambda: corrections.cancel_capacity(recorded.pk, "x", None),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert Arrival.objects.get().persons == 4 and Capacity.objects.get().housing_total == 20
    assert not Correction.objects.exists()


def test_an_arrival_cannot_be_moved_out_of_its_period(period, personas):
    arrival = arrive()
    with pytest.raises(ValidationError) as refused:
        corrections.correct_arrival(arrival.pk, {"date": D(2025, 1, 10)}, "Datum", None)
    assert "keinem Verteilzeitraum" in refused.value.messages[0]
    assert Arrival.objects.get().date == D(2026, 5, 1)


def test_a_capacity_is_corrected_and_cancelled(period, personas):
    recorded = capacity()
    corrections.correct_capacity(recorded.pk, {"housing_total": 25}, "nachgezählt", None)
    assert Capacity.objects.get().housing_total == 25
    corrections.cancel_capacity(recorded.pk, "doppelt", None)
    assert not Capacity.objects.exists()
    assert [c.action for c in Correction.objects.order_by("pk")] == ["corrected", "cancelled"]


# The pages ------------------------------------------------------------------------------------


def correct_url(arrival):
    return reverse("allocation:arrival-correct", args=[arrival.pk])


def test_an_editor_corrects_an_arrival_of_their_municipality(client, personas, period):
    arrival = arrive()
    client.force_login(personas["bob"])
    page = client.get(correct_url(arrival))
    assert page.status_code == 200 and "Grund der Korrektur" in page.content.decode()
    response = client.post(correct_url(arrival), form(arrival, persons="3"))
    assert response.status_code == 302
    assert counted(period) == 3
    assert Correction.objects.get().reason == "doppelt gezählt"


def test_the_page_explains_a_negative_correction_and_writes_nothing(client, personas, period):
    arrival = arrive()
    client.force_login(personas["bob"])
    response = client.post(correct_url(arrival), form(arrival, persons="-2"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "würde die Zahl der Personen von Samtgemeinde Zeven (2026/I) negativ machen" in html
    assert counted(period) == 4 and not Correction.objects.exists()


def test_the_page_refuses_a_correction_in_a_closed_period(client, personas, period):
    arrival = arrive()
    services.close_period(period)
    client.force_login(personas["alice"])
    response = client.post(correct_url(arrival), form(arrival, persons="3"))
    assert response.status_code == 400
    assert "abgeschlossen" in response.content.decode()
    assert Arrival.objects.get().persons == 4


def test_a_reason_is_required(client, personas, period):
    arrival = arrive()
    client.force_login(personas["bob"])
    response = client.post(correct_url(arrival), form(arrival, persons="3", reason=""))
    assert response.status_code == 400
    assert Arrival.objects.get().persons == 4


def test_cancelling_asks_first(client, personas, period):
    arrival = arrive()
    client.force_login(personas["bob"])
    url = reverse("allocation:arrival-cancel", args=[arrival.pk])
    asked, done = post_asks_first(
        client, url, lambda: Arrival.objects.count(), {"cancel-reason": "doppelt erfasst"}
    )
    assert "Zugang von 4 Personen am 01.05.2026 stornieren?" in asked.content.decode()
    assert done.status_code == 302 and counted(period) == 0
    assert Correction.objects.get().reason == "doppelt erfasst"


def test_an_editor_of_another_municipality_cannot_correct(client, personas, period):
    arrival = arrive(SOTTRUM_ARS)
    recorded = capacity(SOTTRUM_ARS)
    client.force_login(personas["bob"])  # edits Zeven, not Sottrum
    assert client.get(correct_url(arrival)).status_code == 403
    assert client.post(correct_url(arrival), form(arrival, persons="1")).status_code == 403
    cancel = reverse("allocation:arrival-cancel", args=[arrival.pk])
    assert client.post(cancel, {"cancel-reason": "x", "confirmed": "yes"}).status_code == 403
    url = reverse("allocation:capacity-cancel", args=[recorded.pk])
    assert client.post(url, {"cancel-reason": "x", "confirmed": "yes"}).status_code == 403
    assert Arrival.objects.get().persons == 4 and Capacity.objects.exists()
    assert not Correction.objects.exists()


def test_a_user_of_another_district_does_not_even_find_the_arrival(client, personas, period):
    arrival = arrive()
    client.force_login(personas["dave"])  # coordinates Osterholz
    assert client.get(correct_url(arrival)).status_code == 404
    assert client.post(correct_url(arrival), form(arrival, persons="1")).status_code == 404
    assert Arrival.objects.get().persons == 4


def test_the_entry_page_links_to_the_correction(client, personas, period):
    arrival = arrive()
    client.force_login(personas["bob"])
    page = client.get(reverse("allocation:arrival-create", args=[ZEVEN_ARS]))
    assert correct_url(arrival) in page.content.decode()
