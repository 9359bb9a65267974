"""XLSForm import and export: what we read from Kobo-style files, what we refuse and where we
say the problem is, that writing and reading give back the same form, and that pyxform (the
reference implementation of XLSForm) converts every file we write."""

import importlib.util
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from teilhabe.engine import expressions
from teilhabe.inventory.taxonomy import DEFAULT_CATEGORIES
from teilhabe.surveys.xlsform import (
    YES_NO_CHOICES,
    Choice,
    Form,
    Question,
    Section,
    XLSFormError,
    form_from_dict,
    form_to_dict,
    language_code,
    read_xlsform,
    write_xlsform,
)
from teilhabe.testing import xlsx

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(autouse=True)
def english():
    """The messages are compared in their original English."""
    with translation.override("en"):
        yield


def workbook(survey, choices=None, settings=None, *, sheet_names=None) -> bytes:
    """An .xlsx as a person or Kobo would write it: lists of rows, header first."""
    names = sheet_names or {}
    sheets = {"survey": survey, "choices": choices, "settings": settings}
    return xlsx({names.get(title, title): rows for title, rows in sheets.items()})


def to_xform(data: bytes, tmp_path: Path) -> str:
    """Convert with pyxform, without ODK Validate (which needs Java); fail on any warning."""
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    result = xls2xform.convert(str(path))
    assert result.warnings == []
    return result.xform


# --- a form with every feature ---------------------------------------------------------------

PLACES = (
    Choice("home", {"de": "Zuhause", "en": "At home"}, {"category": "housing"}),
    Choice("school", {"de": "Schule", "en": "School"}),
)
EVERYTHING = Form(
    title="Alles",
    form_id="alles",
    version="3",
    default_language="de",
    sections=(
        Section(
            "",
            questions=(Question("welcome", "note", {"de": "Willkommen", "en": "Welcome"}),),
        ),
        Section(
            "housing",
            {"de": "Wohnen", "en": "Housing"},
            "${adults} > 0",
            (
                Question("exists", "yes_no", {"de": "Gibt es?", "en": "Exists?"}, required=True),
                Question(
                    "since",
                    "integer",
                    {"de": "Seit", "en": "Since"},
                    {"de": "Jahr", "en": "Year"},
                    relevant="${exists} = 'yes'",
                    constraint=". >= 1950 and . <= 2030",
                    constraint_messages={"de": "Zwischen 1950 und 2030", "en": "1950 to 2030"},
                ),
                Question(
                    "places",
                    "select_multiple",
                    {"de": "Wo?", "en": "Where?"},
                    choices=PLACES,
                    list_name="place",
                    extra={"appearance": "minimal"},
                ),
                Question(
                    "main",
                    "select_one",
                    {"de": "Wo vor allem?", "en": "Mainly where?"},
                    relevant="count-selected(${places}) > 1",
                    choices=PLACES,
                    list_name="place",
                ),
                Question("fte", "decimal", {"de": "Stellen", "en": "Posts"}, constraint=". >= 0"),
                Question("opened", "date", {"de": "Eröffnet am", "en": "Opened on"}),
                Question(
                    "notes",
                    "text",
                    {"de": "Anmerkungen", "en": "Notes"},
                    hints={"de": "Zu ${since}"},
                ),
            ),
            {"category": "housing"},
        ),
        Section(
            "",
            questions=(
                Question("adults", "integer", {"de": "Erwachsene", "en": "Adults"}, required=True),
            ),
        ),
    ),
)


def test_it_reads_back_what_it_writes():
    assert read_xlsform(write_xlsform(EVERYTHING), "alles.xlsx") == EVERYTHING


def test_it_writes_the_same_bytes_for_the_same_form():
    assert write_xlsform(EVERYTHING) == write_xlsform(EVERYTHING)


def test_it_stores_the_form_as_json_and_back():
    stored = json.loads(json.dumps(form_to_dict(EVERYTHING)))
    assert form_from_dict(stored) == EVERYTHING
    assert form_to_dict(form_from_dict(stored)) == stored


def test_pyxform_converts_what_it_writes(tmp_path):
    xform = to_xform(write_xlsform(EVERYTHING), tmp_path)
    for question in EVERYTHING.questions():
        assert f"<{question.name}/>" in xform
    assert "<housing>" in xform
    assert "Zuhause" in xform and "At home" in xform
    assert 'lang="Deutsch (de)" default="true()"' in xform


