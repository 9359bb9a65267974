"""The newer XLSForm types: calculate (hidden or shown, usable later), time, dateTime, range,
acknowledge, hidden, and notes that show earlier answers; in two languages chosen on the
answering page. Read, written back through pyxform, answered through a personal link."""

import dataclasses
import datetime
import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from teilhabe.regions.models import Municipality
from teilhabe.surveys import services
from teilhabe.surveys.models import Answer
from teilhabe.surveys.xlsform import choice_files, read_xlsform, write_xlsform
from teilhabe.testing import ZEVEN_ARS, xlsx

# One row a line, cells separated by "|".
SURVEY_TEXT = """
type|name|label::Deutsch (de)|label::English (en)|hint::Deutsch (de)|hint::English (en)|calculation|parameters|default|relevant|constraint
integer|adults|Erwachsene|Adults||||||
integer|children|Kinder|Children||||||
calculate|people|||||${adults} + ${children}|||
calculate|share|Anteil der Kinder|Share of children|||round(${children} div ${people}, 2)|||
note|summary|Zusammen ${people} Personen, ab ${opened}|Together ${people} people, from ${opened}||||||
integer|rooms|Räume|Rooms|Für ${people} Personen|For ${people} people||||${people} > 0|. <= ${people}
time|opens_at|Öffnet um|Opens at||||||
dateTime|opened|Eröffnet am|Opened on||||||
range|satisfaction|Zufriedenheit|Satisfaction||||start=0 end=10 step=2||
acknowledge|consent|Ich bestätige die Angaben.|I confirm.||||||
hidden|source|||||||fragebogen||
"""
SURVEY = [
    tuple(cell or None for cell in line.split("|")) for line in SURVEY_TEXT.split("\n") if line
]
SETTINGS = [("form_title", "form_id", "default_language"), ("Typen", "typen", "Deutsch (de)")]


def workbook() -> bytes:
    return xlsx({"survey": SURVEY, "settings": SETTINGS})


def test_the_types_are_read():
    form = read_xlsform(workbook(), "typen.xlsx")
    types = {q.name: q.type for q in form.questions()}
    assert types == {
        "adults": "integer",
        "children": "integer",
        "people": "calculate",
        "share": "calculate",
        "summary": "note",
        "rooms": "integer",
        "opens_at": "time",
        "opened": "datetime",
        "satisfaction": "range",
        "consent": "acknowledge",
        "source": "hidden",
    }
    questions = {q.name: q for q in form.questions()}
    assert questions["people"].calculation == "${adults} + ${children}"
    assert questions["satisfaction"].parameters == "start=0 end=10 step=2"


def test_they_survive_writing_pyxform_and_reading_back(tmp_path: Path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    form = read_xlsform(workbook(), "typen.xlsx")
    data = write_xlsform(form)
    assert read_xlsform(data, "typen.xlsx") == form
    path = tmp_path / "typen.xlsx"
    path.write_bytes(data)
    result = xls2xform.convert(str(path))
    assert result.warnings == []
    xform = result.xform
    assert 'calculate=" /data/adults  +  /data/children "' in xform
    assert 'nodeset="/data/opens_at" type="time"' in xform
    assert 'nodeset="/data/opened" type="dateTime"' in xform
    assert '<range ref="/data/satisfaction" start="0" end="10" step="2">' in xform
    assert '<trigger ref="/data/consent">' in xform
    assert "<source>fragebogen</source>" in xform
    assert '<output value=" /data/people "/>' in xform


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("calculation", "", "a calculate row needs a calculation"),
        ("parameters", "start=0 end=x", "start=1 end=10 step=1"),
        ("parameters", "start=5 end=5", "the step must be above 0"),
        ("default", "11", "in steps of"),
    ],
)
def test_bad_calculations_and_ranges_are_refused(header, value, message, settings):
    from django.utils import translation

    kind = "calculate" if header == "calculation" else "range"
    survey = [("type", "name", "label", header), (kind, "q", "Q", value)]
    if header == "default":
        survey = [("type", "name", "label", "default"), ("range", "q", "Q", value)]
    book = openpyxl.Workbook()
    for row in survey:
        book.active.append(list(row))
    book.active.title = "survey"
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override("en"), pytest.raises(Exception) as caught:
        read_xlsform(buffer.getvalue(), "f.xlsx")
    assert message in str(caught.value)


