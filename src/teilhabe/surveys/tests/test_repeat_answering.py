"""Answering a repeat group through a personal link: instances are stored per instance, added
and removed (asking first when one holds answers), relevant, constraint and calculate work in
each instance, count()/sum()/indexed-repeat() see them all, and the submission checks every
instance's required questions."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.regions.models import Municipality
from teilhabe.surveys import services
from teilhabe.surveys.models import Answer, Response, ResponseStatus
from teilhabe.surveys.tests.test_xlsform_repeats import workbook
from teilhabe.testing import ZEVEN_ARS

SURVEY = """
type|name|label|relevant|constraint|calculation|repeat_count|required
integer|households|Haushalte||||||
begin_repeat|offers|Angebote||||||
text|title|Titel|||||yes
integer|places|Plätze||. >= 0|||
integer|free|Freie Plätze|${places} > 0|. <= ${places}|||
calculate|number|Nummer|||position(..)||
end_repeat|||||||
calculate|total|Plätze zusammen|||sum(${places})||
calculate|entries|Einträge|||count(${offers})||
calculate|first|Erstes Angebot|||indexed-repeat(${title}, ${offers}, 1)||
begin_repeat|members|Mitglieder||||${households}|
text|member|Name||||||
end_repeat|||||||
"""


@pytest.fixture
def link(rotenburg):
    version = services.import_questionnaire(rotenburg, workbook(SURVEY), "r.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    return tokens[Municipality.objects.get(ars=ZEVEN_ARS).pk]


def stored(name: str):
    answer = Answer.objects.filter(
        question=name, response__invitation__municipality__ars=ZEVEN_ARS
    ).first()
    return answer.value if answer else None


def save(client, token, key, value):
    return client.post(reverse("surveys:autosave-by-link", args=[token, key]), {key: value})


def change(client, token, **data):
    return client.post(reverse("surveys:repeat-by-link", args=[token]), data)


def page(client, token) -> str:
    return client.get(reverse("surveys:answer-by-link", args=[token])).content.decode()


def test_instances_are_added_answered_and_calculated_each(link, client):
    assert "Noch keine Einträge." in page(client, link)
    response = change(client, link, add="offers")
    assert response.status_code == 302 and response["Location"].endswith("#i-offers%C2%B71")
    change(client, link, add="offers")
    save(client, link, "offers·1·title", "Sprachcafé")
    save(client, link, "offers·1·places", "12")
    reply = save(client, link, "offers·2·places", "0")
    assert stored("offers") == [
        {"#": 1, "title": "Sprachcafé", "places": 12, "number": "1"},
        {"#": 2, "places": 0, "number": "2"},
    ]
    assert (stored("total"), stored("entries"), stored("first")) == ("12", "2", "Sprachcafé")
    # Skip logic per instance: "free" applies where there are places.
    relevance = json.loads(reply["HX-Trigger"])["relevance"]
    assert "offers·1·free" in relevance and "offers·2·free" not in relevance
    # The constraint sees its own instance.
    assert "nicht zulässig" in save(client, link, "offers·1·free", "13").content.decode()
    html = page(client, link)
    assert 'name="offers·1·title"' in html and "Weiteren Eintrag hinzufügen" in html
    assert '<strong data-value-for="offers·2·number">2</strong>' in html


def test_removing_an_instance_with_answers_asks_first(link, client):
    change(client, link, add="offers")
    change(client, link, add="offers")
    save(client, link, "offers·1·title", "Sprachcafé")
    asked = change(client, link, remove="offers·1")
    assert asked.status_code == 200
    assert "Eintrag 1 von „Angebote“ enthält Antworten" in asked.content.decode()
    assert len(stored("offers")) == 2
    change(client, link, remove="offers·2")  # empty: no question
    assert [i["#"] for i in stored("offers")] == [1]
    change(client, link, remove="offers·1", confirmed="1")
    assert stored("offers") == []


def test_the_ids_stay_when_an_earlier_instance_is_removed(link, client):
    for _ in range(3):
        change(client, link, add="offers")
    change(client, link, remove="offers·2")
    save(client, link, "offers·3·title", "Patenschaft")
    assert stored("offers")[1]["title"] == "Patenschaft"
    assert stored("first") is None  # instance 1 has no title
    html = page(client, link)
    assert "Eintrag 2" in html and 'name="offers·3·title"' in html


def test_repeat_count_fixes_the_instances(link, client):
    save(client, link, "households", "2")
    html = page(client, link)
    assert 'name="members·1·member"' in html and 'name="members·2·member"' in html
    assert 'value="members"' not in html  # nothing to add or remove
    save(client, link, "members·2·member", "B")
    assert stored("members")[1]["member"] == "B"
    assert save(client, link, "members·3·member", "C").status_code == 200
    assert len(stored("members")) == 2


def test_required_questions_in_instances_block_the_submission(link, client):
    change(client, link, add="offers")
    submit = reverse("surveys:submit-by-link", args=[link])
    blocked = client.post(submit, {"offers·1·places": "3"})
    assert blocked.status_code == 200
    html = blocked.content.decode()
    assert "Angebote, Eintrag 1: Titel" in html
    assert stored("offers")[0]["places"] == 3  # what the form carried was saved
    done = client.post(submit, {"offers·1·title": "Sprachcafé", "offers·1·places": "3"})
    assert done.status_code == 302
    assert Response.objects.get(invitation__municipality__ars=ZEVEN_ARS).status == (
        ResponseStatus.SUBMITTED
    )
    assert stored("offers") == [{"#": 1, "title": "Sprachcafé", "places": 3, "number": "1"}]


def test_exports_and_results_show_one_row_per_instance(link, client, personas):
    import io

    import openpyxl

    from teilhabe.surveys import exports, queries
    from teilhabe.surveys.models import Wave

    change(client, link, add="offers")
    change(client, link, add="offers")
    save(client, link, "offers·1·title", "Sprachcafé")
    save(client, link, "offers·1·places", "12")
    save(client, link, "offers·2·title", "Patenschaft")
    save(client, link, "offers·2·places", "3")
    wave = Wave.objects.get()
    header, rows = exports.table(wave)
    assert "Titel" not in " ".join(header) and "Plätze zusammen" in header
    title, header, rows = exports.repeat_tables(wave)["offers"]
    assert title == "Angebote"
    assert header[3:] == ["Eintrag", "Titel", "Plätze", "Freie Plätze", "Nummer"]
    assert [row[:6] for row in rows] == [
        ["Samtgemeinde Zeven", ZEVEN_ARS, "in Bearbeitung", 1, "Sprachcafé", 12],
        ["Samtgemeinde Zeven", ZEVEN_ARS, "in Bearbeitung", 2, "Patenschaft", 3],
    ]
    client.force_login(personas["alice"])
    url = reverse("surveys:wave-export", args=[wave.pk, "xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    assert book.sheetnames == ["Rückmeldungen", "Angebote", "Mitglieder"]
    sheet = book["Angebote"]
    found = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Samtgemeinde Zeven", ZEVEN_ARS, "in Bearbeitung", 2, "Patenschaft", 3] in [
        r[:6] for r in found
    ]
    csv = client.get(url.replace("xlsx", "csv") + "?repeat=offers").content.decode("utf-8-sig")
    assert "Samtgemeinde Zeven;" in csv and ";Sprachcafé;12;" in csv
    assert (
        "Einträge „Angebote“ als CSV"
        in client.get(reverse("surveys:wave-detail", args=[wave.pk])).content.decode()
    )
    results = {r.name: r for r in queries.results(wave)}
    assert results["title"].label == "Angebote: Titel"
    assert results["title"].by_municipality == {"Samtgemeinde Zeven": "Sprachcafé, Patenschaft"}


def test_an_id_is_never_given_again(link, client):
    change(client, link, add="offers")
    change(client, link, add="offers")
    change(client, link, remove="offers·2")
    change(client, link, add="offers")
    ids = [i["#"] for i in stored("offers")]
    assert ids[0] == 1 and ids[1] > 2
    # An autosave from a page that still shows the removed entry reaches nothing.
    assert "inzwischen entfernt" in save(client, link, "offers·2·title", "alt").content.decode()
    assert all("title" not in i for i in stored("offers"))


def test_the_office_reads_each_entry_in_the_response(link, client, personas):
    change(client, link, add="offers")
    save(client, link, "offers·1·title", "Sprachcafé")
    response = Response.objects.get(invitation__municipality__ars=ZEVEN_ARS)
    client.force_login(personas["alice"])
    html = client.get(reverse("surveys:response-detail", args=[response.pk])).content.decode()
    assert "Eintrag 1: Titel" in html and "Sprachcafé" in html


def test_a_choice_filter_inside_an_entry_sees_its_own_entry(rotenburg, client):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in [
        ("type", "name", "label", "choice_filter"),
        ("begin_repeat", "places", "Orte", None),
        ("select_one regions", "region", "Region", None),
        ("select_one towns", "town", "Gemeinde", "region = ${region}"),
        ("end_repeat", None, None, None),
    ]:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    for row in [
        ("list_name", "name", "label", "region"),
        ("regions", "nord", "Nord", None),
        ("regions", "sued", "Süd", None),
        ("towns", "zeven", "Zeven", "nord"),
        ("towns", "visselhoevede", "Visselhövede", "sued"),
    ]:
        choices.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    version = services.import_questionnaire(rotenburg, buffer.getvalue(), "orte.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    token = tokens[Municipality.objects.get(ars=ZEVEN_ARS).pk]
    change(client, token, add="places")
    change(client, token, add="places")
    save(client, token, "places·1·region", "nord")
    reply = save(client, token, "places·2·region", "sued")
    offered = json.loads(reply["HX-Trigger"])["choicefilter"]["offered"]
    assert offered == {"places·1·town": ["zeven"], "places·2·town": ["visselhoevede"]}
    save(client, token, "places·2·town", "zeven")  # not offered there: refused on submit
    blocked = client.post(reverse("surveys:submit-by-link", args=[token]))
    assert "passt nicht zu Ihren vorherigen Antworten" in blocked.content.decode()


def test_a_wrong_entry_in_a_removed_entry_does_not_block_the_submission(link, client):
    change(client, link, add="offers")
    change(client, link, add="offers")
    save(client, link, "offers·1·title", "Sprachcafé")
    assert "ganze Zahl" in save(client, link, "offers·2·places", "drei").content.decode()
    submit = reverse("surveys:submit-by-link", args=[link])
    assert "ganze Zahl" in client.post(submit).content.decode()  # kept, and it blocks
    change(client, link, remove="offers·2")
    assert client.post(submit).status_code == 302
