"""Reading XLSX and CSV files as German Excel saves them.

The format is taken from the content, not the name: an .xlsx is a zip file whatever it is
called. CSV comes as Windows-1252 or UTF-8 (with or without byte order mark), with ';' from
German Excel or ',' from elsewhere. Blank rows (and Excel's rows of bare separators) are left
out; every row keeps the number of its line in the file, also after line breaks inside quotes,
so that a problem can be found where the user sees it.

A file that cannot be read raises `FileProblem`; like `CellProblem`, it has a sentence for a
page and a brief clause for the command line."""

import csv
import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:  # openpyxl itself is imported where a workbook is read (see xlsx.py)
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MAX_BYTES = 20 * 1024 * 1024  # an upload; a district's whole stock-take is a few hundred KB
MAX_ROWS = 10_000  # rows of one upload; a district has hundreds, this stops runaway sheets

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .xls format of Excel 97-2003
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class FileProblem(ValueError):
    """A problem that stops reading the file; `line` where one line is to blame."""

    def __init__(self, message: str, brief: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.brief = brief or message
        self.line = line


@dataclass(frozen=True)
class RawTable:
    """The cells of a file, before they mean anything."""

    header: list[Any]
    rows: list[tuple[int, list[Any]]]  # (line, cells), blank rows left out
    is_csv: bool
    delimiter: str | None = None  # of a CSV file: ';' means German Excel's numbers as well


def is_blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _empty() -> FileProblem:
    return FileProblem(_("The file is empty."), _("the file is empty"))


def too_large(limit: int | None = None) -> FileProblem:
    limit = MAX_BYTES if limit is None else limit
    message = _("The file is larger than {size} MB. Split it into smaller files.")
    return FileProblem(message.format(size=limit // (1024 * 1024)))


def read_table(
    data: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    csv_only: bool = False,
    max_rows: int | None = MAX_ROWS,
    max_bytes: int | None = MAX_BYTES,
) -> RawTable:
    """The first row as header and the other rows of a workbook's sheet `sheet` (or its first
    sheet) or of a CSV file. `csv_only` refuses workbooks; None for a limit means none."""
    if max_bytes is not None and len(data) > max_bytes:
        raise too_large(max_bytes)
    if not data.strip():
        raise _empty()
    if csv_only and data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        raise FileProblem(
            _("This is an Excel workbook, not a CSV file. Save it as “CSV UTF-8” first."),
            _("this is an Excel workbook, not a CSV file; save it as “CSV UTF-8” first"),
        )
    if data.startswith(OLE_MAGIC) or (
        filename.lower().endswith(".xls") and not data.startswith(ZIP_MAGIC)
    ):
        raise FileProblem(
            _(
                "This is a file in the old Excel format (.xls). Save it in Excel as “Excel "
                "workbook (.xlsx)” or as “CSV UTF-8” and upload it again."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data, sheet, max_rows)
    return _read_csv(decode(data), max_rows)


def _add(rows: list[tuple[int, list[Any]]], line: int, cells: list[Any], limit: int | None) -> None:
    if is_blank(cells):
        return  # blank lines and Excel's lines of bare separators
    if limit is not None and len(rows) >= limit:
        message = _("The file has more than {limit} rows. Split it into smaller files.")
        raise FileProblem(message.format(limit=limit))
    rows.append((line, cells))


# --- XLSX --------------------------------------------------------------------------------------


@contextmanager
def _workbook(data: bytes) -> Iterator["Workbook"]:
    """The workbook, read-only with the cached values of formulas. Any failure of a corrupt or
    foreign zip file, also while reading rows, means the same to the user."""
    import openpyxl

    try:
        # openpyxl warns about harmless things in files from other programs (styles, data
        # validation); the user cannot act on those.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                yield workbook
            finally:
                workbook.close()
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None


def _rows(worksheet: "ReadOnlyWorksheet") -> Iterator[tuple[Any, ...]]:
    worksheet.reset_dimensions()  # some programs write a wrong size; read every row
    yield from worksheet.values  # iter_rows(values_only=True), which the stubs cannot bind here


def read_workbook(data: bytes) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every sheet of a workbook: its title and all its rows, blank ones included."""
    with _workbook(data) as workbook:
        return [
            (sheet.title, [tuple(row) for row in _rows(sheet)]) for sheet in workbook.worksheets
        ]


def _read_xlsx(data: bytes, sheet: str | None, max_rows: int | None) -> RawTable:
    header: list[Any] | None = None
    rows: list[tuple[int, list[Any]]] = []
    with _workbook(data) as workbook:
        names = workbook.sheetnames
        worksheet = workbook[sheet] if sheet in names else workbook.worksheets[0]
        for line, values in enumerate(_rows(worksheet), start=1):
            if header is None:
                header = list(values)
            else:
                _add(rows, line, list(values), max_rows)
    if header is None:
        raise _empty()
    return RawTable(header, rows, is_csv=False)


# --- CSV ---------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252: what Excel writes as "CSV" in Germany."""
    if data.startswith(_UTF16_BOMS) or data[:2].count(0) == 1:
        raise FileProblem(
            _("The file is UTF-16 text. Save it as “CSV UTF-8” and upload it again."),
            _("the file is UTF-16 text; save it as “CSV UTF-8”"),
        )
    if b"\x00" in data:
        raise FileProblem(
            _("The file contains NUL bytes; it is neither a CSV file nor a workbook."),
            _("the file contains NUL bytes; it is not a CSV file"),
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” and "
                "upload it again."
            ),
            _("the file is neither UTF-8 nor Windows-1252 text; save it as “CSV UTF-8”"),
        ) from None


def delimiter(text: str) -> str:
    """';' from German Excel, ',' from elsewhere: whichever the header line has more of."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def csv_lines(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells), so that line breaks inside quotes do not shift the count."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileProblem(
                _("The line is not valid CSV ({detail}).").format(detail=error),
                _("the line is not valid CSV ({detail})").format(detail=error),
                line=start,
            ) from None
        yield start, row
        start = reader.line_num + 1


def _read_csv(text: str, max_rows: int | None) -> RawTable:
    if not text.strip():
        raise _empty()  # a byte order mark alone
    separator = delimiter(text)
    lines = csv_lines(text, separator)
    header = next(lines)[1]
    rows: list[tuple[int, list[Any]]] = []
    for line, cells in lines:
        _add(rows, line, list(cells), max_rows)
    return RawTable(header, rows, is_csv=True, delimiter=separator)


def width_problem(cells: Sequence[Any], header_length: int, *, exact: bool) -> FileProblem | None:
    """In a CSV file, text right of the last header column usually means that an unquoted ';'
    shifted the line; reading on would put values into the wrong fields. `exact` refuses short
    lines too, for files written by programs rather than typed."""
    short = exact and len(cells) < header_length
    if not short and is_blank(cells[header_length:]):
        return None
    values = {"count": len(cells), "expected": header_length}
    return FileProblem(
        _("The line has {count} fields, the header has {expected}.").format(**values),
        _("the line has {count} fields, the header has {expected}").format(**values),
    )