def test_a_yes_no_question_gets_the_standard_list():
    question = Question("ok", "yes_no", {"de": "OK?"})
    assert question.choices == YES_NO_CHOICES
    assert question.list_name == "yes_no"
    assert [c.labels["de"] for c in question.choices] == ["Ja", "Nein"]


def test_a_select_without_list_name_is_named_after_the_question():
    assert Question("colour", "select_one", choices=(Choice("red"),)).list_name == "colour"


def test_only_our_question_types_exist():
    with pytest.raises(ValueError, match="geopoint"):
        Question("where", "geopoint")


def test_text_starting_with_equals_stays_text():
    form = Form(
        "=Titel", "f", "", "de", (Section("", questions=(Question("q", "text", {"de": "=1+1"}),)),)
    )
    assert read_xlsform(write_xlsform(form), "f.xlsx") == form


# --- a file as KoboToolbox writes it ---------------------------------------------------------

KOBO_SURVEY = [
    ("type", "name", "label::English (en)", "label::Deutsch (de)", "hint::English (en)", "required", "relevant", "constraint", "constraint_message::English (en)", "appearance", "$kuid"),
    ("start", "start", None, None, None, None, None, None, None, None, "k1"),
    ("end", "end", None, None, None, None, None, None, None, None, "k2"),
    ("note", "intro", "Welcome", "Willkommen", None, None, None, None, None, None, "k3"),
    ("begin_group", "household", "Household", "Haushalt", None, None, "${consent} = 'yes'", None, None, "field-list", "k4"),
    ("select_one yn", "has_children", "Children?", "Kinder?", None, "yes", None, None, None, None, "k5"),
    ("integer", "children", "How many?", "Wie viele?", "Under 18", "true()", "${has_children} = 'yes'", ". > 0 and . < 20", "Between 1 and 19", None, "k6"),
    ("select_multiple languages", "languages", "Languages", "Sprachen", None, False, "selected(${has_children}, 'yes')", "count-selected(.) <= 3", "At most three", None, "k7"),
    ("end group", None, None, None, None, None, None, None, None, None, "k8"),
    ("begin group", "contact", "Contact", "Kontakt", None, None, None, None, None, None, "k9"),
    ("text", "email", "E-mail", "E-Mail", "Optional", "no", None, "regex(., '.+@.+')", "Not an e-mail address", None, "k10"),
    ("date", "since", "Since", "Seit", None, True, None, ". <= today()", "Not in the future", None, "k11"),
    ("decimal", "share", "Share", "Anteil", None, "FALSE", None, None, None, None, "k12"),
    ("end_group", None, None, None, None, None, None, None, None, None, "k13"),
    ("select_one yn", "consent", "Consent?", "Einverstanden?", None, "TRUE", None, None, None, None, "k14"),
]  # fmt: skip
KOBO_CHOICES = [
    ("list_name", "name", "label::English (en)", "label::Deutsch (de)", "$autovalue"),
    ("yn", "yes", "Yes", "Ja", "yes"),
    ("yn", "no", "No", "Nein", "no"),
    ("languages", "de", "German", "Deutsch", None),
    ("languages", "ar", "Arabic", "Arabisch", None),
    (None, None, None, None, None),
    ("unused", "x", "X", "X", None),
]
KOBO_SETTINGS = [
    ("form_title", "form_id", "version", "default_language"),
    ("Familien", "families", 2026011501, "English (en)"),
]


