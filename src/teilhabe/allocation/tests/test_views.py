"""Allocation pages: bad input is explained and nothing is written; closed periods stay closed."""

import datetime
import re

import pytest
from django.urls import reverse

from teilhabe.allocation import services
from teilhabe.allocation.models import Adjustment, AllocationPeriod, Arrival, Capacity
from teilhabe.core.confirm import CONFIRMED
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, post_asks_first

D = datetime.date


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


def arrival_url(ars=ZEVEN_ARS):
    return reverse("allocation:arrival-create", args=[ars])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"persons": "-3"}, "größer oder gleich"),
        ({"persons": "0"}, "größer oder gleich 1"),
        ({"persons": "2,5"}, "ganze Zahl"),
        ({"households": "9"}, "nicht mehr Haushalte als Personen"),
        ({"date": "2025-01-10"}, "liegt in keinem Verteilzeitraum"),
        ({"persons": "9223372036854775807"}, "Zahl von höchstens 10.000 ein"),
        ({"households": "99999999999"}, "Zahl von höchstens 10.000 ein"),
    ],
)
def test_bad_arrivals_are_explained_and_not_saved(client, personas, period, data, message):
    client.force_login(personas["bob"])
    base = {
        "date": "2026-05-01",
        "persons": "4",
        "households": "2",
        "kind": "asylum",
        "counts_toward_quota": "on",
    }
    response = client.post(arrival_url(), {**base, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Arrival.objects.exists()


def test_an_editor_records_arrivals_only_for_their_own_municipality(client, personas, period):
    client.force_login(personas["bob"])
    data = {
        "date": "2026-05-01",
        "persons": "4",
        "households": "2",
        "kind": "asylum",
        "counts_toward_quota": "on",
    }
    assert client.post(arrival_url(), data).status_code == 302
    assert client.post(arrival_url(SOTTRUM_ARS), data).status_code == 403
    assert Arrival.objects.get().municipality.ars == ZEVEN_ARS


def test_a_viewer_reads_but_does_not_write(client, personas, period):
    client.force_login(personas["carol"])
    assert client.get(reverse("allocation:period-detail", args=[period.pk])).status_code == 200
    assert client.post(reverse("allocation:period-close", args=[period.pk])).status_code == 403
    period.refresh_from_db()
    assert not period.is_closed


def test_closing_a_period_asks_first(client, personas, period):
    client.force_login(personas["alice"])
    url = reverse("allocation:period-close", args=[period.pk])
    asked, _done = post_asks_first(
        client, url, lambda: AllocationPeriod.objects.get(pk=period.pk).closed_at
    )
    html = asked.content.decode()
    assert f"Zeitraum {period.name} abschließen?" in html
    assert "keine Zugänge mehr darin erfasst werden" in html


def test_a_closed_period_refuses_credits_and_arrivals(client, personas, period):
    client.force_login(personas["alice"])
    client.post(reverse("allocation:period-close", args=[period.pk]), {CONFIRMED: "yes"})
    period.refresh_from_db()
    assert period.is_closed
    response = client.post(
        reverse("allocation:adjustment-create", args=[period.pk]),
        {
            "municipality": period.district.municipalities.get(ars=ZEVEN_ARS).pk,
            "kind": "credit",
            "persons": "5",
            "reason": "Erstaufnahme",
        },
    )
    assert "abgeschlossen" in response.content.decode()
    assert not Adjustment.objects.exists()
    data = {"date": "2026-05-01", "persons": "4", "households": "2", "kind": "asylum"}
    assert "abgeschlossen" in client.post(arrival_url(), data).content.decode()
    assert not Arrival.objects.exists()


def test_overlapping_period_is_explained(client, personas, period):
    client.force_login(personas["alice"])
    response = client.post(
        reverse("allocation:period-create", args=["03357"]),
        {
            "name": "Doppelt",
            "start": "2026-09-01",
            "end": "2027-02-28",
            "quota": "10",
            "population_date": "2022-05-15",
            "method": "dhondt",
            "staff_ratio_limit": "80",
        },
    )
    assert "überschneidet sich" in response.content.decode()
    assert AllocationPeriod.objects.count() == 1


def test_capacity_with_more_occupied_than_total_is_refused(client, personas, period):
    client.force_login(personas["bob"])
    response = client.post(
        reverse("allocation:capacity-create", args=[ZEVEN_ARS]),
        {
            "date": "2026-04-01",
            "housing_total": "10",
            "housing_occupied": "12",
            "staff_fte": "1",
        },
    )
    assert "Mehr Plätze belegt als vorhanden" in response.content.decode()
    assert not Capacity.objects.exists()


def test_period_export_is_a_workbook(client, personas, period):
    import io

    import openpyxl

    client.force_login(personas["carol"])
    response = client.get(reverse("allocation:period-export", args=[period.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.max_row == 14  # header and 13 municipalities
    assert sum(row[8].value for row in sheet.iter_rows(min_row=2)) == 895  # targets


def test_dashboard_needs_few_queries(client, personas, period, django_assert_max_num_queries):
    client.force_login(personas["alice"])
    with django_assert_max_num_queries(20):
        client.get(reverse("allocation:period-detail", args=[period.pk]), {"household": "3"})


def numbers_in_cells(page: str) -> list[str]:
    """The text of every numeric table cell and key figure of a page."""
    cells = re.findall(
        r'class="[^"]*(?:--numeric|figure)[^"]*">(.*?)</t[dh]>|class="figure">(.*?)<', page
    )
    return [re.sub(r"<[^>]+>", "", a or b).strip() for a, b in cells]


def test_carried_figures_from_an_open_period_say_so(client, personas, period):
    following = services.create_period(
        period.district,
        {
            "name": "2026/II",
            "start": D(2026, 10, 1),
            "end": D(2027, 3, 31),
            "quota": 1370,
            "population_date": D(2022, 5, 15),
            "method": "hare-niemeyer",
            "staff_ratio_limit": 80,
        },
    )
    client.force_login(personas["carol"])
    url = reverse("allocation:period-detail", args=[following.pk])
    page = client.get(url).content.decode()
    assert "carried-provisional" in page and "„2026/I“" in page
    # Thousands separated wherever numbers are shown (1.370, never 1370).
    numbers = numbers_in_cells(page)
    assert "1.370" in numbers
    assert not [n for n in numbers if re.search(r"\d{4}", n)], numbers
    services.close_period(period)
    assert "carried-provisional" not in client.get(url).content.decode()
