"""The columns that used to be stored as inert extras now work: written with pyxform's legacy
spellings (relevance, bind::relevant, bind:constraint, label:English, ...), they change what the
answering page shows and accepts, and they survive the way out through pyxform and back."""

import datetime
import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.regions.models import Municipality
from teilhabe.surveys import services
from teilhabe.surveys.models import Answer, ResponseStatus
from teilhabe.surveys.xlsform import read_xlsform, write_xlsform
from teilhabe.testing import ZEVEN_ARS, xlsx

# One row a line, cells separated by "|", an empty cell for an empty one.
SURVEY_TEXT = """
type|name|label:Deutsch (de)|label:English (en)|relevance|bind:constraint|bind:jr:constraintMsg:Deutsch (de)|required|requiredMsg:Deutsch (de)|guidance_hint:Deutsch (de)|default|read_only|choice_filter
select one from regions|region|Region|Region||||yes|Bitte wählen Sie eine Region.|Die Region Ihres Amtes|||
select_one towns|town|Ort|Town|||||||||region = ${region}
integer|staff|Stellen|Posts|${region} = 'nord'|. <= 40|Höchstens 40||||2||
text|office|Amt|Office|||||||Koordinierungsstelle|yes|
select all that apply from topics|topics|Themen|Topics|||||||sprache||
"""
SURVEY = [
    tuple(cell or None for cell in line.split("|")) for line in SURVEY_TEXT.split("\n") if line
]
CHOICES = [
    ("list name", "name", "label:Deutsch (de)", "label:English (en)", "region"),
    ("regions", "nord", "Nord", "North", None),
    ("regions", "sued", "Süd", "South", None),
    ("towns", "zeven", "Zeven", "Zeven", "nord"),
    ("towns", "sittensen", "Sittensen", "Sittensen", "nord"),
    ("towns", "visselhoevede", "Visselhövede", "Visselhoevede", "sued"),
    ("topics", "sprache", "Sprache", "Language", None),
    ("topics", "arbeit", "Arbeit", "Work", None),
]
SETTINGS = [
    ("form_title", "form_id", "default_language", "instance_name"),
    ("Kurz", "kurz", "de", "concat('x', ${region})"),
]


def workbook() -> bytes:
    return xlsx({"survey": SURVEY, "choices": CHOICES, "settings": SETTINGS})


def test_legacy_spellings_are_read_into_the_form():
    form = read_xlsform(workbook(), "kurz.xlsx")
    questions = {q.name: q for q in form.questions()}
    assert questions["staff"].relevant == "${region} = 'nord'"
    assert questions["staff"].constraint == ". <= 40"
    assert questions["staff"].constraint_messages == {"de": "Höchstens 40"}
    assert questions["staff"].default == "2"
    assert questions["region"].required_messages == {"de": "Bitte wählen Sie eine Region."}
    assert questions["region"].guidance_hints == {"de": "Die Region Ihres Amtes"}
    assert questions["region"].labels == {"de": "Region", "en": "Region"}
    assert questions["office"].read_only and questions["office"].default
    assert questions["town"].choice_filter == "region = ${region}"
    assert questions["topics"].type == "select_multiple"
    assert form.settings == {"instance_name": "concat('x', ${region})"}


def test_they_survive_writing_pyxform_and_reading_back(tmp_path: Path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    form = read_xlsform(workbook(), "kurz.xlsx")
    data = write_xlsform(form)
    assert read_xlsform(data, "kurz.xlsx") == form
    path = tmp_path / "kurz.xlsx"
    path.write_bytes(data)
    xform = xls2xform.convert(str(path)).xform
    # pyxform honours each column: the bind, the itext and the filtered itemset are there.
    assert "relevant=\" /data/region  = 'nord'\"" in xform
    assert "jr:requiredMsg=\"jr:itext('/data/region:jr:requiredMsg')\"" in xform
    assert 'readonly="true()"' in xform
    assert "<staff>2</staff>" in xform and "<office>Koordinierungsstelle</office>" in xform
    assert "item[region =  /data/region ]" in xform
    assert 'form="guidance"' in xform
    assert "concat('x',  /data/region )" in xform


@pytest.fixture
def link(rotenburg, client):
    version = services.import_questionnaire(rotenburg, workbook(), "kurz.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    zeven = Municipality.objects.get(ars=ZEVEN_ARS)
    return tokens[zeven.pk]


def save(client, token, question, value):
    url = reverse("surveys:autosave-by-link", args=[token, question])
    return client.post(url, {question: value})


def test_defaults_are_the_first_answers(link, client):
    answers = Answer.objects.filter(response__invitation__municipality__ars=ZEVEN_ARS)
    assert dict(answers.values_list("question", "value")) == {
        "staff": 2,
        "office": "Koordinierungsstelle",
        "topics": ["sprache"],
    }
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'value="2"' in page


def test_a_read_only_answer_cannot_be_changed(link, client):
    response = save(client, link, "office", "Etwas anderes")
    assert "vorgegeben" in response.content.decode()
    assert (
        Answer.objects.get(
            question="office", response__invitation__municipality__ars=ZEVEN_ARS
        ).value
        == "Koordinierungsstelle"
    )
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'hx-include="#save-office" readonly>Koordinierungsstelle</textarea>' in page


def test_relevance_and_choice_filter_work_live(link, client):
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'data-question="staff" hidden' in page  # no region yet
    response = save(client, link, "region", "sued")
    trigger = json.loads(response["HX-Trigger"])
    assert "staff" not in trigger["relevance"]
    assert trigger["choicefilter"]["offered"] == {"town": ["visselhoevede"]}
    response = save(client, link, "region", "nord")
    trigger = json.loads(response["HX-Trigger"])
    assert "staff" in trigger["relevance"]
    assert trigger["choicefilter"]["offered"] == {"town": ["zeven", "sittensen"]}
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'data-choice="visselhoevede" hidden' in page
    assert 'data-choice="zeven">' in page


def test_a_choice_the_filter_no_longer_offers_blocks_the_submission(link, client):
    save(client, link, "region", "nord")
    save(client, link, "town", "zeven")
    save(client, link, "region", "sued")
    url = reverse("surveys:submit-by-link", args=[link])
    page = client.post(url, {}).content.decode()
    assert "Diese Auswahl passt nicht zu Ihren vorherigen Antworten." in page


def test_required_message_and_constraint_message_are_the_forms_own(link, client):
    url = reverse("surveys:answer-by-link", args=[link])
    page = client.get(url).content.decode()
    assert '<summary>Weitere Hinweise</summary><p lang="de">Die Region Ihres Amtes</p>' in page
    save(client, link, "region", "nord")
    response = save(client, link, "staff", "41")
    assert "Höchstens 40" in response.content.decode()
    client.post(reverse("surveys:autosave-by-link", args=[link, "region"]), {"region": ""})
    page = client.post(reverse("surveys:submit-by-link", args=[link]), {}).content.decode()
    assert "Bitte wählen Sie eine Region." in page
    invitation = Answer.objects.filter(question="office").first()
    assert invitation is not None
    assert invitation.response.status != ResponseStatus.SUBMITTED
