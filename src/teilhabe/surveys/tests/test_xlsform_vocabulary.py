"""Nothing is ever dropped silently: every column and type pyxform knows, read from pyxform's
own tables when the test runs, is either implemented (the test sees its effect in the form)
or refused with a German message naming the feature, the sheet, the row and the column."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from teilhabe.surveys.xlsform import Form, Question, XLSFormError, read_xlsform
from teilhabe.testing import xlsx

aliases = pytest.importorskip("pyxform.aliases")
constants = pytest.importorskip("pyxform.constants")
question_types = pytest.importorskip("pyxform.question_type_dictionary")
pyxform_question = pytest.importorskip("pyxform.question")


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def workbook(survey: list[tuple[Any, ...]], choices: list[tuple[Any, ...]] | None = None) -> bytes:
    return xlsx({"survey": survey, "choices": choices})


CHOICES = [
    ("list_name", "name", "label", "region"),
    ("c", "a", "A", "nord"),
    ("c", "b", "B", "sued"),
    ("r", "nord", "Nord", None),
    ("r", "sued", "Süd", None),
]


def read_with(header: str, value: str, kind: str = "select_one c") -> Form:
    survey = [
        ("type", "name", "label", header),
        ("select_one r", "region", "Region", None),
        (kind, "q", "Frage", value),
    ]
    return read_xlsform(workbook(survey, CHOICES), "f.xlsx")


def question(form: Form) -> Question:
    return next(q for q in form.questions() if q.name == "q")


def assert_refused_by_name(error: XLSFormError, sheet: str, row: int, column: str) -> None:
    assert (error.sheet, error.row, error.column) == (sheet, row, column)
    sentence = str(error)
    assert sentence.startswith(f"f.xlsx, Blatt „{sheet}“, Zeile {row}, Spalte „{column}“: ")
    # The feature is named in German, not only the column.
    assert re.search(r"Teilhabe unterstützt (.+) nicht|Teilhabe bietet (.+) nicht an", sentence)


# --- columns -------------------------------------------------------------------------------

# pyxform's meaning of a column (its path into the XForm) -> what it does in our form, with a
# value to write and a check that the form carries it.
Effect = tuple[str, Callable[[Question], bool]]
IMPLEMENTED: dict[Any, Effect] = {
    ("bind", "relevant"): ("${region} = 'nord'", lambda q: q.relevant == "${region} = 'nord'"),
    ("bind", "constraint"): (". != 'b'", lambda q: q.constraint == ". != 'b'"),
    ("bind", "required"): ("yes", lambda q: q.required),
    ("bind", "readonly"): ("yes", lambda q: q.read_only),
    ("bind", "jr:constraintMsg"): (
        "Nicht b",
        lambda q: "Nicht b" in q.constraint_messages.values(),
    ),
    ("bind", "jr:requiredMsg"): ("Bitte!", lambda q: "Bitte!" in q.required_messages.values()),
    ("control", "appearance"): ("minimal", lambda q: q.extra == {"appearance": "minimal"}),
    "label": ("Zweites Label", lambda q: False),  # two label columns: refused as a repeat
    "hint": ("Hinweis", lambda q: "Hinweis" in q.hints.values()),
    "guidance_hint": ("Mehr", lambda q: "Mehr" in q.guidance_hints.values()),
    "default": ("b", lambda q: q.default == "b"),
    "choice_filter": ("region = ${region}", lambda q: q.choice_filter == "region = ${region}"),
    ("bind", "calculate"): ("1 + 1", lambda q: q.calculation == "1 + 1"),
}
# Columns that belong to one type: tested on a row of that type (on others they are refused).
KIND = {("bind", "calculate"): "calculate"}
# Columns whose alias replaces "type" or "name" itself: tested by renaming that column.
RENAMING = {"type", "name"}


def survey_columns() -> dict[str, Any]:
    """Every survey header pyxform knows, with its meaning as pyxform resolves it."""
    headers: dict[str, Any] = dict(aliases.survey_header)
    slots = pyxform_question.MultipleChoiceQuestion.get_slot_names()
    headers.update({slot: slot for slot in slots if not slot.startswith("_")})
    for path in {v for v in aliases.survey_header.values() if isinstance(v, tuple)}:
        headers["::".join(path)] = path  # "bind::relevant", "control::appearance", ...
        if path[0] == "bind":
            headers[":".join(path)] = path  # the legacy single colon: "bind:constraint"
    for attribute in constants.CONVERTIBLE_BIND_ATTRIBUTES:
        headers[f"bind::{attribute}"] = ("bind", attribute)
    return headers


@pytest.mark.parametrize(("header", "meaning"), sorted(survey_columns().items(), key=str))
def test_every_survey_column_pyxform_knows_is_implemented_or_refused(header, meaning):
    if meaning in RENAMING:
        survey = [(h if h != meaning else header for h in ("type", "name", "label"))]
        survey += [("text", "q", "Frage")]
        assert question(read_xlsform(workbook(survey), "f.xlsx")).name == "q"
        return
    if meaning == constants.LABEL:  # "caption": a second label column
        with pytest.raises(XLSFormError) as caught:
            read_with(header, "Zweites Label")
        assert "wiederholt die Spalte „label“" in str(caught.value)
        return
    if meaning in KIND:
        with pytest.raises(XLSFormError) as caught:
            read_with(header, IMPLEMENTED[meaning][0])  # on a select question
        assert_refused_by_name(caught.value, "survey", 3, header)
    try:
        form = read_with(
            header, IMPLEMENTED.get(meaning, ("x",))[0], KIND.get(meaning, "select_one c")
        )
    except XLSFormError as error:
        assert meaning not in IMPLEMENTED, str(error)
        assert_refused_by_name(error, "survey", 3, header)
        return
    assert meaning in IMPLEMENTED, f"{header} was read without an effect: {question(form)}"
    assert IMPLEMENTED[meaning][1](question(form)), question(form)


@pytest.mark.parametrize(
    "header", sorted(h for h, m in survey_columns().items() if m == ("control", "jr:count"))
)
def test_every_spelling_of_repeat_count_counts_a_repeat(header):
    """On a question row it is refused by name (above); on a repeat row it is the count."""
    survey = [
        ("type", "name", "label", header),
        ("begin_repeat", "r", "R", "3"),
        ("text", "q", "Frage", None),
        ("end_repeat", None, None, None),
    ]
    assert read_xlsform(workbook(survey), "f.xlsx").repeats()["r"].repeat_count == "3"


@pytest.mark.parametrize(
    "header",
    sorted(
        {key for key in aliases.TRANSLATABLE_SURVEY_COLUMNS}
        | {
            value
            for value in aliases.TRANSLATABLE_SURVEY_COLUMNS.values()
            if isinstance(value, str)
        }
    ),
)
@pytest.mark.parametrize("separator", ["::", ":"])
def test_every_translatable_column_takes_a_language(header, separator):
    """`label::English (en)` and the legacy `label:English`: implemented ones keep the text
    under the language, the others are refused by name."""
    column = f"{header}{separator}English (en)"
    if header == "label":
        column = f"label{separator}English (en)"
    try:
        form = read_with(column, "Text")
    except XLSFormError as error:
        assert_refused_by_name(error, "survey", 3, column)
        assert header in ("image", "big-image", "audio", "video"), str(error)
        return
    q = question(form)
    found = [q.labels, q.hints, q.guidance_hints, q.constraint_messages, q.required_messages]
    assert any(texts.get("en") == "Text" for texts in found), q


@pytest.mark.parametrize(
    ("header", "meaning"), sorted(aliases.list_header.items(), key=lambda item: item[0])
)
def test_every_choices_column_pyxform_knows_is_implemented_or_refused(header, meaning):
    choices = [("list_name", "name", "label"), ("c", "a", "A")]
    index = {"list name": 0, "list_name": 0, "value": 1, "caption": 2}.get(header)
    if index is not None:  # an alias of a column of ours: it replaces that column
        choices[0] = tuple(header if i == index else h for i, h in enumerate(choices[0]))
        survey = [("type", "name", "label"), ("select_one c", "q", "Frage")]
        form = read_xlsform(workbook(survey, choices), "f.xlsx")
        assert [c.name for c in question(form).choices] == ["a"]
        assert question(form).choices[0].labels == {"default": "A"}
        return
    assert meaning[0] == "media"
    choices = [(*choices[0], header), (*choices[1], "bild.png")]
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(
            workbook([("type", "name", "label"), ("select_one c", "q", "F")], choices), "f.xlsx"
        )
    assert_refused_by_name(caught.value, "choices", 2, header)


def test_an_unknown_column_is_kept_and_written_back():
    form = read_with("Bemerkung intern", "nur für uns")
    assert question(form).extra == {"Bemerkung intern": "nur für uns"}


# --- types ---------------------------------------------------------------------------------

OURS = {
    "string": "text",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "time": "time",
    "dateTime": "datetime",
}


def our_type(pyxform_type: str) -> str | None:
    """The type of ours that a pyxform type is, judged from pyxform's own definition."""
    definition = question_types.QUESTION_TYPE_DICT[pyxform_type]
    bind = definition.get("bind") or {}
    tag = (definition.get("control") or {}).get("tag")
    if tag == "range":
        return "range"
    if tag == "upload" and bind == {"type": "binary"}:  # answered with a file
        return {"image/*": "image", "application/*": "file"}.get(definition["control"]["mediatype"])
    if tag == "trigger" and bind.get("type", "string") == "string":
        return "acknowledge"
    if tag is None and bind == {"type": "string"}:  # no control: computed or preset
        return "hidden" if pyxform_type == "hidden" else "calculate"
    if tag != "input" or set(bind) - {"type", "readonly"}:
        return None
    if "external" in pyxform_type:  # an input filled from the sheet "external_choices"
        return None
    if bind.get("readonly") == "true()":
        return "note"
    return OURS.get(bind.get("type", ""))