def test_it_reads_a_kobo_form():
    form = read_xlsform(workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS), "families.xlsx")
    yes_no = (
        Choice("yes", {"en": "Yes", "de": "Ja"}, {"$autovalue": "yes"}),
        Choice("no", {"en": "No", "de": "Nein"}, {"$autovalue": "no"}),
    )
    languages = (
        Choice("de", {"en": "German", "de": "Deutsch"}),
        Choice("ar", {"en": "Arabic", "de": "Arabisch"}),
    )
    assert form == Form(
        title="Familien",
        form_id="families",
        version="2026011501",
        default_language="en",
        sections=(
            Section(
                "",
                questions=(
                    Question(
                        "intro",
                        "note",
                        {"en": "Welcome", "de": "Willkommen"},
                        extra={"$kuid": "k3"},
                    ),
                ),
            ),
            Section(
                "household",
                {"en": "Household", "de": "Haushalt"},
                "${consent} = 'yes'",
                (
                    Question(
                        "has_children",
                        "yes_no",
                        {"en": "Children?", "de": "Kinder?"},
                        required=True,
                        choices=yes_no,
                        list_name="yn",
                        extra={"$kuid": "k5"},
                    ),
                    Question(
                        "children",
                        "integer",
                        {"en": "How many?", "de": "Wie viele?"},
                        {"en": "Under 18"},
                        True,
                        "${has_children} = 'yes'",
                        ". > 0 and . < 20",
                        {"en": "Between 1 and 19"},
                        extra={"$kuid": "k6"},
                    ),
                    Question(
                        "languages",
                        "select_multiple",
                        {"en": "Languages", "de": "Sprachen"},
                        relevant="selected(${has_children}, 'yes')",
                        constraint="count-selected(.) <= 3",
                        constraint_messages={"en": "At most three"},
                        choices=languages,
                        list_name="languages",
                        extra={"$kuid": "k7"},
                    ),
                ),
                {"appearance": "field-list", "$kuid": "k4"},
            ),
            Section(
                "contact",
                {"en": "Contact", "de": "Kontakt"},
                "",
                (
                    Question(
                        "email",
                        "text",
                        {"en": "E-mail", "de": "E-Mail"},
                        {"en": "Optional"},
                        constraint="regex(., '.+@.+')",
                        constraint_messages={"en": "Not an e-mail address"},
                        extra={"$kuid": "k10"},
                    ),
                    Question(
                        "since",
                        "date",
                        {"en": "Since", "de": "Seit"},
                        required=True,
                        constraint=". <= today()",
                        constraint_messages={"en": "Not in the future"},
                        extra={"$kuid": "k11"},
                    ),
                    Question(
                        "share", "decimal", {"en": "Share", "de": "Anteil"}, extra={"$kuid": "k12"}
                    ),
                ),
                {"$kuid": "k9"},
            ),
            Section(
                "",
                questions=(
                    Question(
                        "consent",
                        "yes_no",
                        {"en": "Consent?", "de": "Einverstanden?"},
                        required=True,
                        choices=yes_no,
                        list_name="yn",
                        extra={"$kuid": "k14"},
                    ),
                ),
            ),
        ),
    )


def test_a_kobo_form_goes_back_out_as_it_came_in(tmp_path):
    form = read_xlsform(workbook(KOBO_SURVEY, KOBO_CHOICES, KOBO_SETTINGS), "families.xlsx")
    data = write_xlsform(form)
    assert read_xlsform(data, "families.xlsx") == form
    xform = to_xform(data, tmp_path)
    assert "<has_children/>" in xform and 'lang="English (en)" default="true()"' in xform


@pytest.mark.parametrize(
    ("header", "settings", "expected"),
    [
        ("label", [("default_language",), ("Deutsch (de)",)], {"de": "Frage"}),
        ("label", [("default_language",), ("de",)], {"de": "Frage"}),
        ("label", None, {"default": "Frage"}),
        ("label::de", None, {"de": "Frage"}),
        ("label::Deutsch (de)", None, {"de": "Frage"}),
        ("label::English", None, {"English": "Frage"}),
        ("Label :: Deutsch (de)", None, {"de": "Frage"}),
    ],
)
def test_it_keys_labels_by_language_code(header, settings, expected):
    data = workbook([("type", "name", header), ("text", "q", "Frage")], settings=settings)
    form = read_xlsform(data, "f.xlsx")
    assert next(form.questions()).labels == expected
    assert form.default_language == next(iter(expected))
    assert read_xlsform(write_xlsform(form), "f.xlsx") == form


def test_without_settings_the_file_name_names_the_form():
    form = read_xlsform(
        workbook([("type", "name", "label"), ("text", "q", "Q")]), "Umfrage 2026.xlsx"
    )
    assert (form.title, form.form_id, form.version) == ("Umfrage 2026", "Umfrage_2026", "")


def test_form_id_from_a_file_name_starting_with_a_digit_is_a_valid_name():
    form = read_xlsform(workbook([("type", "name", "label"), ("text", "q", "Q")]), "2026.xlsx")
    assert form.form_id == "_2026"


