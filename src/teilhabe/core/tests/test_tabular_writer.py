"""The one writer of every export: the formula guard, typed numbers, German Excel's CSV."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.core.tabular.download import download, safe_filename
from teilhabe.core.tabular.writer import (
    FORMULA_START,
    PLAIN,
    Column,
    Row,
    Sheet,
    csv_bytes,
    csv_text,
    neutralise,
    restore,
    xlsx_bytes,
)

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(1,1)", "\t=1", "\r=1"]


def cells(content: bytes, title: str | None = None) -> list[list[openpyxl.cell.Cell]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[title] if title else book.worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


def test_other_values_pass_unchanged():
    for value in ("Sprachcafé", "", None, -5, Decimal("-2.5"), -0.5, datetime.date(2026, 1, 2)):
        assert neutralise(value) == value


def test_restore_knows_the_carriage_return_an_xlsx_reader_sees_as_line_feed():
    assert restore("'\n=1") == "\n=1"
    assert restore(neutralise("'\nx")) == "'\nx"
    assert restore("'plain") == "'plain"  # not ours: a user's apostrophe stays


@given(st.text())
def test_restore_undoes_neutralise(text):
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(FORMULA_START)


def test_xlsx_text_is_text_and_numbers_are_numbers():
    rows = [[*HOSTILE, -5, Decimal("-2.5"), -0.25, datetime.date(2026, 12, 5), "'quoted"]]
    content = xlsx_bytes([Sheet("T", [Column("=head")], rows)])
    header, row = cells(content)
    assert (header[0].value, header[0].data_type, header[0].font.b) == ("'=head", "s", True)
    for cell, text in zip(row, HOSTILE, strict=False):
        # (XML reads a carriage return as a line feed, in openpyxl as in Excel)
        assert (cell.value, cell.data_type) == ("'" + text.replace("\r", "\n"), "s")
    assert [(c.value, c.data_type) for c in row[6:9]] == [(-5, "n"), (-2.5, "n"), (-0.25, "n")]
    assert row[9].is_date and row[9].number_format == "DD.MM.YYYY"
    assert row[10].value == "''quoted"  # so that the import's restore gives back 'quoted
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_keep_text_writes_text_unchanged_with_excels_quote_prefix():
    content = xlsx_bytes([Sheet("survey", [Column("label")], [["=1+1"], ["Ja"]])], keep_text=True)
    _header, formula, plain = cells(content)
    assert (formula[0].value, formula[0].data_type, formula[0].quotePrefix) == ("=1+1", "s", True)
    assert (plain[0].value, plain[0].quotePrefix) == ("Ja", False)


def test_a_fixed_time_gives_the_same_bytes():
    sheets = [Sheet("T", [Column("a")], [["x"]])]
    first = xlsx_bytes(sheets, fixed_time=datetime.datetime(2020, 1, 1))  # noqa: DTZ001
    assert first == xlsx_bytes(sheets, fixed_time=datetime.datetime(2020, 1, 1))  # noqa: DTZ001


def test_layout_heading_header_frozen_widths_fill_and_empty_line():
    sheet = Sheet(
        "Plan: 1/2026",
        [Column("Titel", 30, wrap=True), Column("Schlüssel", number_format="@")],
        [Row(["spät", "0123"], fill="FDE2E1"), ["früh", "0456"]],
        above=[["Handlungskonzept"], []],
        frozen_columns=1,
        auto_filter=True,
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([sheet])))
    ws = book.worksheets[0]
    assert ws.title == "Plan  1 2026"
    assert ws["A1"].font.b and ws["A1"].font.sz == 13
    assert ws["A3"].font.b and ws["A3"].value == "Titel"
    assert ws.freeze_panes == "B4" and ws.auto_filter.ref == "A3:B5"
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["B"].width == 11
    assert ws["A4"].fill.fgColor.rgb.endswith("FDE2E1") and ws["A4"].alignment.wrap_text
    assert ws["B5"].number_format == "@"
    empty = Sheet("E", [Column("a")], [], empty="Keine Daten.")
    assert [[c.value for c in r] for r in cells(xlsx_bytes([empty]))] == [["a"], ["Keine Daten."]]


def test_characters_xml_cannot_hold_are_dropped_rather_than_failing():
    content = xlsx_bytes([Sheet("T", [Column("a")], [["Text\x0baus Word"]])])
    assert cells(content)[1][0].value == "Textaus Word"


def test_german_excel_csv():
    rows = [
        ["Titel", "Zahl"],
        ["=1+1", -5],
        ["+x", Decimal("-2.50")],
        [datetime.date(2026, 12, 5), 0.5],
    ]
    data = csv_bytes(rows)
    assert data == (b"\xef\xbb\xbfTitel;Zahl\r\n'=1+1;-5\r\n'+x;-2,50\r\n05.12.2026;0,5\r\n")
    assert csv_text(1e-7) == "0,0000001"
    assert csv_text(None) == "" and csv_text("") == ""


def test_plain_csv_for_programs():
    out = csv_bytes([["key", "quota"], ["@a", Decimal("1.500000")]], PLAIN)
    assert out == b"key,quota\n'@a,1.500000\n"
    assert list(csv.reader(io.StringIO(out.decode()))) == [["key", "quota"], ["'@a", "1.500000"]]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("angebote-03357-2026-05-01.csv", "angebote-03357-2026-05-01.csv"),
        ('a"; filename=evil.exe\r\n.xlsx', "a-filename-evil.exe-.xlsx"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("Rückmeldungen.xlsx", "R-ckmeldungen.xlsx"),
    ],
)
def test_file_names_are_safe(name, safe):
    assert safe_filename(name) == safe


def test_download_answers_the_content_type_of_the_extension():
    response = download(b"x", "kontakte-03357.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="kontakte-03357.xlsx"'
    assert download(b"x", "a.csv")["Content-Type"] == "text/csv; charset=utf-8"
    with pytest.raises(ValueError):
        download(b"x", "a.exe")