def all_types() -> list[str]:
    types = set(question_types.QUESTION_TYPE_DICT)
    types |= {f"{command} c" for command in aliases.select}
    types |= {f"{command} c or_other" for command in ("select_one", "select one")}
    types |= {"select_one c or specify other", "select_multiple c or other"}
    types |= set(aliases._type_alias_map)
    types |= {f"{command} c" for command in aliases.osm}
    types |= set(aliases.cascading)
    for control in aliases.control:
        types |= {f"begin {control}", f"begin_{control}", f"end {control}", f"end_{control}"}
    return sorted(types)


REPEATS = {control for control, meaning in aliases.control.items() if meaning == constants.REPEAT}


@pytest.mark.parametrize("kind", all_types())
def test_every_type_pyxform_knows_is_implemented_or_refused(kind):
    command, _space, control = kind.replace("_", " ", 1).partition(" ")
    if command.casefold() in ("begin", "end") and control in REPEATS:  # a repeat group
        begin, end = (kind, f"end {control}") if command == "begin" else (f"begin {control}", kind)
        survey = [
            ("type", "name", "label"),
            (begin, "r", "R"),
            ("text", "q", "F"),
            (end, None, None),
        ]
        assert read_xlsform(workbook(survey), "f.xlsx").repeats()["r"].questions[0].name == "q"
        return
    survey = [("type", "name", "label"), (kind, "q", "Frage")]
    if kind in question_types.QUESTION_TYPE_DICT and our_type(kind) == "calculate":
        survey = [("type", "name", "label", "calculation"), (kind, "q", "Frage", "1 + 1")]
    if kind.startswith(("end", "End")):
        survey = [("type", "name", "label"), (kind, None, None)]
    choices = [("list_name", "name", "label"), ("c", "a", "A"), ("c", "b", "B")]
    try:
        form = read_xlsform(workbook(survey, choices), "f.xlsx")
    except XLSFormError as error:
        assert (error.sheet, error.row, error.column) == ("survey", 2, "type")
        if kind in question_types.QUESTION_TYPE_DICT and our_type(kind):
            pytest.fail(f"{kind} is ours but refused: {error}")
        plain_selects = {
            "_".join(command.split())
            for command, meaning in aliases.select.items()
            if meaning in (constants.SELECT_ONE, constants.SELECT_ALL_THAT_APPLY)
            and command not in aliases.select_from_file
        }
        definition = question_types.QUESTION_TYPE_DICT.get(kind) or {}
        if "braucht den Namen einer Auswahlliste" in str(error):  # a select without its list
            tag = (definition.get("control") or {}).get("tag")
            assert "_".join(kind.split()).casefold() in plain_selects or tag in (
                "select",
                "select1",
            )
            return
        if kind.startswith(("begin_group", "begin group", "end")):
            return  # a group row without its partner: the message says which is missing
        assert re.search(
            r"ist kein unterstützter Fragetyp.*\(Teilhabe bietet .+ nicht an\.\)", str(error)
        ), str(error)
        return
    questions = list(form.questions())
    if not questions:  # a metadata row: pyxform preloads it from the device, it asks nothing
        definition = question_types.QUESTION_TYPE_DICT.get(aliases._type_alias_map.get(kind, kind))
        assert definition is not None and "jr:preload" in (definition.get("bind") or {}), kind
        return
    (q,) = questions
    alias = aliases._type_alias_map.get(kind, "")
    if kind in question_types.QUESTION_TYPE_DICT:
        assert q.type == our_type(kind), kind
    elif alias in question_types.QUESTION_TYPE_DICT:  # "add photo prompt" is "photo"
        assert q.type == our_type(alias), kind
    else:  # a select with its list, perhaps with "or_other"
        command = kind
        for suffix in (" or_other", " or specify other", " or other"):
            command = command.removesuffix(suffix)
        command = command.removesuffix(" c")
        assert q.or_other == (command != kind.removesuffix(" c"))
        multiple = aliases.select.get(command) == constants.SELECT_ALL_THAT_APPLY
        assert q.type == ("select_multiple" if multiple else "select_one"), kind
        assert q.list_name == "c"