def test_blank_rows_and_notes_in_other_columns_are_ignored():
    survey = [
        ("type", "name", "label", "comment"),
        (None, None, None, "to do: more questions"),
        (),
        ("text", "q", "Q", None),
    ]
    assert [q.name for q in read_xlsform(workbook(survey), "f.xlsx").questions()] == ["q"]


@pytest.mark.parametrize("spelling", ["int", "integer", " Integer "])
def test_type_spellings(spelling):
    form = read_xlsform(workbook([("type", "name", "label"), (spelling, "q", "Q")]), "f.xlsx")
    assert next(form.questions()).type == "integer"


def test_sheet_names_may_be_capitalised():
    data = workbook(
        [("type", "name", "label"), ("text", "q", "Q")], sheet_names={"survey": "Survey"}
    )
    assert read_xlsform(data, "f.xlsx").sections[0].questions[0].name == "q"


def test_language_code():
    assert language_code("Deutsch (de)") == "de"
    assert language_code(" English (en) ") == "en"
    assert language_code("fr") == "fr"
    assert language_code("English") == "English"


# --- errors ----------------------------------------------------------------------------------

HEAD = ("type", "name", "label", "required", "relevant", "constraint")
LIST_HEAD = ("list_name", "name", "label")


def error_of(data: bytes, filename: str = "f.xlsx") -> XLSFormError:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(data, filename)
    return caught.value


