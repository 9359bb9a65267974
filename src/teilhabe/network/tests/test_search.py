"""The network page: search, filter and natural order; no empty "Actions" column for readers."""

import datetime
import re

import pytest
from django.urls import reverse

from teilhabe.network import services
from teilhabe.network.models import Contact
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS

pytestmark = pytest.mark.django_db
CONSENT = {"consent_date": datetime.date(2026, 3, 14), "consent_way": "form"}
URL = reverse("network:network", args=["03357"])


@pytest.fixture
def network(rotenburg, osterholz):
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    verein = services.create_organisation(
        rotenburg, {"name": "Sprachverein Zeven", "kind": "association", "municipality": zeven}
    )
    for n in (1, 2, 10, 11):
        services.save_contact(
            rotenburg,
            {"name": f"Kontakt {n}", "municipality": zeven if n < 10 else sottrum, **CONSENT},
        )
    services.save_contact(
        rotenburg,
        {"name": "Anna Beispiel", "municipality": zeven, "organisation": verein, **CONSENT},
    )
    # Another district's contact of the same name never shows.
    services.save_contact(osterholz, {"name": "Kontakt 3", **CONSENT})
    return verein


def names(page: str) -> list[str]:
    table = page.split('id="contacts"')[1].split("</table>")[0]
    return [
        re.sub(r"<[^>]+>", "", n).strip()
        for n in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table)
    ]


def test_contacts_in_natural_order(client, personas, network):
    client.force_login(personas["carol"])
    page = client.get(URL).content.decode()
    assert names(page) == ["Anna Beispiel", "Kontakt 1", "Kontakt 2", "Kontakt 10", "Kontakt 11"]


def test_search_by_name_organisation_and_municipality(client, personas, network):
    client.force_login(personas["carol"])
    assert names(client.get(URL, {"q": "kontakt 1"}).content.decode()) == [
        "Kontakt 1",
        "Kontakt 10",
        "Kontakt 11",
    ]
    assert names(client.get(URL, {"q": "sprachverein"}).content.decode()) == ["Anna Beispiel"]
    assert names(client.get(URL, {"organisation": network.pk}).content.decode()) == [
        "Anna Beispiel"
    ]
    assert names(client.get(URL, {"municipality": SOTTRUM_ARS}).content.decode()) == [
        "Kontakt 10",
        "Kontakt 11",
    ]
    by_place = names(client.get(URL, {"sort": "municipality"}).content.decode())
    assert by_place[-2:] == ["Kontakt 1", "Kontakt 2"]  # Sottrum before Zeven
    page = client.get(URL, {"q": "Kontakt 3"}).content.decode()  # Osterholz's: not found
    assert 'id="contacts"' not in page and "Kontakt 3" not in page.split("</form>")[-1]


def test_odd_filter_values_are_refused_without_error(client, personas, network):
    client.force_login(personas["carol"])
    for params in ({"organisation": "x"}, {"municipality": "999"}, {"sort": "pk"}):
        response = client.get(URL, params)
        assert response.status_code == 200
        assert len(names(response.content.decode())) == 5  # an invalid form filters nothing


def test_htmx_gets_only_the_results(client, personas, network):
    client.force_login(personas["carol"])
    fragment = client.get(URL, {"q": "Anna"}, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="network-results"')
    assert "<html" not in fragment and names(fragment) == ["Anna Beispiel"]


def test_readers_see_no_empty_actions_column(client, personas, network):
    client.force_login(personas["carol"])
    assert "Aktionen" not in client.get(URL).content.decode()
    client.force_login(personas["bob"])  # edits Zeven's contacts
    assert "Aktionen" in client.get(URL).content.decode()
    assert Contact.objects.count() == 6