@pytest.fixture
def link(rotenburg):
    version = services.import_questionnaire(rotenburg, workbook(), "typen.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    return tokens[Municipality.objects.get(ars=ZEVEN_ARS).pk]


def save(client, token, question, value, lang=""):
    url = reverse("surveys:autosave-by-link", args=[token, question])
    return client.post(url + (f"?lang={lang}" if lang else ""), {question: value})


def stored(name: str):
    answer = Answer.objects.filter(
        question=name, response__invitation__municipality__ars=ZEVEN_ARS
    ).first()
    return answer.value if answer else None


def test_calculations_are_stored_shown_and_used_later(link, client):
    assert stored("source") == "fragebogen"  # the hidden value, from its default
    save(client, link, "adults", "1200")
    response = save(client, link, "children", "170")
    assert stored("people") == "1370" and stored("share") == "0.12"
    texts = json.loads(response["HX-Trigger"])["texts"]["texts"]
    assert texts["share"] == {"label": "Anteil der Kinder", "hint": "", "value": "0,12"}
    assert texts["summary"]["label"] == "Zusammen 1.370 Personen, ab "
    assert texts["rooms"]["hint"] == "Für 1.370 Personen"
    assert "rooms" in json.loads(response["HX-Trigger"])["relevance"]
    response = save(client, link, "rooms", "1371")  # the constraint uses the calculation
    assert "Diese Antwort ist nicht zulässig." in response.content.decode()
    assert (
        "Diese Antwort ist nicht zulässig."
        not in save(client, link, "rooms", "1370").content.decode()
    )
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert '<strong data-value-for="share">0,12</strong>' in page
    assert "Zusammen 1.370 Personen" in page
    assert 'name="source"' not in page and 'name="people"' not in page


def test_times_dates_with_times_ranges_and_acknowledgements(link, client):
    save(client, link, "opens_at", "9.30")
    save(client, link, "opened", "05.12.2026 14:30")
    save(client, link, "consent", "OK")
    assert (stored("opens_at"), stored("opened"), stored("consent")) == (
        "09:30",
        "2026-12-05T14:30",
        "OK",
    )
    assert "Schritten von 2" in save(client, link, "satisfaction", "5").content.decode()
    save(client, link, "satisfaction", "6")
    assert stored("satisfaction") == 6
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'type="time"' in page and 'type="datetime-local"' in page
    assert 'value="2026-12-05T14:30"' in page
    assert "Eine Zahl von 0 bis 10 in Schritten von 2." in page
    assert "Zusammen  Personen, ab 05.12.2026 14:30" in page  # no number of people yet: NaN
    response = save(client, link, "opened", "morgen")
    assert "05.12.2026 14:30" in response.content.decode()  # the example in the message
    assert stored("opened") == "2026-12-05T14:30"


def test_the_respondent_chooses_the_language(link, client):
    url = reverse("surveys:answer-by-link", args=[link])
    german = client.get(url).content.decode()
    assert '<span data-label-for="adults" lang="de">Erwachsene</span>' in german
    assert '<option value="en" lang="en">English</option>' in german
    english = client.get(url + "?lang=en").content.decode()
    assert '<span data-label-for="adults" lang="en">Adults</span>' in english
    assert "/?lang=en" in english  # autosave and submission keep the language
    save(client, link, "adults", "2", lang="en")
    response = save(client, link, "children", "0", lang="en")
    texts = json.loads(response["HX-Trigger"])["texts"]["texts"]
    assert texts["summary"]["label"] == "Together 2 people, from "


def test_the_export_has_numbers_and_dates_as_such(link, client):
    from decimal import Decimal

    from teilhabe.surveys import exports
    from teilhabe.surveys.models import Wave

    save(client, link, "adults", "3")
    save(client, link, "children", "1")
    save(client, link, "opened", "2026-12-05T14:30")
    save(client, link, "satisfaction", "4")
    header, rows = exports.table(Wave.objects.get())
    (row,) = [r for r in rows if r[1] == ZEVEN_ARS]
    cells = dict(zip(header, row, strict=True))
    assert cells["Anteil der Kinder"] == Decimal("0.25")
    assert cells["people"] == Decimal(4)  # a calculation without a label: its name
    # A date with time is Berlin's clock as the respondent gave it, as Excel shows it.
    assert cells["Eröffnet am"] == datetime.datetime(2026, 12, 5, 14, 30)  # noqa: DTZ001
    assert cells["Zufriedenheit"] == 4


OTHER_SURVEY = [
    ("type", "name", "label::Deutsch (de)", "label::English (en)"),
    ("select_one topics or_other", "topic", "Thema", "Topic"),
    ("select all that apply from topics or specify other", "topics", "Themen", "Topics"),
]
OTHER_CHOICES = [
    ("list_name", "name", "label::Deutsch (de)", "label::English (en)"),
    ("topics", "sprache", "Sprache", "Language"),
    ("topics", "arbeit", "Arbeit", "Work"),
]


def other_workbook() -> bytes:
    return xlsx({"survey": OTHER_SURVEY, "choices": OTHER_CHOICES})


def test_or_other_round_trips_through_pyxform(tmp_path: Path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    form = read_xlsform(other_workbook(), "andere.xlsx")
    assert [(q.type, q.or_other) for q in form.questions()] == [
        ("select_one", True),
        ("select_multiple", True),
    ]
    data = write_xlsform(form)
    assert read_xlsform(data, "andere.xlsx") == form
    path = tmp_path / "andere.xlsx"
    path.write_bytes(data)
    xform = xls2xform.convert(str(path)).xform  # warns that "Other" has no translation
    assert "<topic_other/>" in xform and "selected(../topic, 'other')" in xform


def test_or_other_on_the_answering_page(rotenburg, client):
    version = services.import_questionnaire(rotenburg, other_workbook(), "andere.xlsx")
    today = timezone.localdate()
    _wave, tokens = services.create_wave(
        version, "Test", today, today + datetime.timedelta(days=7), rotenburg.municipalities.all()
    )
    token = tokens[Municipality.objects.get(ars=ZEVEN_ARS).pk]
    page = client.get(reverse("surveys:answer-by-link", args=[token])).content.decode()
    assert 'value="other"' in page and "Sonstiges" in page
    assert 'data-question="topic_other" hidden' in page
    response = save(client, token, "topic", "other")
    assert "topic_other" in json.loads(response["HX-Trigger"])["relevance"]
    save(client, token, "topic_other", "Wohnen")
    assert stored("topic") == "other" and stored("topic_other") == "Wohnen"


def test_or_other_needs_its_names_free():
    from django.utils import translation

    survey = [*OTHER_SURVEY, ("text", "topic_other", "Schon da", "Already")]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in (("survey", survey), ("choices", OTHER_CHOICES)):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override("en"), pytest.raises(Exception) as caught:
        read_xlsform(buffer.getvalue(), "f.xlsx")
    assert "the name “topic_other” is already used in row 2" in str(caught.value)


def test_an_entry_that_fails_its_type_is_kept_with_its_message(link, client):
    save(client, link, "rooms", "4")
    response = save(client, link, "rooms", "vier")
    assert "Bitte geben Sie eine ganze Zahl ein." in response.content.decode()
    assert stored("rooms") == 4  # the last valid answer stays the answer
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'name="rooms" value="vier"' in page and 'aria-invalid="true"' in page
    assert "Bitte geben Sie eine ganze Zahl ein. (nicht gespeichert)" in page
    submitted = client.post(reverse("surveys:submit-by-link", args=[link]), {})
    assert "Bitte geben Sie eine ganze Zahl ein." in submitted.content.decode()
    save(client, link, "rooms", "5")
    page = client.get(reverse("surveys:answer-by-link", args=[link])).content.decode()
    assert 'name="rooms" value="5"' in page and "nicht gespeichert" not in page


FILE_SURVEY = [
    ("type", "name", "label::Deutsch (de)", "label::English (en)", "choice_filter"),
    ("select_one_from_file kreise.csv", "kreis", "Kreis", "District", None),
    ("select_multiple_from_file orte.csv", "orte", "Orte", "Places", "kreis = ${kreis}"),
]
KREISE = "name,label::Deutsch (de),label::English (en)\nrow,Rotenburg (Wümme),Rotenburg\nstd,Stade,Stade\n"
ORTE = "name;label::Deutsch (de);label::English (en);kreis\nzeven;Zeven;Zeven;row\nsittensen;Sittensen;Sittensen;row\nbuxtehude;Buxtehude;Buxtehude;std\n"


def file_workbook() -> bytes:
    return xlsx({"survey": FILE_SURVEY})


def test_choices_from_files_attached_at_import(tmp_path: Path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    attachments = {"kreise.csv": KREISE.encode(), "orte.csv": ORTE.encode("utf-8-sig")}
    form = read_xlsform(file_workbook(), "dateien.xlsx", attachments)
    kreis, orte = form.questions()
    assert (kreis.type, kreis.choices_file) == ("select_one", "kreise.csv")
    assert [c.name for c in kreis.choices] == ["row", "std"]
    assert kreis.choices[0].labels == {"de": "Rotenburg (Wümme)", "en": "Rotenburg"}
    assert (orte.type, orte.choice_filter) == ("select_multiple", "kreis = ${kreis}")
    assert orte.choices[2].extra == {"kreis": "std"}
    # Out again: the workbook names the files, which are written beside it; back unchanged.
    data = write_xlsform(form)
    files = choice_files(form)
    assert set(files) == {"kreise.csv", "orte.csv"}
    assert read_xlsform(data, "dateien.xlsx", files) == form
    (tmp_path / "dateien.xlsx").write_bytes(data)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    result = xls2xform.convert(str(tmp_path / "dateien.xlsx"))
    assert "instance(&apos;orte&apos;)" in result.xform or "instance('orte')" in result.xform
    assert 'src="jr://file-csv/kreise.csv"' in result.xform


def test_a_missing_choice_file_is_refused_by_name():
    from django.utils import translation

    with translation.override("de"), pytest.raises(Exception) as caught:
        read_xlsform(file_workbook(), "dateien.xlsx", {"kreise.csv": KREISE.encode()})
    assert str(caught.value) == (
        "dateien.xlsx, Blatt „survey“, Zeile 3, Spalte „type“: hängen Sie die Datei „orte.csv“ "
        "an den Fragebogen an; dort stehen ihre Auswahlmöglichkeiten"
    )
    bad = {"kreise.csv": b"label\nRotenburg\n", "orte.csv": ORTE.encode()}
    with translation.override("de"), pytest.raises(Exception) as caught:
        read_xlsform(file_workbook(), "dateien.xlsx", bad)
    assert "Blatt „kreise.csv“, Zeile 1, Spalte „name“: die Spalte fehlt" in str(caught.value)


def test_the_import_page_takes_the_choice_files(client, personas, rotenburg):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from teilhabe.surveys.models import Questionnaire
    from teilhabe.surveys.xlsform import form_from_dict

    client.force_login(personas["alice"])
    url = reverse("surveys:questionnaire-import", args=["03357"])
    workbook_file = SimpleUploadedFile("dateien.xlsx", file_workbook())
    only_one = SimpleUploadedFile("kreise.csv", KREISE.encode())
    page = client.post(url, {"file": workbook_file, "attachments": [only_one]})
    assert "„orte.csv“ an den Fragebogen an" in page.content.decode()
    assert not Questionnaire.objects.exists()
    files = [
        SimpleUploadedFile("kreise.csv", KREISE.encode()),
        SimpleUploadedFile("orte.csv", ORTE.encode()),
    ]
    response = client.post(
        url, {"file": SimpleUploadedFile("dateien.xlsx", file_workbook()), "attachments": files}
    )
    assert response.status_code == 302
    form = form_from_dict(Questionnaire.objects.get().current_version().form)
    assert [len(q.choices) for q in form.questions()] == [2, 3]


def test_every_feature_together_round_trips_through_pyxform(tmp_path: Path):
    """Teilhabe → XLSForm (+ CSV) → pyxform → XForm, and the XLSForm back into Teilhabe
    unchanged, for one form with every feature: the columns, the types, or_other, choices
    from a file, a choice filter and two languages."""
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    from teilhabe.surveys.tests.test_xlsform_columns import workbook as columns_workbook

    forms = [
        read_xlsform(workbook(), "typen.xlsx"),
        read_xlsform(columns_workbook(), "kurz.xlsx"),
        read_xlsform(other_workbook(), "andere.xlsx"),
        read_xlsform(
            file_workbook(),
            "dateien.xlsx",
            {"kreise.csv": KREISE.encode(), "orte.csv": ORTE.encode()},
        ),
    ]
    # The or_other form asks for "topics" too: its questions get other names (no expression
    # refers to them).
    forms[2] = dataclasses.replace(
        forms[2],
        sections=tuple(
            dataclasses.replace(
                section,
                questions=tuple(
                    dataclasses.replace(q, name=f"other_{q.name}") for q in section.questions
                ),
            )
            for section in forms[2].sections
        ),
    )
    # Each form in a group of its own: unnamed sections next to each other would read as one.
    sections = tuple(
        dataclasses.replace(section, name=section.name or f"part{number}")
        for number, form in enumerate(forms)
        for section in form.sections
    )
    together = dataclasses.replace(forms[1], form_id="alles", sections=sections)
    data, files = write_xlsform(together), choice_files(together)
    assert read_xlsform(data, "alles.xlsx", files) == together
    (tmp_path / "alles.xlsx").write_bytes(data)
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    xform = xls2xform.convert(str(tmp_path / "alles.xlsx")).xform
    for question in together.questions():
        assert f"<{question.name}" in xform, question.name