@pytest.mark.parametrize(
    ("survey", "choices", "where", "message"),
    [
        pytest.param(
            [HEAD, ("geopoint", "where", "Where?")],
            None,
            ("survey", 2, "type"),
            "“geopoint” is not a supported question type; use one of: text, integer, decimal, date, time, dateTime, range, select_one, select_multiple, note, acknowledge, hidden, calculate, file, image, begin_group, end_group, begin_repeat, end_repeat (Teilhabe does not offer locations.)",
            id="unknown type",
        ),
        pytest.param(
            [HEAD, ("begin_repeat", "kids", "Kids")],
            None,
            ("survey", 2, "type"),
            "the repeat group is not closed by an “end_repeat” row",
            id="repeat",
        ),
        pytest.param(
            [HEAD, ("select_one c or_other", "c", "C")],
            [LIST_HEAD, ("c", "a", "A"), ("c", "other", "Andere")],
            ("survey", 2, "type"),
            "with or_other the list must not have a choice “other”",
            id="or_other with its own choice other",
        ),
        pytest.param(
            [HEAD, ("select_one", "c", "C")],
            [LIST_HEAD],
            ("survey", 2, "type"),
            "“select_one” needs the name of a choice list",
            id="select without list",
        ),
        pytest.param(
            [HEAD, ("select_one colours", "c", "C")],
            None,
            ("survey", 2, "type"),
            "the workbook has no sheet “choices” for the list “colours”",
            id="no choices sheet",
        ),
        pytest.param(
            [HEAD, ("select_one colours", "c", "C")],
            [LIST_HEAD, ("sizes", "s", "S")],
            ("survey", 2, "type"),
            "the choice list “colours” is not on the sheet “choices”",
            id="undefined list",
        ),
        pytest.param(
            [HEAD, ("select_one c", "c", "C")],
            [LIST_HEAD, ("c", "red", "Red"), ("c", "red", "Rot")],
            ("choices", 3, "name"),
            "the choice “red” is already in the list “c” in row 2",
            id="duplicate choice",
        ),
        pytest.param(
            [HEAD, ("select_one c", "c", "C")],
            [LIST_HEAD, ("c", None, "Red")],
            ("choices", 2, "name"),
            "the name is missing",
            id="choice without name",
        ),
        pytest.param(
            [HEAD, ("select_one c", "c", "C")],
            [LIST_HEAD, (None, "red", "Red")],
            ("choices", 2, "list_name"),
            "the list name is missing",
            id="choice without list",
        ),
        pytest.param(
            [HEAD, ("select_one c", "c", "C")],
            [LIST_HEAD, ("c", "red", None)],
            ("choices", 2, "label"),
            "the choice has no label",
            id="choice without label",
        ),
        pytest.param(
            [HEAD, ("select_multiple c", "c", "C")],
            [LIST_HEAD, ("c", "dark red", "Dark red")],
            ("choices", 2, "name"),
            "“dark red” contains a space",
            id="space in multiple choice",
        ),
        pytest.param(
            [HEAD, ("text", "a", "A"), ("text", "a", "B")],
            None,
            ("survey", 3, "name"),
            "the name “a” is already used in row 2",
            id="duplicate name",
        ),
        pytest.param(
            [HEAD, ("begin_group", "a", "A"), ("text", "a", "B"), ("end_group",)],
            None,
            ("survey", 3, "name"),
            "the name “a” is already used in row 2",
            id="group and question name",
        ),
        pytest.param(
            [HEAD, ("text", None, "A")],
            None,
            ("survey", 2, "name"),
            "the name is missing",
            id="empty name",
        ),
        pytest.param(
            [HEAD, ("text", "1st", "A")],
            None,
            ("survey", 2, "name"),
            "“1st” is not a valid name; use letters, digits, “_”, “-” and “.”, starting with a letter or “_”",
            id="name starting with a digit",
        ),
        pytest.param(
            [HEAD, ("text", "first name", "A")],
            None,
            ("survey", 2, "name"),
            "“first name” is not a valid name",
            id="name with a space",
        ),
        pytest.param(
            [HEAD, (None, "q", "Q")],
            None,
            ("survey", 2, "type"),
            "the type is missing",
            id="no type",
        ),
        pytest.param(
            [HEAD, ("text", "q", None)],
            None,
            ("survey", 2, "label"),
            "the question has no label",
            id="no label",
        ),
        pytest.param(
            [HEAD, ("text", "q", "Q", "maybe")],
            None,
            ("survey", 2, "required"),
            "“maybe” is neither “yes” nor “no”",
            id="required",
        ),
        pytest.param(
            [HEAD, ("text", "q", "Q", None, "${nobody} = 'x'")],
            None,
            ("survey", 2, "relevant"),
            "“${nobody}” does not name a question of this form",
            id="unknown reference in relevant",
        ),
        pytest.param(
            [HEAD, ("integer", "q", "Q", None, None, ". < ${max}")],
            None,
            ("survey", 2, "constraint"),
            "“${max}” does not name a question of this form",
            id="unknown reference in constraint",
        ),
        pytest.param(
            [HEAD, ("begin_group", "g", "G", None, "${later} > 1"), ("end_group",)],
            None,
            ("survey", 2, "relevant"),
            "“${later}” does not name",
            id="unknown reference in group",
        ),
        pytest.param(
            [HEAD, ("text", "q", "Hallo ${who}")],
            None,
            ("survey", 2, "label"),
            "“${who}” does not name a question of this form",
            id="unknown reference in label",
        ),
        pytest.param(
            [HEAD, ("integer", "q", "Q", None, None, ". >= = 1")],
            None,
            ("survey", 2, "constraint"),
            "the expression is not valid at character 6: expected a value, found '='",
            id="syntax error",
        ),
        pytest.param(
            [HEAD, ("integer", "q", "Q", None, "nowish() > 1")],
            None,
            ("survey", 2, "relevant"),
            "the expression is not valid at character 1: unknown function nowish()",
            id="unsupported function",
        ),
        pytest.param(
            [HEAD, ("text", "q", "Q"), ("end_group",)],
            None,
            ("survey", 3, "type"),
            "this “end_group” has no “begin_group” before it",
            id="end without begin",
        ),
        pytest.param(
            [HEAD, ("begin_group", "g", "G"), ("text", "q", "Q")],
            None,
            ("survey", 2, "type"),
            "the group is not closed by an “end_group” row",
            id="begin without end",
        ),
        pytest.param(
            [
                HEAD,
                ("begin_group", "g", "G"),
                ("begin_group", "h", "H"),
                ("end_group",),
                ("end_group",),
            ],
            None,
            ("survey", 3, "type"),
            "nested groups and repeat groups are not supported; close the group of row 2 first",
            id="nested group",
        ),
        pytest.param(
            [("name", "label"), ("q", "Q")],
            None,
            ("survey", 1, "type"),
            "the column is missing",
            id="no type column",
        ),
        pytest.param(
            [HEAD, ("select_one c", "c", "C")],
            [("name", "label"), ("a", "A")],
            ("choices", 1, "list_name"),
            "the column is missing",
            id="no list_name column",
        ),
        pytest.param(
            [("type", "name", "label", "label::de"), ("text", "q", "Q", "F")],
            None,
            ("survey", 1, "label::de"),
            "this column repeats the column “label”",
            id="same language twice",
        ),
    ],
)
def test_it_refuses_a_bad_form_and_says_where(survey, choices, where, message):
    settings = [("default_language",), ("de",)]
    error = error_of(workbook(survey, choices, settings))
    assert (error.sheet, error.row, error.column) == where
    assert message in error.message
    assert str(error).startswith(
        f"f.xlsx, sheet “{where[0]}”, row {where[1]}, column “{where[2]}”: "
    )


