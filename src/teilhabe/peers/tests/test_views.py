"""The pages of peer start-up help where the office takes up a suggestion or sets weights."""

import pytest
from django.urls import reverse

from teilhabe.inventory.models import Category
from teilhabe.peers.models import ScoringWeights, Tandem
from teilhabe.regions.models import Municipality
from teilhabe.testing import SOTTRUM_ARS, ZEVEN_ARS, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(rotenburg):
    """Zeven lacks a language activity; Sottrum has one."""
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    sottrum = Municipality.objects.get(ars=SOTTRUM_ARS)
    language = Category.objects.get(district=rotenburg, key="language")
    url = reverse("peers:tandem-create", args=[ZEVEN_ARS, language.pk])
    return url, zeven, sottrum, make_activity(rotenburg, sottrum)


def test_taking_up_a_suggestion_proposes_the_tandem_with_its_activity(client, personas, suggestion):
    url, zeven, sottrum, activity = suggestion
    client.force_login(personas["alice"])
    response = client.post(url, {"giver": sottrum.pk, "activity": activity.pk})
    tandem = Tandem.objects.get()
    assert response.url == reverse("peers:tandem-detail", args=[tandem.pk])
    assert (tandem.giver, tandem.receiver, tandem.giver_activity) == (sottrum, zeven, activity)


def test_an_activity_of_another_municipality_is_not_named(client, personas, rotenburg, suggestion):
    url, zeven, sottrum, _activity = suggestion
    elsewhere = make_activity(rotenburg, zeven)
    client.force_login(personas["alice"])
    client.post(url, {"giver": sottrum.pk, "activity": elsewhere.pk})
    assert Tandem.objects.get().giver_activity is None


def test_a_helper_outside_the_district_is_refused_and_nothing_written(
    client, personas, osterholz, suggestion
):
    url, _zeven, _sottrum, _activity = suggestion
    client.force_login(personas["alice"])
    for giver in (osterholz.municipalities.first().pk, "", "kein"):
        page = client.post(url, {"giver": giver}, follow=True).content.decode()
        assert "Bitte wählen Sie die unterstützende Kommune aus der Liste." in page
    assert not Tandem.objects.exists()


def test_the_weights_are_one_row_per_district_changed_in_place(client, personas, rotenburg):
    url = reverse("peers:weights", args=[rotenburg.ags])
    client.force_login(personas["alice"])
    for volunteers in ("3", "7"):
        data = {"experience": "1", "volunteers": volunteers, "size": "1", "distance": "1"}
        assert client.post(url, data | {"tandems": "0"}).status_code == 302
    row = ScoringWeights.objects.get()
    assert (row.district, row.volunteers, row.tandems) == (rotenburg, 7, 0)
