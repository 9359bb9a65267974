"""Repeat groups in XLSForm: every spelling pyxform accepts is read, repeat_count (a number or
an expression) is kept, what we do not implement is refused by name, and a form with repeats
survives Teilhabe → XLSForm → pyxform → and back."""

from pathlib import Path

import pytest
from django.utils import translation

from teilhabe.surveys.xlsform import (
    XLSFormError,
    form_from_dict,
    form_to_dict,
    read_xlsform,
    write_xlsform,
)
from teilhabe.testing import xlsx

SURVEY_TEXT = """
type|name|label|relevant|constraint|calculation|repeat_count
integer|households|Haushalte||||
begin_repeat|offers|Angebote||||
text|title|Titel||||
integer|places|Plätze||. >= 0||
integer|free|Freie Plätze|${places} > 0|. <= ${places}||
calculate|number||||position(..)|
end_repeat|||||
calculate|total||||sum(${places})|
calculate|first||||indexed-repeat(${title}, ${offers}, 1)|
begin repeat|members|Mitglieder||||${households}
text|member|Name||||
end repeat|||||
begin_repeat|fixed|Zwei Einträge||||2
text|note_text|Notiz||||
end_repeat|||||
"""


def workbook(text: str = SURVEY_TEXT) -> bytes:
    rows = [tuple(cell or None for cell in line.split("|")) for line in text.split("\n") if line]
    return xlsx({"survey": rows})


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def test_repeats_are_read_with_their_count():
    form = read_xlsform(workbook(), "r.xlsx")
    repeats = form.repeats()
    assert list(repeats) == ["offers", "members", "fixed"]
    assert [q.name for q in repeats["offers"].questions] == ["title", "places", "free", "number"]
    assert repeats["offers"].repeat_count == ""
    assert repeats["members"].repeat_count == "${households}"
    assert repeats["fixed"].repeat_count == "2"
    assert not any(section.repeat for section in form.sections if section.name == "")


@pytest.mark.parametrize(
    ("begin", "end"),
    [
        ("begin_repeat", "end_repeat"),
        ("begin lgroup", "end lgroup"),
        ("begin looped group", "end_looped_group"),
        ("Begin Repeat", "End Repeat"),
    ],
)
def test_every_spelling_pyxform_accepts_is_a_repeat(begin, end):
    form = read_xlsform(workbook(f"type|name|label\n{begin}|r|R\ntext|t|T\n{end}||\n"), "r.xlsx")
    assert form.repeats()["r"].questions[0].name == "t"


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        (
            "type|name|label\nbegin_repeat|r|R\ntext|t|T\n",
            2,
            "type",
            "nicht durch eine Zeile „end_repeat“",
        ),
        ("type|name|label\nbegin_repeat|r|R\ntext|t|T\nend_group||\n", 4, "type", "„end_group“"),
        ("type|name|label\nbegin_group|g|G\ntext|t|T\nend_repeat||\n", 4, "type", "„end_repeat“"),
        (
            "type|name|label\nbegin_repeat|r|R\nbegin_group|g|G\ntext|t|T\nend_group||\nend_repeat||\n",
            3,
            "type",
            "Verschachtelte",
        ),
        ("type|name|label|repeat_count\ntext|t|T|3\n", 2, "repeat_count", "Wiederholungsgruppen"),
        (
            "type|name|label|repeat_count\nbegin_group|g|G|3\ntext|t|T|\nend_group||\n",
            2,
            "repeat_count",
            "Wiederholungsgruppen",
        ),
        (
            "type|name|label|repeat_count\nbegin_repeat|r|R|${nope}\ntext|t|T|\nend_repeat||\n",
            2,
            "repeat_count",
            "${nope}",
        ),
        (
            "type|name|label|calculation\nbegin_repeat|r|R|\ntext|t|T|\nend_repeat|||\n"
            "calculate|c||indexed-repeat(${t}, ${c}, 1)\n",
            5,
            "calculation",
            "keine Wiederholungsgruppe",
        ),
        ("type|name|label\nbegin_loop over c|r|R\ntext|t|T\nend_loop||\n", 2, "type", "Schleifen"),
        (
            "type|name|label\nbegin_repeat|r|R\nfile|f|F\nend_repeat||\n",
            3,
            "type",
            "Dateiantworten",
        ),
    ],
)
def test_what_is_not_implemented_or_wrong_is_refused_by_name(text, row, column, message):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(workbook(text), "r.xlsx")
    assert (caught.value.row, caught.value.column) == (row, column), str(caught.value)
    assert message in str(caught.value)


def test_repeats_are_stored_and_read_back():
    form = read_xlsform(workbook(), "r.xlsx")
    assert form_from_dict(form_to_dict(form)) == form


def test_repeats_survive_writing_pyxform_and_reading_back(tmp_path: Path):
    xls2xform = pytest.importorskip("pyxform.xls2xform")
    form = read_xlsform(workbook(), "r.xlsx")
    data = write_xlsform(form)
    assert read_xlsform(data, "r.xlsx") == form
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    result = xls2xform.convert(str(path))
    assert result.warnings == []
    xform = result.xform
    assert '<repeat nodeset="/data/offers">' in xform
    assert '<repeat nodeset="/data/members" jr:count=" /data/households ">' in xform
    assert 'nodeset="/data/fixed_count" type="string" readonly="true()" calculate="2"' in xform
    assert '<bind nodeset="/data/offers/number" type="string" calculate="position(..)"/>' in xform
    assert 'calculate="sum( /data/offers/places )"' in xform
    assert 'calculate="indexed-repeat( /data/offers/title ,  /data/offers , 1)"' in xform