def test_the_message_is_one_sentence():
    error = error_of(workbook([HEAD, ("text", "a", "A"), ("text", "a", "B")]), "Fragebogen.xlsx")
    assert (
        str(error)
        == "Fragebogen.xlsx, sheet “survey”, row 3, column “name”: the name “a” is already used in row 2"
    )


def test_the_column_is_named_as_written_and_blank_rows_count():
    survey = [("Type", "Name", "Label::English (en)"), ("text", "a", "A"), (), ("text", "b", None)]
    error = error_of(workbook(survey))
    assert (error.row, error.column) == (4, "Label::English (en)")


@pytest.mark.parametrize(
    ("value", "required"),
    [
        ("yes", True),
        ("Yes", True),
        ("true()", True),
        ("TRUE", True),
        (True, True),
        (1, True),
        ("no", False),
        ("false()", False),
        (False, False),
        (0, False),
        (None, False),
    ],
)
def test_required_spellings(value, required):
    data = workbook([("type", "name", "label", "required"), ("text", "q", "Q", value)])
    assert next(read_xlsform(data, "f.xlsx").questions()).required is required


def test_a_workbook_without_survey_sheet_is_refused():
    book = openpyxl.Workbook()
    book.active.title = "Tabelle1"
    buffer = io.BytesIO()
    book.save(buffer)
    error = error_of(buffer.getvalue())
    assert (error.sheet, error.row, error.column) == ("survey", None, None)
    assert str(error) == "f.xlsx: the workbook has no sheet “survey”"


def zipped(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"type;name;label\ntext;q;Q\n", "the file is not an Excel workbook (.xlsx)"),
        (b"", "the file is not an Excel workbook (.xlsx)"),
        (zipped("hello.txt", b"hello"), "the file is not an Excel workbook (.xlsx)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "this is an old Excel file (.xls); save it as an Excel workbook (.xlsx)",
        ),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused(data, message):
    error = error_of(data, "upload.csv")
    assert (error.sheet, error.row, error.column) == ("", None, None)
    assert str(error) == f"upload.csv: {message}"


def test_writing_refuses_one_list_with_two_meanings():
    form = Form(
        "T",
        "t",
        "",
        "de",
        (
            Section(
                "",
                questions=(
                    Question(
                        "a",
                        "select_one",
                        {"de": "A"},
                        choices=(Choice("x", {"de": "X"}),),
                        list_name="l",
                    ),
                    Question(
                        "b",
                        "select_one",
                        {"de": "B"},
                        choices=(Choice("y", {"de": "Y"}),),
                        list_name="l",
                    ),
                ),
            ),
        ),
    )
    with pytest.raises(XLSFormError) as caught:
        write_xlsform(form)
    assert (
        str(caught.value)
        == "t, sheet “choices”, column “list_name”: the list “l” has different choices in different questions"
    )


# --- the shipped default questionnaire -------------------------------------------------------


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_bestandsaufnahme", DATA / "make_bestandsaufnahme.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bestandsaufnahme() -> Form:
    return read_xlsform((DATA / "bestandsaufnahme.xlsx").read_bytes(), "bestandsaufnahme.xlsx")


def test_the_shipped_file_is_what_the_script_generates(bestandsaufnahme):
    generated = load_generator().bestandsaufnahme(DEFAULT_CATEGORIES)
    assert bestandsaufnahme == generated, "run src/teilhabe/surveys/data/make_bestandsaufnahme.py"
    assert (DATA / "bestandsaufnahme.xlsx").read_bytes() == write_xlsform(generated)


