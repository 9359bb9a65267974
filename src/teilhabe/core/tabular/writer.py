"""One writer for every XLSX and CSV file Teilhabe hands out.

A file from Teilhabe is opened by people in Excel or LibreOffice, and the text in it was typed
by other people: an activity's title, a contact's name, an answer to a questionnaire. A
spreadsheet runs text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, also from a CSV file ("CSV injection": `=HYPERLINK(...)` sends data elsewhere with one
click). So every cell goes through `neutralise`, as OWASP recommends: such text gets a leading
apostrophe, which shows the text as it is; the imports take it off again (`restore`). Numbers
and dates are written as typed values, so they stay numbers: -5 is a number, "-5" is text.

The per-app export code only says which columns mean what (`Sheet`, `Column`, `Row`); the
layout is the same everywhere: a bold header row that stays in view, widths, German dates.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}

# Excel's number formats; German Excel shows DD.MM.YYYY as TT.MM.JJJJ.
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
TEXT_FORMAT = "@"  # a key such as the ARS keeps its leading 0, also when typed in later

# Excel and LibreOffice run a cell that starts with one of these as a formula, even from CSV.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

Cell = str | int | float | Decimal | date | None  # datetime is a date


# --- the formula guard -----------------------------------------------------------------------


def neutralise[T](value: T) -> T | str:
    """Text that a spreadsheet would run as a formula, made harmless; anything else unchanged.

    The apostrophe shows the text as it was typed. Text that already starts with an apostrophe
    gets a second one, so that `restore` gives back exactly what was written."""
    if isinstance(value, str) and value.startswith((*FORMULA_START, QUOTE)):
        return QUOTE + value
    return value


def restore(text: str) -> str:
    """The inverse of `neutralise`, for the imports that read our exports back.

    A line feed counts as a carriage return here: reading XML turns the one into the other,
    so an XLSX reader gets "'\\n=1" for the "'\\r=1" we wrote. Safe, because `neutralise`
    doubles every leading apostrophe: "'\\n" cannot come from text of the user's own."""
    if text.startswith(QUOTE) and text[1:].startswith((*FORMULA_START, "\n", QUOTE)):
        return text[1:]
    return text


def cell_value(value: Any) -> Cell:
    """A value the writers know: "" is an empty cell (Excel counts empty text as filled),
    other objects (a lazy translation, say) become their text."""
    if value is None or value == "":
        return None
    if isinstance(value, str | int | float | Decimal | date):
        return value
    return str(value)


# --- XLSX ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: its header and how its cells look. Dates get DATE_FORMAT by themselves."""

    header: str = ""
    width: float | None = None  # in characters; None fits the column to its content
    number_format: str | None = None  # e.g. TEXT_FORMAT or "0.000000"; also for new rows
    wrap: bool = False  # long text wraps, aligned to the top
    bold: bool = False  # the labels of a notes sheet


@dataclass(frozen=True)
class Row:
    """A row that looks different from the others."""

    cells: Sequence[Any]
    fill: str | None = None  # background colour as RGB hex, e.g. an overdue measure


@dataclass(frozen=True)
class Sheet:
    """One sheet: optional lines above the table (the first is its heading), a header row
    that stays in view, and the rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any] | Row]
    above: Sequence[Sequence[Any]] = ()
    header: bool = True
    frozen_columns: int = 0  # columns of row labels that stay in view when scrolling right
    auto_filter: bool = False
    empty: str | None = None  # a line written when there are no rows


def sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Tabelle"


def xlsx_bytes(
    sheets: Sequence[Sheet],
    *,
    keep_text: bool = False,
    fixed_time: datetime | None = None,
    title: str | None = None,
) -> bytes:
    """The sheets as an Excel workbook, every text cell through the formula guard.

    `keep_text` is for files another program reads back word for word (XLSForm): text is
    never changed; a cell that Excel could take for a formula is a text cell with Excel's
    quotePrefix style instead of a leading apostrophe. Either way no cell is a formula.
    `fixed_time` makes the bytes depend on the content alone (a file kept in git); `title`
    is the document title of the file's properties."""
    from teilhabe.core.tabular import xlsx  # openpyxl, read only by processes that write XLSX

    return xlsx.workbook_bytes(sheets, keep_text=keep_text, fixed_time=fixed_time, title=title)


# --- CSV -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvFormat:
    delimiter: str
    line_end: str
    bom: bool  # a UTF-8 byte order mark, so that Excel reads UTF-8 and not Windows-1252
    decimal: str
    date: str  # strftime formats
    datetime: str


# What German Excel opens with umlauts, columns and numbers intact.
GERMAN_EXCEL = CsvFormat(";", "\r\n", True, ",", "%d.%m.%Y", "%d.%m.%Y %H:%M")
# For programs and pipelines (`teilhabe apportion`): ',', '\n', decimal point, ISO dates.
PLAIN = CsvFormat(",", "\n", False, ".", "%Y-%m-%d", "%Y-%m-%dT%H:%M")


def _number_text(value: int | float | Decimal, decimal: str) -> str:
    if isinstance(value, int):
        return str(value)
    text = repr(value) if isinstance(value, float) else str(value)
    if "e" in text.lower():  # no scientific notation: Excel would keep it as text
        text = format(Decimal(text), "f")
    return text.replace(".", decimal)


def csv_text(value: Any, fmt: CsvFormat = GERMAN_EXCEL) -> str:
    """One field: numbers as plain numbers, dates in the format's notation, text guarded."""
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(fmt.datetime)
    if isinstance(value, date):
        return value.strftime(fmt.date)
    if isinstance(value, int | float | Decimal):
        return _number_text(value, fmt.decimal)
    return neutralise(value)


def write_csv(rows: Iterable[Sequence[Any]], out: TextIO, fmt: CsvFormat = GERMAN_EXCEL) -> None:
    """Rows to a text stream (without the byte order mark; `csv_bytes` adds it)."""
    writer = csv.writer(out, delimiter=fmt.delimiter, lineterminator=fmt.line_end)
    writer.writerows([csv_text(value, fmt) for value in row] for row in rows)


def csv_bytes(rows: Iterable[Sequence[Any]], fmt: CsvFormat = GERMAN_EXCEL) -> bytes:
    buffer = io.StringIO(newline="")
    write_csv(rows, buffer, fmt)
    return buffer.getvalue().encode("utf-8-sig" if fmt.bom else "utf-8")
