"""The activity list's search: full text, municipality, field of action, status, kind of
provider, confirmed before; numbers sorted as numbers; htmx gets only the results."""

import datetime
import re

import pytest
from django.urls import reverse

from teilhabe.inventory.models import Activity, Category
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

pytestmark = pytest.mark.django_db
URL = reverse("inventory:activity-list", args=["03357"])


@pytest.fixture
def offers(rotenburg, osterholz):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    work = Category.objects.get(district=rotenburg, key="work")
    make_activity(rotenburg, zeven, title="Sprachcafé 2", volunteers=2, description="Mittwochs")
    make_activity(rotenburg, zeven, title="Sprachcafé 10", volunteers=10, status="paused")
    make_activity(
        rotenburg,
        sottrum,
        title="Jobpaten",
        category=work,
        volunteers=100,
        provider_kind="association",
        provider_name="Diakonie Sottrum",
    )
    make_activity(rotenburg, None, title="Runder Tisch Integration", volunteers=None)
    make_activity(osterholz, None, title="Sprachcafé Osterholz")  # another district's
    Activity.objects.filter(title="Sprachcafé 2").update(last_confirmed=datetime.date(2025, 1, 5))
    Activity.objects.filter(title="Jobpaten").update(last_confirmed=datetime.date(2026, 6, 1))
    return work


def titles(page: str) -> list[str]:
    table = (
        page.split('id="activity-table"')[1].split("</table>")[0]
        if "activity-table" in page
        else ""
    )
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r'<th scope="row"[^>]*><a[^>]*>(.*?)</a>', table)
    ]


def test_full_text_finds_title_description_and_provider(client, personas, offers):
    client.force_login(personas["carol"])
    assert titles(client.get(URL, {"q": "sprachcafé"}).content.decode()) == [
        "Sprachcafé 2",
        "Sprachcafé 10",
    ]
    assert titles(client.get(URL, {"q": "mittwochs"}).content.decode()) == ["Sprachcafé 2"]
    assert titles(client.get(URL, {"q": "Diakonie"}).content.decode()) == ["Jobpaten"]


def test_filters_by_place_field_status_provider_and_confirmation(client, personas, offers):
    client.force_login(personas["carol"])
    get = lambda **q: titles(client.get(URL, q).content.decode())  # noqa: E731
    assert get(municipality=SOTTRUM_ARS) == ["Jobpaten"]
    assert get(municipality="district") == ["Runder Tisch Integration"]
    assert get(category=offers.pk) == ["Jobpaten"]
    assert get(status="paused") == ["Sprachcafé 10"]
    assert get(provider_kind="association") == ["Jobpaten"]
    # Not confirmed since 1 January 2026: confirmed earlier, or never.
    assert get(confirmed_before="2026-01-01", sort="title") == [
        "Runder Tisch Integration",
        "Sprachcafé 2",
        "Sprachcafé 10",
    ]


def test_numbers_and_names_sort_as_a_person_reads_them(client, personas, offers):
    client.force_login(personas["carol"])
    get = lambda **q: titles(client.get(URL, q).content.decode())  # noqa: E731
    assert get(sort="title") == [
        "Jobpaten",
        "Runder Tisch Integration",
        "Sprachcafé 2",
        "Sprachcafé 10",
    ]
    assert get(sort="volunteers") == [
        "Jobpaten",
        "Sprachcafé 10",
        "Sprachcafé 2",
        "Runder Tisch Integration",
    ]
    # Never confirmed first (by title), then the oldest confirmation.
    assert get(sort="confirmed") == [
        "Runder Tisch Integration",
        "Sprachcafé 10",
        "Sprachcafé 2",
        "Jobpaten",
    ]


def test_htmx_gets_the_results_only_and_odd_values_filter_nothing(client, personas, offers):
    client.force_login(personas["carol"])
    fragment = client.get(URL, {"q": "Jobpaten"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="activity-results"') and "<html" not in fragment
    assert titles(fragment) == ["Jobpaten"]
    for odd in ({"sort": "pk"}, {"confirmed_before": "x"}):  # ignored, with a message
        response = client.get(URL, odd)
        assert response.status_code == 200 and len(titles(response.content.decode())) == 4
    for odd in ({"municipality": "999"}, {"category": "x"}):  # no such place: nothing
        response = client.get(URL, odd)
        assert response.status_code == 200 and titles(response.content.decode()) == []
    assert "Osterholz" not in "".join(titles(client.get(URL, {"q": "Sprachcafé"}).content.decode()))