def test_the_default_questionnaire_has_a_section_per_field_of_action(bestandsaufnahme):
    assert (bestandsaufnahme.form_id, bestandsaufnahme.version) == ("bestandsaufnahme", "2026-11")
    assert bestandsaufnahme.title == "Bestandsaufnahme Integration und Teilhabe"
    keys = [key for key, _de, _en in DEFAULT_CATEGORIES]
    assert [s.name for s in bestandsaufnahme.sections] == [
        *keys,
        "offers",
        "capacity",
        "peer_help",
        "",
    ]
    for section, (key, de, en) in zip(bestandsaufnahme.sections, DEFAULT_CATEGORIES, strict=False):
        prefix = key.replace("-", "_")
        assert section.extra == {"category": key}
        assert section.labels == {"de": de, "en": en}
        assert [(q.name, q.type) for q in section.questions] == [
            (f"{prefix}_exists", "yes_no"),
            (f"{prefix}_since", "integer"),
            (f"{prefix}_providers", "select_multiple"),
            (f"{prefix}_volunteers", "integer"),
            (f"{prefix}_needs", "text"),
        ]
        exists, since, providers, volunteers, _needs = section.questions
        assert exists.choices == YES_NO_CHOICES
        assert since.constraint == ". >= 1950 and . <= 2030"
        assert (
            since.relevant
            == providers.relevant
            == volunteers.relevant
            == f"${{{prefix}_exists}} = 'yes'"
        )
        assert providers.list_name == "provider" and len(providers.choices) == 10
        assert volunteers.constraint == ". >= 0"


def test_the_default_questionnaire_lists_offers_in_a_repeat(bestandsaufnahme):
    offers = bestandsaufnahme.repeats()["offers"]
    assert offers.labels == {"de": "Angebote", "en": "Offers"} and not offers.repeat_count
    assert [(q.name, q.type, q.list_name, q.required) for q in offers.questions] == [
        ("offer_title", "text", "", True),
        ("offer_field", "select_one", "field", True),
        ("offer_provider", "select_one", "provider", False),
        ("offer_status", "select_one", "status", False),
        ("offer_target_groups", "select_multiple", "target_group", False),
    ]
    fields = offers.questions[1].choices
    assert [c.extra["category"] for c in fields] == [k for k, _de, _en in DEFAULT_CATEGORIES]


def test_the_default_questionnaire_asks_for_capacity_and_peer_help(bestandsaufnahme):
    capacity, peer_help, last = bestandsaufnahme.sections[-3:]
    assert [(q.name, q.type) for q in capacity.questions] == [
        ("housing_total", "integer"),
        ("housing_occupied", "integer"),
        ("social_work_fte", "decimal"),
    ]
    assert ". <= ${housing_total}" in capacity.questions[1].constraint
    assert [(q.name, q.type, q.list_name) for q in peer_help.questions] == [
        ("peer_wish", "select_multiple", "field"),
        ("peer_offer", "select_multiple", "field"),
    ]
    fields = peer_help.questions[0].choices
    assert [(c.name, c.extra["category"]) for c in fields] == [
        (k, k) for k, _de, _en in DEFAULT_CATEGORIES
    ]
    assert [q.type for q in last.questions] == ["note"]


def test_every_question_of_the_default_questionnaire_has_german_and_english_labels(
    bestandsaufnahme,
):
    for question in bestandsaufnahme.questions():
        assert set(question.labels) == {"de", "en"}, question.name
        for choice in question.choices:
            assert set(choice.labels) == {"de", "en"}, (question.name, choice.name)


def test_the_default_constraints_work_in_the_engine(bestandsaufnahme):
    questions = {q.name: q for q in bestandsaufnahme.questions()}
    since = expressions.parse(questions["language_since"].constraint)
    assert expressions.is_true(since, {}, 2016) and not expressions.is_true(since, {}, 1949)
    occupied = expressions.parse(questions["housing_occupied"].constraint)
    assert expressions.is_true(occupied, {"housing_total": 40}, 40)
    assert not expressions.is_true(occupied, {"housing_total": 40}, 41)
    shown = expressions.parse(questions["language_since"].relevant)
    assert expressions.is_true(shown, {"language_exists": "yes"})
    assert not expressions.is_true(shown, {"language_exists": "no"})


def test_pyxform_converts_the_default_questionnaire(tmp_path, bestandsaufnahme):
    xform = to_xform((DATA / "bestandsaufnahme.xlsx").read_bytes(), tmp_path)
    for question in bestandsaufnahme.questions():
        assert f"<{question.name}/>" in xform
    assert '<data id="bestandsaufnahme" version="2026-11">' in xform
    assert '<repeat nodeset="/data/offers">' in xform
