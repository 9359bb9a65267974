"""The placement pages through the test client, in German: entering households (bad sizes are
refused with a message and write nothing), the proposal with its goals, reasons and comparison,
a line changed by hand, and confirming, which asks first. Who may do what is the permission
table's (core/tests/targets_placement.py)."""

import pytest
from django.urls import reverse

from teilhabe.allocation.models import Arrival
from teilhabe.core.confirm import CONFIRMED
from teilhabe.placement.models import BatchStatus
from teilhabe.placement.tests.conftest import households

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


def _url(name: str, batch, **more) -> str:
    return reverse(f"placement:{name}", kwargs={"ags": "03357", "pk": batch.pk, **more})


@pytest.mark.parametrize(
    ("size", "words"),
    [("-1", "größer oder gleich 1"), ("2,5", "ganze Zahl"), ("", "zwingend erforderlich")],
)
def test_a_bad_household_size_is_refused_in_german(client, personas, batch, size, words):
    client.force_login(personas["alice"])
    response = client.post(_url("household-add", batch), {"size": size, "children": "0"}, **GERMAN)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not batch.households.exists()


def test_the_proposal_explains_goals_reasons_and_the_comparison(client, personas, units, batch):
    households(batch, 4, 1, 6)
    client.force_login(personas["carol"])  # a committee member reads it, too
    page = client.get(_url("proposal", batch), **GERMAN).content.decode()
    assert "1. So viele Personen unterbringen, wie die freien Plätze erlauben" in page
    assert "2. Jede Kommune so nah wie möglich an ihrem Soll" in page
    assert "11 von 11 Personen untergebracht" in page
    assert "Gemeinschaftsunterkunft „GU Sottrum“ hat 6 freie Plätze" in page
    assert "Der Vorschlag neben dem Verfahren „Wer ist dran?“" in page
    assert "Unterbringung bestätigen" not in page  # only the coordinators confirm
    assert 'name="digest"' not in page


def test_a_line_is_changed_and_the_batch_confirmed_after_a_question(client, personas, units, batch):
    households(batch, 2, 2)
    client.force_login(personas["alice"])
    second = batch.households.get(position=2)
    response = client.post(
        _url("line-choose", batch, household=second.pk),
        {f"h{second.pk}-unit": str(units["bothel"].pk)},
        **GERMAN,
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.chosen_unit == units["bothel"]
    page = client.get(_url("proposal", batch), **GERMAN).content.decode()
    assert "Von Hand gewählt: Samtgemeinde Bothel" in page
    digest = page.split('name="digest" value="')[1].split('"')[0]
    question = client.post(_url("batch-confirm", batch), {"digest": digest}, **GERMAN)
    assert "Die Unterbringung von „Zuweisung KW 51“ bestätigen?" in question.content.decode()
    assert Arrival.objects.count() == 0
    done = client.post(_url("batch-confirm", batch), {"digest": digest, CONFIRMED: "yes"})
    assert done["Location"] == _url("batch-detail", batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONFIRMED
    assert Arrival.objects.count() == 2
    frozen = client.get(_url("batch-detail", batch), **GERMAN).content.decode()
    assert "festgeschrieben" in frozen and "Dorfstraße 7" in frozen


def test_an_export_lists_every_line_with_its_reason(client, personas, units, batch):
    households(batch, 6)
    client.force_login(personas["alice"])
    response = client.get(_url("batch-export", batch, fmt="csv"), **GERMAN)
    text = response.content.decode("utf-8-sig")
    assert "Samtgemeinde Sottrum" in text and "GU Sottrum" in text
