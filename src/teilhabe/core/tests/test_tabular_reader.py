"""The reading side of core/tabular: files as German Excel saves them, cells, tables, uploads.

The apps' imports are tested with their own data (inventory/tests/test_tabular.py,
allocation/tests/test_importing.py, regions/tests/test_regionlist.py); here the layer they share
is tested on its own, table-driven, with hypothesis where a property says more than examples:
whatever the writer writes, the reader reads back."""

import csv
import datetime
import io
import os
import time
from decimal import Decimal

import hypothesis
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import TextChoices
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.core import parsing
from teilhabe.core.models import StoredFile
from teilhabe.core.storage import DatabaseStorage
from teilhabe.core.tabular import reading, uploads, writer
from teilhabe.core.tabular.cells import (
    MAX_COUNT,
    CellProblem,
    ChoiceParser,
    as_ars,
    as_boolean,
    as_code,
    as_date,
    as_decimal,
    as_text,
    as_whole_number,
    free_text,
)
from teilhabe.core.tabular.reading import FileProblem, read_table, read_workbook
from teilhabe.core.tabular.table import FILL, Column, Problem, TableSpec, cell, located

D = datetime.date


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, as the msgids are."""
    with translation.override("en"):
        yield


def csv_file(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_file(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problem_of(call) -> FileProblem:
    with pytest.raises(FileProblem) as raised:
        call()
    return raised.value


# --- reading files -----------------------------------------------------------------------------

ROWS = [["Name", "Zahl"], ["Zeven", "1.234"], ["Sottrum", "7"]]


@pytest.mark.parametrize(
    ("data", "name", "delimiter"),
    [
        (csv_file(ROWS), "a.csv", ";"),
        (csv_file(ROWS, encoding="utf-8"), "a.csv", ";"),
        (csv_file(ROWS, encoding="cp1252"), "a.csv", ";"),
        (csv_file(ROWS, delimiter=","), "a.csv", ","),
        (csv_file(ROWS), "a.xlsx", ";"),  # the content decides, not the name
    ],
)
def test_csv_in_every_encoding_and_delimiter_reads_the_same(data, name, delimiter):
    table = read_table(data, name)
    assert (table.header, table.rows) == (ROWS[0], [(2, ROWS[1]), (3, ROWS[2])])
    assert (table.is_csv, table.delimiter) == (True, delimiter)


def test_umlauts_survive_windows_1252():
    data = csv_file([["Kommune"], ["Bötersen"], ["Reeßum"]], encoding="cp1252")
    assert [cells for _line, cells in read_table(data, "a.csv").rows] == [["Bötersen"], ["Reeßum"]]


def test_a_workbook_is_read_by_its_content_and_sheet():
    data = xlsx_file(("Notizen", [["nur eine Notiz"]]), ("Angebote", ROWS))
    assert read_table(data, "a.csv").header == ["nur eine Notiz"]  # the first sheet
    table = read_table(data, "a.csv", sheet="Angebote")
    assert (table.header, table.is_csv, table.delimiter) == (ROWS[0], False, None)
    assert table.rows == [(2, ROWS[1]), (3, ROWS[2])]


def test_blank_rows_are_left_out_and_lines_keep_their_numbers():
    text = 'Name;Text\r\n\r\n;;\r\nZeven;"zwei\r\nZeilen"\r\n  ; \r\nSottrum;x\r\n'
    table = read_table(text.encode(), "a.csv")
    assert [line for line, _cells in table.rows] == [4, 7]
    workbook = xlsx_file(("Tabelle", [["Name"], [None], ["  "], ["Zeven"]]))
    assert read_table(workbook, "a.xlsx").rows == [(4, ["Zeven"])]


@pytest.mark.parametrize(
    ("data", "name", "options", "message", "brief"),
    [
        (b"", "a.csv", {}, "The file is empty.", "the file is empty"),
        (b" \r\n\t", "a.csv", {}, "The file is empty.", "the file is empty"),
        (b"\xef\xbb\xbf", "a.csv", {}, "The file is empty.", "the file is empty"),
        (b"\xd0\xcf\x11\xe0" + bytes(50), "a.xls", {}, "old Excel format (.xls)", None),
        (b"Name;Zahl\r\n", "a.xls", {}, "old Excel format (.xls)", None),
        (b"PK\x03\x04 broken", "a.xlsx", {}, "could not be read as an Excel workbook", None),
        ("Name;Zahl".encode("utf-16"), "a.csv", {}, "UTF-16", "the file is UTF-16 text"),
        ("Name;Zahl".encode("utf-16-le"), "a.csv", {}, "UTF-16", "the file is UTF-16 text"),
        (b"Name;Zahl\x00\r\n", "a.csv", {}, "NUL bytes", "it is not a CSV file"),
        (b"Name;T\x81r\r\n", "a.csv", {}, "neither UTF-8 nor Windows-1252", "neither"),
        (
            xlsx_file(("Tabelle", ROWS)),
            "a.csv",
            {"csv_only": True},
            "not a CSV file",
            "this is an Excel workbook, not a CSV file",
        ),
        (csv_file(ROWS), "a.csv", {"max_bytes": 10}, "larger than 0 MB", None),
        (csv_file(ROWS), "a.csv", {"max_rows": 1}, "more than 1 rows", None),
        (xlsx_file(("Tabelle", ROWS)), "a.xlsx", {"max_rows": 1}, "more than 1 rows", None),
    ],
)
def test_unreadable_files_are_refused_with_a_sentence_and_a_clause(
    data, name, options, message, brief
):
    problem = problem_of(lambda: read_table(data, name, **options))
    assert message in problem.message
    assert problem.message[0].isupper() and problem.message.endswith(".")
    assert (brief or problem.message) in problem.brief


def test_a_broken_csv_line_is_located():
    data = b'Name;Text\r\nZeven;x\r\n"' + b"x" * 200_000 + b'"\r\n'
    problem = problem_of(lambda: read_table(data, "a.csv"))
    assert problem.line == 3
    assert problem.message.startswith("The line is not valid CSV")
    assert problem.brief.startswith("the line is not valid CSV")


def test_limits_can_be_lifted():
    rows = [["Name"], *[[f"Kommune {n}"] for n in range(30)]]
    assert len(read_table(csv_file(rows), "a.csv", max_rows=None, max_bytes=None).rows) == 30


@pytest.mark.parametrize(
    ("cells", "exact", "expected"),
    [
        (["a", "b"], False, None),
        (["a"], False, None),  # a short line: the missing cells are empty
        (["a"], True, "The line has 1 fields, the header has 2."),
        (["a", "b", "", "  "], True, None),  # Excel's trailing separators
        (["a", "b", "c"], False, "The line has 3 fields, the header has 2."),
    ],
)
def test_the_width_of_a_line(cells, exact, expected):
    problem = reading.width_problem(cells, 2, exact=exact)
    assert (problem.message if problem else None) == expected


def test_every_sheet_of_a_workbook_for_xlsform():
    data = xlsx_file(("survey", [["type", "name"], [None, None], ["text", "a"]]), ("Wahl", []))
    sheets = read_workbook(data)
    assert [title for title, _rows in sheets] == ["survey", "Wahl"]
    assert sheets[0][1] == [("type", "name"), (), ("text", "a")]  # as openpyxl gives them
    with pytest.raises(FileProblem):
        read_workbook(b"PK\x03\x04 broken")


# --- cells -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("42", {}, 42),
        (" 1.234 ", {}, 1234),
        ("1.234.567", {}, 1_234_567),
        (7, {}, 7),
        (7.0, {}, 7),
        ("-0", {}, 0),
        ("22698", {"grouping": False}, 22698),
        (str(MAX_COUNT + 1), {"maximum": None}, MAX_COUNT + 1),
    ],
)
def test_whole_numbers(value, options, expected):
    assert as_whole_number(value, **options) == expected


@pytest.mark.parametrize(
    ("value", "options", "message", "brief"),
    [
        ("drei", {}, "“drei” is not a whole number.", "“drei” is not a whole number"),
        ("2,5", {}, "“2,5” is not a whole number.", None),
        (2.5, {}, "“2.5” is not a whole number.", None),
        (True, {}, "“ja” is not a whole number.", None),
        ("22.698", {"grouping": False}, "“22.698” is not a whole number.", None),
        ("1e3", {}, "“1e3” is not a whole number.", None),
        ("-4", {}, "“-4” is negative.", "“-4” is negative"),
        (-4, {}, "“-4” is negative.", None),
        (str(MAX_COUNT + 1), {}, f"“{MAX_COUNT + 1}” is too large.", "is too large"),
        (str(2**63), {"maximum": None}, "is too large.", None),
    ],
)
def test_bad_whole_numbers(value, options, message, brief):
    with pytest.raises(CellProblem) as raised:
        as_whole_number(value, **options)
    assert message in raised.value.message
    assert (brief or message.rstrip(".")) in raised.value.brief


@pytest.mark.parametrize(
    ("value", "german", "expected"),
    [
        ("150,42", True, "150.42"),
        ("150.42", True, "150.42"),  # not a grouping, so a plain decimal
        ("1.428,18", True, "1428.18"),
        ("1.428", True, "1428"),  # a valid grouping wins
        ("-7,5", True, "-7.5"),
        ("150.42", False, "150.42"),
        (12, True, "12"),
        (1.5, True, "1.5"),
    ],
)
def test_decimals(value, german, expected):
    assert as_decimal(value, german=german) == Decimal(expected)


@pytest.mark.parametrize(("value", "german"), [("150,42", False), ("1,2,3", True), ("x", True)])
def test_bad_decimals(value, german):
    with pytest.raises(CellProblem) as raised:
        as_decimal(value, german=german)
    assert raised.value.message == f"“{value}” is not a number."
    assert raised.value.brief == f"“{value}” is not a number"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("05.12.2026", D(2026, 12, 5)),
        ("5.1.2026", D(2026, 1, 5)),
        ("2026-12-05", D(2026, 12, 5)),
        ("2026-12-05 00:00", D(2026, 12, 5)),
        ("2026-12-05T00:00:00", D(2026, 12, 5)),
        (datetime.datetime(2026, 12, 5, 0, 0), D(2026, 12, 5)),  # noqa: DTZ001 (an Excel date cell)
        (D(1900, 1, 1), D(1900, 1, 1)),
        ("31.12.2199", D(2199, 12, 31)),
    ],
)
def test_dates(value, expected):
    assert as_date(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("31.02.2026", "“31.02.2026” is not a date. Write it as DD.MM.YYYY"),
        ("2026/12/05", "is not a date"),
        ("2026-12-05 12:30", "is not a date"),
        ("gestern", "“gestern” is not a date"),
        (45000, "“45000” is not a date"),
        ("01.01.2200", "between 01.01.1900 and 31.12.2199"),
        (D(1899, 12, 31), "between 01.01.1900 and 31.12.2199"),
        (datetime.datetime(9999, 12, 31), "between 01.01.1900 and 31.12.2199"),  # noqa: DTZ001
    ],
)
def test_bad_dates(value, words):
    with pytest.raises(CellProblem) as raised:
        as_date(value)
    assert words in raised.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("ja", True), ("JA", True), ("x", True), (True, True), (1, True)],
        *[("nein", False), ("n", False), ("falsch", False), (False, False), (0, False)],
    ],
)
def test_booleans(value, expected):
    assert as_boolean(value) is expected


def test_a_bad_boolean_says_what_to_write():
    with pytest.raises(CellProblem) as raised:
        as_boolean(" vielleicht ")
    assert raised.value.message == "Write “ja” or “nein” instead of “vielleicht”."


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("033575408000", "033575408000"),
        ("33575408000", "033575408000"),  # Excel dropped the 0
        (33575408000, "033575408000"),
        (33575408000.0, "033575408000"),
        ("0335 7540 8000", "033575408000"),
    ],
)
def test_regional_keys(value, expected):
    assert as_ars(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("3357540", "“3357540” is not a regional key (ARS) of 12 digits."),
        ("0335754080001", "is not a regional key"),
        ("03357540800X", "is not a regional key"),
        ("3,35754E+11", "scientific notation"),
    ],
)
def test_bad_regional_keys(value, words):
    with pytest.raises(CellProblem) as raised:
        as_ars(value)
    assert words in raised.value.message


def test_codes_name_their_digits_in_the_callers_words():
    assert as_code("3356", 5, wrong=str, scientific=str) == "03356"
    with pytest.raises(CellProblem, match=r"^033560 has 5$"):
        as_code("033560", 5, wrong=lambda: "{value} has {digits}", scientific=str)
    with pytest.raises(CellProblem, match=r"^sci 3E5$"):
        as_code("3E5", 5, wrong=str, scientific=lambda: "sci {value}")


class Colour(TextChoices):
    RED = "red", "rot"
    GREEN = "green", "grün"


COLOURS = ChoiceParser(
    {Colour.RED: "Rot (Signal)", Colour.GREEN: "Grün"},
    Colour,
    lambda: "Unknown colour “{value}”. Allowed are: {allowed}.",
)


@pytest.mark.parametrize("text", ["Rot (Signal)", " rot  (signal) ", "red", "RED", "rot"])
def test_choices_by_label_code_or_interface_label(text):
    assert COLOURS(text) == "red"


def test_an_unknown_choice_lists_the_files_labels():
    with pytest.raises(CellProblem) as raised:
        COLOURS("blau")
    assert raised.value.message == "Unknown colour “blau”. Allowed are: Rot (Signal), Grün."


def test_text_keeps_what_was_typed():
    assert as_text("  'x ") == "'x"
    assert as_text("'=1+2") == "=1+2"  # our export's formula guard is taken off
    assert as_text(2024.0) == "2024"
    assert as_text(D(2026, 1, 2)) == "02.01.2026"
    assert as_text(None) == ""
    assert free_text("a\r\nb") == "a\nb"
    with pytest.raises(CellProblem, match="3 characters; at most 2"):
        free_text("abc", limit=2)


# --- whatever the writer writes, the reader reads back -------------------------------------------

TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Cn"], include_characters="\n\t", exclude_characters="\r"
    ),
    max_size=40,
).map(str.strip)
RECORD = st.tuples(
    TEXT,
    st.integers(min_value=0, max_value=MAX_COUNT),
    st.dates(min_value=parsing.MIN_DATE, max_value=parsing.MAX_DATE),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False),
    st.booleans(),
)
PARSERS = (free_text, as_whole_number, as_date, as_decimal, as_boolean)


def _written(record: tuple) -> list[object]:
    text, number, day, amount, flag = record
    return [text, number, day, amount, "ja" if flag else "nein"]


@hypothesis.settings(max_examples=60, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=5), st.sampled_from(["xlsx", "csv"]))
def test_any_table_the_writer_writes_reads_back_to_the_same_cells(records, fmt):
    header = ["Text", "Anzahl", "Datum", "Betrag", "Ja/Nein"]
    rows = [_written(record) for record in records]
    if fmt == "xlsx":
        columns = [writer.Column(name) for name in header]
        data = writer.xlsx_bytes([writer.Sheet("Tabelle", columns, rows)])
    else:
        data = writer.csv_bytes([header, *rows])
    table = read_table(data, f"a.{fmt}")
    assert table.header == header
    lines, line = [], 2
    for record in records:
        lines.append(line)
        line += 1 + (record[0].count("\n") if fmt == "csv" else 0)  # a CSV line per line break
    assert [line for line, _cells in table.rows] == lines
    for (_line, cells), record in zip(table.rows, records, strict=True):
        read = [parse(value) for parse, value in zip(PARSERS, cells, strict=True)]
        assert read == list(record)


# --- describing a table --------------------------------------------------------------------------


class Context:
    districts = {"rotenburg": "03357"}

    def district(self, value):
        try:
            return self.districts[as_text(value).casefold()]
        except KeyError:
            raise CellProblem(f"no district “{value}”") from None


SPEC = TableSpec(
    [
        Column("Kreis", "district", lambda context, value: context.district(value), required=True),
        Column("Personen", "persons", cell(as_whole_number), required=True, aliases=("persons",)),
        Column("Datum", "date", cell(as_date)),
        Column("Angerechnet", "counted", cell(as_boolean), empty=True),
        Column("Bemerkung", "note", cell(free_text, limit=5), empty=""),
        Column("Name", "name"),  # read by the app itself
    ]
)


def test_the_header_is_matched_by_names_and_aliases():
    header = SPEC.match(["  PERSONS ", "kreis", "Eigene Notiz", None, "personen", ""])
    assert header.positions == {"persons": 0, "district": 1}
    assert header.ignored == ("Eigene Notiz",)
    assert [column.key for column in header.repeated] == ["persons"]
    assert header.missing == ()
    assert [(p.line, p.column) for p in header.problems()] == [(1, "Personen")]
    assert "appears more than once" in header.problems()[0].message


def test_missing_required_columns_are_named():
    header = SPEC.match(["Datum"])
    assert [column.header for column in header.missing] == ["Kreis", "Personen"]
    assert [p.message for p in header.problems()] == [
        "The required column “Kreis” is missing from the header.",
        "The required column “Personen” is missing from the header.",
    ]


def test_a_row_is_read_into_values_and_located_problems():
    header = SPEC.match(["Kreis", "Personen", "Datum", "Angerechnet", "Bemerkung", "Name"])
    row = SPEC.read(7, ["Rotenburg", "1.200", "", None, "  ", "Zeven"], header, Context())
    assert row.values == {
        "district": "03357",
        "persons": 1200,
        "date": None,
        "counted": True,
        "note": "",
    }
    assert (row.problems, row.cell("name"), row.cell("note")) == ([], "Zeven", None)

    bad = SPEC.read(8, ["Celle", "", "gestern", "vielleicht", "zu lang"], header, Context())
    assert [(p.line, p.column) for p in bad.problems] == [
        (8, "Kreis"),
        (8, "Personen"),
        (8, "Datum"),
        (8, "Angerechnet"),
        (8, "Bemerkung"),
    ]
    assert bad.problems[0].message == "no district “Celle”"
    assert bad.problems[1].message == "“Personen” must not be empty."
    assert bad.problems[1].brief == "the value is missing"
    assert bad.failed == {"district", "persons", "date", "counted", "note"}
    assert bad.values == {}


def test_an_absent_column_gives_what_an_empty_cell_means():
    header = SPEC.match(["Kreis", "Personen"])
    row = SPEC.read(2, ["Rotenburg", "3"], header, Context())
    assert [row.value(key) for key in ("counted", "note", "date")] == [True, "", None]
    assert SPEC.column("district").if_empty is FILL
    assert not row.has("date")


def test_the_values_of_a_column_for_loading_what_rows_name():
    table = read_table(
        csv_file([["Personen", "Kreis"], ["3", "x"], ["drei", ""], ["4.000", ""]]), "a"
    )
    header = SPEC.match(table.header)
    assert SPEC.values(table, header, "persons", as_whole_number) == {3, 4000}
    assert SPEC.values(table, header, "date", as_date) == set()


def test_problems_sort_in_file_then_column_order_and_say_where():
    problems = [Problem(3, "Kreis", "c"), Problem(2, "Datum", "b"), Problem(2, "Kreis", "a")]
    problems.append(Problem(None, None, "file"))
    assert [p.message for p in sorted(problems, key=SPEC.order)] == ["file", "a", "b", "c"]
    assert str(Problem(2, "Kreis", "bad")) == "Line 2, column “Kreis”: bad"
    assert str(Problem(2, None, "bad")) == "Line 2: bad"
    assert str(Problem(None, "Kreis", "bad")) == "Column “Kreis”: bad"
    assert str(Problem(None, None, "bad")) == "bad"
    assert located("bad", 3, "ars", file="a.csv") == "a.csv, line 3, column “ars”: bad"
    assert located("bad", None, None, file="a.csv") == "a.csv: bad"


# --- uploads waiting for their preview ----------------------------------------------------------

OWNER = {"user_id": 1, "district_id": 2, "purpose": "inventory:import-preview"}


def _kept(token: str) -> str:
    return f"{uploads.FOLDER}/{token}"


def _make_old(name: str, old: float) -> None:
    """Backdate a kept file: its mtime on disk, its creation time in the database."""
    if isinstance(default_storage, DatabaseStorage):
        when = datetime.datetime.fromtimestamp(old, tz=datetime.UTC)
        StoredFile.objects.filter(name=name).update(created_at=when)
    else:
        os.utime(default_storage.path(name), (old, old))


@pytest.mark.django_db  # the files are in the database on PostgreSQL
def test_an_upload_is_given_back_only_to_its_owner_district_and_import():
    token = uploads.store(**OWNER, data=b"Titel\r\n", filename="angebote.csv")
    assert uploads.load(token, **OWNER) == uploads.Upload(b"Titel\r\n", "angebote.csv")
    for other in ({"user_id": 3}, {"district_id": 3}, {"purpose": "allocation:import"}):
        with pytest.raises(Http404):
            uploads.load(token, **(OWNER | other))
    for forged in ("", "../secret_key", f"{token}.json", token[:-1], token + "x"):
        with pytest.raises(Http404):
            uploads.load(forged, **OWNER)
    uploads.discard(token)
    with pytest.raises(Http404):
        uploads.load(token, **OWNER)


@pytest.mark.django_db
def test_a_stale_upload_is_refused_and_swept_away():
    stale = uploads.store(**OWNER, data=b"alt", filename="alt.csv")
    old = time.time() - uploads.MAX_AGE - 60
    record = _kept(f"{stale}.json")
    text = default_storage.open(record).read().decode()
    default_storage.delete(record)
    changed = text.replace('"stored": ', f'"stored": {old}, "was": ')
    assert default_storage.save(record, ContentFile(changed.encode())) == record
    with pytest.raises(Http404):
        uploads.load(stale, **OWNER)
    assert not default_storage.exists(_kept(stale))

    forgotten = uploads.store(**OWNER, data=b"alt", filename="alt.csv")
    for name in (forgotten, f"{forgotten}.json"):
        _make_old(_kept(name), old)
    fresh = uploads.store(**OWNER, data=b"neu", filename="neu.csv")  # sweeps the old ones
    assert not default_storage.exists(_kept(forgotten))
    assert not default_storage.exists(_kept(f"{forgotten}.json"))
    assert uploads.load(fresh, **OWNER).data == b"neu"


# --- the pages ------------------------------------------------------------------------------------


def _upload(client, ags: str, data: bytes):
    url = reverse("inventory:import", kwargs={"ags": ags})
    return client.post(url, {"file": SimpleUploadedFile("angebote.csv", data)})


@pytest.mark.django_db
def test_a_token_works_only_on_the_page_of_its_district_and_import(client, personas):
    client.force_login(personas["root"])  # sees every district
    preview = _upload(client, "03357", csv_file([["Titel"], ["Lesepaten"]]))["Location"]
    assert client.get(preview).status_code == 200
    token = preview.rstrip("/").rsplit("/", 1)[-1]
    elsewhere = reverse("inventory:import-preview", kwargs={"ags": "03356", "token": token})
    assert client.get(elsewhere).status_code == 404
    arrivals = reverse("allocation:arrival-import-preview", kwargs={"ags": "03357", "token": token})
    assert client.get(arrivals).status_code == 404


@pytest.mark.django_db
def test_a_file_too_large_is_refused_before_it_is_stored(client, personas, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 1024 * 1024)
    client.force_login(personas["alice"])
    before = _waiting()
    response = _upload(client, "03357", b"Titel\r\n" + b"x" * (1024 * 1024))
    assert response.status_code == 200
    assert "Die Datei ist größer als 1 MB." in response.content.decode()  # the page is German
    assert _waiting() == before
    assert _upload(client, "03357", b"Titel\r\nx\r\n").status_code == 302
    assert len(_waiting()) == len(before) + 2  # a file within the limit is kept, with its record


def _waiting() -> set[str]:
    """The names of the uploads waiting for their preview, wherever they are kept."""
    try:
        return set(default_storage.listdir(uploads.FOLDER)[1])
    except FileNotFoundError:
        return set()
