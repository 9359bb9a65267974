"""The stock-take as a spreadsheet: export for German Excel, and an all-or-nothing import.

Coordinators keep lists in Excel; this module lets them take the inventory out, fill it in and
bring it back. The import never writes while it reads: `plan_import` turns a file into an
`ImportPlan` (what would be created, changed or left alone, and every problem with its line and
column), the user sees that preview, and only `apply_import` writes, all rows or none.

Column headers and the labels of statuses, provider kinds and target groups are German *data*:
the files are made for German Excel users, whatever the language of the web interface, so they
are plain strings here and not translated. Messages to the user go through gettext.
"""

import csv
import io
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import openpyxl
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.scoping import Scope
from teilhabe.core.tabular import writer
from teilhabe.inventory.models import (
    Activity,
    ActivityStatus,
    Category,
    ProviderKind,
    TargetGroup,
    encode_target_groups,
)
from teilhabe.regions.models import District, Municipality

# --- the German vocabulary of the files ----------------------------------------------------

STATUS_LABELS: dict[str, str] = {
    ActivityStatus.PLANNED: "geplant",
    ActivityStatus.STARTING: "im Aufbau",
    ActivityStatus.ACTIVE: "aktiv",
    ActivityStatus.PAUSED: "pausiert",
    ActivityStatus.ENDED: "beendet",
}

PROVIDER_KIND_LABELS: dict[str, str] = {
    ProviderKind.MUNICIPALITY: "Kommune",
    ProviderKind.DISTRICT: "Landkreis",
    ProviderKind.VOLUNTEERS: "Ehrenamtliche Initiative",
    ProviderKind.ASSOCIATION: "Verein",
    ProviderKind.WELFARE: "Wohlfahrtsverband",
    ProviderKind.CHURCH: "Kirche oder Religionsgemeinschaft",
    ProviderKind.MIGRANT_ORGANISATION: "Migrantenorganisation",
    ProviderKind.JOBCENTER: "Jobcenter oder Arbeitsagentur",
    ProviderKind.EDUCATION: "Schule oder Bildungsträger",
    ProviderKind.OTHER: "Sonstige",
}

TARGET_GROUP_LABELS: dict[str, str] = {
    TargetGroup.ALL: "alle Zugewanderten",
    TargetGroup.REFUGEES: "Geflüchtete",
    TargetGroup.ASYLUM_SEEKERS: "Asylsuchende",
    TargetGroup.FAMILIES: "Familien",
    TargetGroup.CHILDREN: "Kinder",
    TargetGroup.YOUTH: "Jugendliche",
    TargetGroup.WOMEN: "Frauen",
    TargetGroup.SENIORS: "Ältere Menschen",
    TargetGroup.JOBSEEKERS: "Arbeitsuchende",
    TargetGroup.VOLUNTEERS: "Ehrenamtliche",
    TargetGroup.PROFESSIONALS: "Fachkräfte und Verwaltung",
}

YES, NO = "ja", "nein"
# Shown in the "Kommune" column for activities of the whole district; read back as such.
DISTRICT_WIDE = "kreisweit"


@dataclass(frozen=True)
class Column:
    """One column of the file: its German header, the Activity field behind it, and the help
    text of the "Hinweise" sheet (German, like the header)."""

    header: str
    field: str  # an Activity field, or "id" / "municipality_name"
    width: int  # Excel column width in characters
    note: str
    required: bool = False  # a file without this column is refused
    aliases: tuple[str, ...] = ()  # further headers accepted on import (English)


COLUMNS: tuple[Column, ...] = (
    Column("ID", "id", 8, "Nummer des Angebots. Bei neuen Angeboten leer lassen, "
           "bei bestehenden nicht verändern."),
    Column("Kommune (ARS)", "municipality", 16,
           "12-stelliger Regionalschlüssel der Kommune; leer für ein Angebot des ganzen Kreises. "
           "Die Spalte als Text formatieren, damit die führende Null erhalten bleibt.",
           aliases=("ARS", "municipality key (ARS)", "regional key (ARS)")),
    Column("Kommune", "municipality_name", 30,
           f"Name der Kommune, „{DISTRICT_WIDE}“ für den ganzen Kreis. Nur zur Information; "
           "wird beim Hochladen nur gelesen, wenn die ARS fehlt.", aliases=("municipality",)),
    Column("Titel", "title", 40, "Pflichtangabe.", required=True, aliases=("title",)),
    Column("Handlungsfeld", "category", 34, "Pflichtangabe; eines der Handlungsfelder unten.",
           required=True, aliases=("field of action", "category")),
    Column("Status", "status", 12, "Pflichtangabe; siehe unten.", required=True),
    Column("Trägerart", "provider_kind", 28, "Pflichtangabe; siehe unten.", required=True,
           aliases=("kind of provider", "provider kind")),
    Column("Träger", "provider_name", 28, "Name des Trägers.", aliases=("provider",)),
    Column("Zielgruppen", "target_groups", 32,
           "Mehrere durch Komma getrennt; siehe unten.", aliases=("target groups",)),
    Column("Sprachen", "languages", 22, "Zum Beispiel: Deutsch, Arabisch, Ukrainisch.",
           aliases=("languages",)),
    Column("Ehrenamtliche", "volunteers", 14, "Anzahl beteiligter Ehrenamtlicher (ganze Zahl).",
           aliases=("volunteers", "volunteers involved")),
    Column("Plätze/Reichweite", "reach", 17,
           "Angebotene Plätze oder erreichte Personen pro Jahr (ganze Zahl).",
           aliases=("reach", "places or people reached")),
    Column("Beginn", "start_date", 12, "Datum (TT.MM.JJJJ).", aliases=("start",)),
    Column("Ende", "end_date", 12, "Datum (TT.MM.JJJJ); nicht vor dem Beginn.",
           aliases=("end",)),
    Column("Kontakt (Organisation)", "contact_organisation", 28,
           "Kontaktstelle als Organisation, keine Namen von Personen.",
           aliases=("contact (organisation)", "contact")),
    Column("Öffentlich", "public", 11, f"„{YES}“: im öffentlichen Verzeichnis zeigen, "
           f"sonst „{NO}“.", aliases=("public",)),
    Column("Zuletzt bestätigt", "last_confirmed", 16,
           "Datum, an dem die Angaben zuletzt bestätigt wurden (TT.MM.JJJJ).",
           aliases=("last confirmed",)),
    Column("Beschreibung", "description", 60, "Freier Text.", aliases=("description",)),
)  # fmt: skip

HEADERS: dict[str, str] = {column.field: column.header for column in COLUMNS}
# Fields the import writes, in column order ("id" and the municipality's name are not fields).
IMPORT_FIELDS: tuple[str, ...] = tuple(
    column.field for column in COLUMNS if column.field not in ("id", "municipality_name")
)
TEXT_FIELDS = ("title", "provider_name", "languages", "contact_organisation", "description")
COUNT_FIELDS = ("volunteers", "reach")
DATE_FIELDS = ("start_date", "end_date", "last_confirmed")

SHEET_TITLE = "Angebote"
NOTES_TITLE = "Hinweise"
MAX_ROWS = 10_000  # activities per file; a district has hundreds, this stops runaway sheets
MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds on every database

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .xls format of Excel 97-2003
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


# --- values as the file shows them ----------------------------------------------------------

CellValue = str | int | date | None


def _date_text(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _target_group_text(encoded: str) -> str:
    """Labels in the order of the choices, so that a file reads the same for every activity."""
    codes = {code for code in encoded.split(",") if code}
    known = [label for code, label in TARGET_GROUP_LABELS.items() if code in codes]
    return ", ".join(known + sorted(codes - TARGET_GROUP_LABELS.keys()))


def _file_value(field_name: str, value: Any) -> CellValue:
    """An Activity field's value as it goes into a cell: German labels, typed numbers, dates."""
    if value is None or value == "":
        return None  # an empty cell, not an empty text: Excel counts the latter as filled
    if field_name == "municipality":
        return value.ars
    if field_name == "category":
        return value.name
    if field_name == "status":
        return STATUS_LABELS.get(value, value)
    if field_name == "provider_kind":
        return PROVIDER_KIND_LABELS.get(value, value)
    if field_name == "target_groups":
        return _target_group_text(value)
    if field_name == "public":
        return YES if value else NO
    if isinstance(value, datetime):
        return value.date()
    return value


def _activity_values(activity: Activity) -> list[CellValue]:
    """One row of the export. Reads only the activity and its select_related objects."""
    row: list[CellValue] = []
    for column in COLUMNS:
        if column.field == "id":
            row.append(activity.pk)
        elif column.field == "municipality_name":
            municipality = activity.municipality if activity.municipality_id else None
            row.append(municipality.name if municipality else DISTRICT_WIDE)
        elif column.field == "municipality" and not activity.municipality_id:
            row.append(None)
        else:
            row.append(_file_value(column.field, getattr(activity, column.field)))
    return row


def display_value(field_name: str, value: Any) -> str:
    """A field's value as one string for the import preview, in the file's own vocabulary."""
    if field_name == "municipality":
        return f"{value.name} ({value.ars})" if value else DISTRICT_WIDE
    shown = _file_value(field_name, value)
    if isinstance(shown, date):
        return _date_text(shown)
    return "" if shown is None else str(shown)


# --- writing --------------------------------------------------------------------------------


def _columns() -> list[writer.Column]:
    """The ARS column is text, so that Excel keeps its leading 0 (also in rows typed in)."""
    return [
        writer.Column(
            column.header,
            column.width,
            writer.TEXT_FORMAT if column.field == "municipality" else None,
        )
        for column in COLUMNS
    ]


def export_activities_xlsx(
    activities: Iterable[Activity], *, categories: Iterable[Category] | None = None
) -> bytes:
    """The activities as an Excel workbook that can be edited and imported again.

    Pass the queryset with select_related("municipality", "category"): rows cost no queries.
    `categories` are the fields of action listed on the "Hinweise" sheet; pass the district's
    (`district.categories.all()`), so that even an empty template lists them. Without it they
    are fetched in one query for the district of the activities."""
    activities = list(activities)
    if categories is None:
        district_id = activities[0].district_id if activities else None
        categories = Category.objects.filter(district_id=district_id) if district_id else []
    rows = [_activity_values(activity) for activity in activities]
    activity_sheet = writer.Sheet(SHEET_TITLE, _columns(), rows, auto_filter=True)
    return writer.xlsx_bytes([activity_sheet, _notes_sheet(list(categories))])


def _notes_sheet(categories: Sequence[Category]) -> writer.Sheet:
    """German help, so that someone without the web interface at hand can fill the file in."""
    lines: list[tuple[str, str]] = [
        ("Hinweise zum Ausfüllen", ""),
        (
            "",
            "Die Datei kann bearbeitet und wieder hochgeladen werden. Vor dem Speichern zeigt "
            "die Plattform eine Vorschau; enthält eine Zeile einen Fehler, wird nichts "
            "übernommen.",
        ),
        ("", "Neue Angebote: eine Zeile ohne ID anfügen. Gelöschte Zeilen löschen keine Angebote."),
        ("", ""),
        ("Spalte", "Inhalt"),
        *((column.header, column.note) for column in COLUMNS),
        ("", ""),
        ("Status", ", ".join(STATUS_LABELS.values())),
        ("Trägerart", ", ".join(PROVIDER_KIND_LABELS.values())),
        ("Zielgruppen", ", ".join(TARGET_GROUP_LABELS.values())),
        ("Öffentlich", f"{YES}, {NO}"),
        ("Handlungsfelder", categories[0].name if categories else ""),
        *(("", category.name) for category in categories[1:]),
    ]
    columns = [writer.Column(width=24, bold=True), writer.Column(width=100, wrap=True)]
    return writer.Sheet(NOTES_TITLE, columns, lines, header=False)


def export_activities_csv(activities: Iterable[Activity]) -> bytes:
    """The activities as German Excel CSV (';', CRLF, UTF-8 with BOM, DD.MM.YYYY).

    The ARS is written as plain digits; Excel shows it as a number and may drop the leading 0
    when the file is saved again. The import pads such 11-digit keys, so that round trip works.
    Like the workbook export, this function does not query (use select_related)."""
    header = [column.header for column in COLUMNS]
    return writer.csv_bytes([header, *(_activity_values(activity) for activity in activities)])


def _check_matrix(
    rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[str]]
) -> None:
    if len(cells) != len(rows) or any(len(line) != len(columns) for line in cells):
        raise ValueError("cells must have one list per row and one text per column")


def export_matrix_xlsx(
    rows: list[str], columns: list[str], cells: list[list[str]], title: str, *, corner: str = ""
) -> bytes:
    """A labelled table (e.g. municipality x field of action) with a title line above it.

    `corner` is the header of the row-label column. Row labels and header stay in view."""
    _check_matrix(rows, columns, cells)
    header = [writer.Column(corner), *(writer.Column(c, width=18, wrap=True) for c in columns)]
    body = [[label, *texts] for label, texts in zip(rows, cells, strict=True)]
    sheet = writer.Sheet(title, header, body, above=[[title]], frozen_columns=1)
    return writer.xlsx_bytes([sheet])


def export_matrix_csv(
    rows: list[str], columns: list[str], cells: list[list[str]], title: str, *, corner: str = ""
) -> bytes:
    """The same table as German Excel CSV, the title on the first line."""
    _check_matrix(rows, columns, cells)
    body = [[label, *texts] for label, texts in zip(rows, cells, strict=True)]
    return writer.csv_bytes([[title], [corner, *columns], *body])


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """A problem located in the file, so that the user can find and fix it there."""

    line: int | None  # 1-based line in the file (header = 1); None for file-level errors
    column: str | None  # German header name
    message: str  # translated sentence

    def __str__(self) -> str:
        """One sentence with the location, for a CLI or a plain list."""
        values = {"line": self.line, "column": self.column, "message": self.message}
        if self.line is not None and self.column is not None:
            return _("Line {line}, column “{column}”: {message}").format(**values)
        if self.line is not None:
            return _("Line {line}: {message}").format(**values)
        if self.column is not None:
            return _("Column “{column}”: {message}").format(**values)
        return self.message


@dataclass(frozen=True)
class PlannedRow:
    """What one line of the file will do."""

    line: int
    action: str  # "create" | "update" | "unchanged"
    activity_id: int | None
    values: dict[str, Any]  # Activity field -> value; for updates the fields the file has
    changes: dict[str, tuple[str, str]]  # field -> (old, new) as display strings; updates only
    version: int | None = None  # the activity's version when planned; apply refuses if it moved


@dataclass(frozen=True)
class ImportPlan:
    """Everything a file would do, and everything wrong with it. Nothing is written yet."""

    rows: tuple[PlannedRow, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...] = ()  # headers the import does not know, for the preview

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("create")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")


class StaleImportError(ValueError):
    """An activity changed between planning and applying; the user must check the file again."""


class _FileError(Exception):
    """A problem that stops reading the file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _CellError(ValueError):
    """A bad cell value; the row reader adds line and column."""


# --- reading files --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    header: list[Any]
    rows: list[tuple[int, list[Any]]]  # (line, cells), blank lines left out
    is_csv: bool


def _is_blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _too_many_rows() -> _FileError:
    return _FileError(
        _("The file has more than {limit} rows. Split it into smaller files.").format(
            limit=MAX_ROWS
        )
    )


def _read_table(data: bytes, filename: str) -> _Table:
    """Pick the reader by content: an .xlsx is a zip file whatever its name says."""
    if not data.strip():
        raise _FileError(_("The file is empty."))
    if data.startswith(_OLE_MAGIC) or (
        filename.lower().endswith(".xls") and not data.startswith(_ZIP_MAGIC)
    ):
        raise _FileError(
            _(
                "This is a file in the old Excel format (.xls). Save it in Excel as “Excel "
                "workbook (.xlsx)” or as “CSV UTF-8” and upload it again."
            )
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(data)
    return _read_csv(_decode(data))


def _read_xlsx(data: bytes) -> _Table:
    """Read the sheet "Angebote", or else the first sheet, with the cached values of formulas."""
    rows: list[tuple[int, list[Any]]] = []
    header: list[Any] | None = None
    try:
        # openpyxl warns about harmless things in files from other programs (styles, data
        # validation); the user cannot act on those.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                names = workbook.sheetnames
                sheet = workbook[SHEET_TITLE] if SHEET_TITLE in names else workbook.worksheets[0]
                sheet.reset_dimensions()  # some programs write a wrong size; read every row
                for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = list(values)
                    if header is None:
                        header = cells
                    elif not _is_blank(cells):
                        if len(rows) >= MAX_ROWS:
                            raise _too_many_rows()
                        rows.append((line, cells))
            finally:
                workbook.close()
    except _FileError:
        raise
    except Exception:  # any failure of a corrupt or foreign zip file means the same to the user
        raise _FileError(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    if header is None:
        raise _FileError(_("The file is empty."))
    return _Table(header, rows, is_csv=False)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252: what Excel writes as "CSV" in Germany."""
    if data.startswith(_UTF16_BOMS) or data[:2].count(0) == 1:
        raise _FileError(_("The file is UTF-16 text. Save it as “CSV UTF-8” and upload it again."))
    if b"\x00" in data:
        raise _FileError(_("The file contains NUL bytes; it is neither a CSV file nor a workbook."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _FileError(
            _(
                "The file is neither UTF-8 nor Windows-1252 text. Save it as “CSV UTF-8” and "
                "upload it again."
            )
        ) from None


def _delimiter(text: str) -> str:
    """';' from German Excel, ',' from elsewhere: whichever the header line has more of."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def _csv_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells), so that line breaks inside quotes do not shift the count."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _FileError(
                _("The line is not valid CSV ({detail}).").format(detail=error), start
            ) from None
        yield start, row
        start = reader.line_num + 1


def _read_csv(text: str) -> _Table:
    lines = _csv_lines(text)
    header = next(lines)[1]
    rows: list[tuple[int, list[Any]]] = []
    for line, cells in lines:
        if _is_blank(cells):
            continue  # blank lines and Excel's lines of bare separators
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        rows.append((line, list(cells)))
    return _Table(header, rows, is_csv=True)


# --- the header -----------------------------------------------------------------------------


def _normal(text: Any) -> str:
    """Compare headers and labels as people see them: without case and extra spaces."""
    return "" if text is None else " ".join(str(text).split()).casefold()


_HEADER_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _HEADER_LOOKUP.setdefault(_normal(_name), _column)


@dataclass(frozen=True)
class _Header:
    positions: dict[str, int]  # field -> position of its column
    ignored: tuple[str, ...]
    errors: tuple[RowError, ...]


def _read_header(cells: Sequence[Any]) -> _Header:
    """Find the known columns; unknown ones are ignored, so users may add their own notes."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for position, raw in enumerate(cells):
        column = _HEADER_LOOKUP.get(_normal(raw))
        if column is None:
            if _normal(raw):
                ignored.append(str(raw).strip())
        elif column.field in positions:
            message = _("The column “{column}” appears more than once in the header.")
            errors.append(RowError(1, column.header, message.format(column=column.header)))
        else:
            positions[column.field] = position
    for column in COLUMNS:
        if column.required and column.field not in positions:
            message = _("The required column “{column}” is missing from the header.")
            errors.append(RowError(1, column.header, message.format(column=column.header)))
    return _Header(positions, tuple(ignored), tuple(errors))


# --- cell values ----------------------------------------------------------------------------

_PLAIN_INTEGER = re.compile(r"\d+")
_GROUPED_INTEGER = re.compile(r"\d{1,3}(?:\.\d{3})+")  # German thousands: 1.234
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")
_YES_WORDS = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x"})
_NO_WORDS = frozenset({"nein", "n", "no", "false", "falsch", "0"})


def _as_text(value: Any) -> str:
    """A cell as text: Excel turns '2024' or '0421' typed into a text column into numbers.

    Text loses the apostrophe our exports put before what a spreadsheet would run as a
    formula (`writer.neutralise`), so that a file imported as exported changes nothing."""
    if isinstance(value, str):
        return writer.restore(value).strip()
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return _date_text(value.date())
    if isinstance(value, date):
        return _date_text(value)
    return str(value).strip()


def _free_text(value: Any) -> str:
    """Undo Windows line ends and the exports' formula guard, so that a round trip changes
    nothing."""
    return _as_text(value).replace("\r\n", "\n")


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise _CellError(_("“{value}” is not a whole number.").format(value=_as_text(value)))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _as_text(value)
        digits = text.removeprefix("-")
        if not (_PLAIN_INTEGER.fullmatch(digits) or _GROUPED_INTEGER.fullmatch(digits)):
            raise _CellError(_("“{value}” is not a whole number.").format(value=text))
        number = int(digits.replace(".", "")) * (-1 if text.startswith("-") else 1)
    if number < 0:
        raise _CellError(_("“{value}” is negative.").format(value=number))
    if number > MAX_COUNT:
        raise _CellError(_("“{value}” is too large.").format(value=number))
    return number


def _date(value: Any) -> date:
    """Real Excel dates, DD.MM.YYYY as Germans type it, and YYYY-MM-DD."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _as_text(value)
    german, iso = _GERMAN_DATE.fullmatch(text), _ISO_DATE.fullmatch(text)
    try:
        if german:
            return date(int(german[3]), int(german[2]), int(german[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise _CellError(
        _("“{value}” is not a date. Write it as DD.MM.YYYY, for example 31.12.2025.").format(
            value=text
        )
    )


def _boolean(value: Any) -> bool:
    text = _as_text(value).casefold()
    if text in _YES_WORDS:
        return True
    if text in _NO_WORDS:
        return False
    raise _CellError(
        _("Write “{yes}” or “{no}” instead of “{value}”.").format(
            yes=YES, no=NO, value=_as_text(value)
        )
    )


def _ars(value: Any) -> str:
    """Restore the leading zero Excel drops from a number-formatted ARS."""
    text = _as_text(value).replace(" ", "")
    if text.isascii() and text.isdigit() and len(text) in (11, 12):
        return text.zfill(12)
    if _SCIENTIFIC.fullmatch(text):
        raise _CellError(
            _(
                "“{value}” is in scientific notation. Format the column as text in Excel and "
                "enter the regional key again."
            ).format(value=text)
        )
    raise _CellError(_("“{value}” is not a regional key (ARS) of 12 digits.").format(value=text))


def _choice_lookup(labels: dict[str, str], choices: Any) -> dict[str, str]:
    """Accept the code, the German label of the file, and the interface's labels."""
    lookup: dict[str, str] = {}
    for code, label in labels.items():
        lookup.setdefault(_normal(label), code)
        lookup.setdefault(_normal(code), code)
    for language in ("de", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                lookup.setdefault(_normal(label), code)
    return lookup


def _key_of(value: Any) -> str | None:
    """The ARS as the pre-pass sees it; bad keys are reported by the row reader."""
    try:
        return _ars(value) if value not in (None, "") else None
    except _CellError:
        return None


def _id_of(value: Any) -> int | None:
    """The ID as the pre-pass sees it; bad IDs are reported by the row reader."""
    try:
        return _count(value) if value not in (None, "") else None
    except _CellError:
        return None


# --- rows -----------------------------------------------------------------------------------


@dataclass
class _Context:
    """What every row is checked against, loaded with a fixed number of queries."""

    district: District
    scope: Scope
    municipalities: dict[str, Municipality]  # ARS -> municipality, also of other districts
    by_name: dict[str, Municipality]  # normalised name -> municipality of the district
    categories: dict[str, Category]  # normalised name, key or English name -> category
    category_names: list[str]
    activities: dict[int, Activity]  # the district's activities the file names by ID
    statuses: dict[str, str]  # normalised label or code -> code
    provider_kinds: dict[str, str]
    target_groups: dict[str, str]


def _load_context(table: _Table, header: _Header, district: District, scope: Scope) -> _Context:
    def column_values(field_name: str) -> list[Any]:
        position = header.positions.get(field_name)
        if position is None:
            return []
        return [cells[position] for _, cells in table.rows if position < len(cells)]

    keys = {key for key in map(_key_of, column_values("municipality")) if key}
    own = list(Municipality.objects.filter(district=district))
    foreign = Municipality.objects.filter(ars__in=keys).exclude(district=district)
    categories = list(Category.objects.filter(district=district))
    lookup: dict[str, Category] = {}
    for attribute in ("name", "key", "name_en"):
        for category in categories:
            if getattr(category, attribute):
                lookup.setdefault(_normal(getattr(category, attribute)), category)
    ids = {id_ for id_ in map(_id_of, column_values("id")) if id_ is not None}
    activities = Activity.objects.filter(district=district, pk__in=ids).select_related(
        "municipality", "category"
    )
    return _Context(
        district=district,
        scope=scope,
        municipalities={m.ars: m for m in [*own, *foreign]},
        by_name={_normal(m.name): m for m in own},
        categories=lookup,
        category_names=[category.name for category in categories],
        activities={activity.pk: activity for activity in activities},
        statuses=_choice_lookup(STATUS_LABELS, ActivityStatus),
        provider_kinds=_choice_lookup(PROVIDER_KIND_LABELS, ProviderKind),
        target_groups=_choice_lookup(TARGET_GROUP_LABELS, TargetGroup),
    )


@dataclass
class _ParsedRow:
    line: int
    activity_id: int | None
    values: dict[str, Any]  # only the cells that could be read
    errors: list[RowError]
    failed: set[str]  # fields whose cell could not be read


_FAILED = object()  # a cell that could not be read; its error is already recorded


class _RowReader:
    """Turns the cells of one line into Activity values, collecting every problem in it."""

    def __init__(
        self,
        context: _Context,
        positions: dict[str, int],
        line: int,
        cells: list[Any],
    ) -> None:
        self.context = context
        self.positions = positions
        self.line = line
        self.cells = cells
        self.errors: list[RowError] = []
        self.failed: set[str] = set()

    def fail(self, field_name: str, message: str) -> Any:
        self.errors.append(RowError(self.line, HEADERS[field_name], message))
        self.failed.add(field_name)
        return _FAILED

    def cell(self, field_name: str) -> Any:
        """The cell's value, None when empty; 0 and False are values."""
        position = self.positions[field_name]
        value = self.cells[position] if position < len(self.cells) else None
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def read(self) -> _ParsedRow:
        activity_id = self.activity_id() if "id" in self.positions else None
        values: dict[str, Any] = {}
        if "municipality" in self.positions or "municipality_name" in self.positions:
            values["municipality"] = self.municipality()
        for name in IMPORT_FIELDS:
            if name != "municipality" and name in self.positions:
                values[name] = self.value(name)
        readable = {name: value for name, value in values.items() if value is not _FAILED}
        return _ParsedRow(self.line, activity_id, readable, self.errors, self.failed)

    def activity_id(self) -> int | None:
        value = self.cell("id")
        if value is None:
            return None
        try:
            activity_id = _count(value)
        except _CellError as error:
            self.fail("id", str(error))
            return None
        if activity_id not in self.context.activities:
            message = _("There is no activity with ID {id} in {district}.")
            self.fail("id", message.format(id=activity_id, district=self.context.district.name))
            return None
        return activity_id

    def municipality(self) -> Any:
        """By ARS; by name only when the ARS is empty, so that a new row with just a name does
        not silently become an activity of the whole district."""
        value = self.cell("municipality") if "municipality" in self.positions else None
        if value is None:
            return self.municipality_by_name()
        try:
            key = _ars(value)
        except _CellError as error:
            return self.fail("municipality", str(error))
        municipality = self.context.municipalities.get(key)
        if municipality is None:
            message = _("There is no municipality with the regional key {ars}.")
            return self.fail("municipality", message.format(ars=key))
        if municipality.district_id != self.context.district.pk:
            message = _("{municipality} ({ars}) belongs to another district.")
            return self.fail(
                "municipality", message.format(municipality=municipality.name, ars=key)
            )
        return municipality

    def municipality_by_name(self) -> Any:
        value = self.cell("municipality_name") if "municipality_name" in self.positions else None
        name = _normal(value)
        if not name or name in (_normal(DISTRICT_WIDE), _normal(self.context.district.name)):
            return None
        municipality = self.context.by_name.get(name)
        if municipality is None:
            message = _(
                "There is no municipality “{name}” in {district}. Enter its regional key in "
                "the column “{column}”, or leave both empty for the whole district."
            )
            return self.fail(
                "municipality",
                message.format(
                    name=_as_text(value),
                    district=self.context.district.name,
                    column=HEADERS["municipality"],
                ),
            )
        return municipality

    def value(self, name: str) -> Any:
        value = self.cell(name)
        try:
            if name in TEXT_FIELDS:
                return self.text(name, value)
            if value is None:
                return self.empty(name)
            if name in COUNT_FIELDS:
                return _count(value)
            if name in DATE_FIELDS:
                return _date(value)
            if name == "public":
                return _boolean(value)
            if name == "target_groups":
                return self.target_groups(value)
            return self.choice(name, value)
        except _CellError as error:
            return self.fail(name, str(error))

    def empty(self, name: str) -> Any:
        if name in ("category", "status", "provider_kind"):
            raise _CellError(_("“{column}” must not be empty.").format(column=HEADERS[name]))
        return {"public": False, "target_groups": ""}.get(name)

    def text(self, name: str, value: Any) -> str:
        text = "" if value is None else _free_text(value)
        if not text and name == "title":
            raise _CellError(_("“{column}” must not be empty.").format(column=HEADERS[name]))
        limit = Activity._meta.get_field(name).max_length
        if limit and len(text) > limit:
            message = _("The text has {length} characters; at most {limit} are allowed.")
            raise _CellError(message.format(length=len(text), limit=limit))
        return text

    def choice(self, name: str, value: Any) -> Any:
        text = _as_text(value)
        if name == "category":
            category = self.context.categories.get(_normal(text))
            if category is None:
                message = _("Unknown field of action “{value}”. Allowed are: {allowed}.")
                allowed = "; ".join(self.context.category_names)
                raise _CellError(message.format(value=text, allowed=allowed))
            return category
        if name == "status":
            lookup, labels = self.context.statuses, STATUS_LABELS
            message = _("Unknown status “{value}”. Allowed are: {allowed}.")
        else:
            lookup, labels = self.context.provider_kinds, PROVIDER_KIND_LABELS
            message = _("Unknown kind of provider “{value}”. Allowed are: {allowed}.")
        code = lookup.get(_normal(text))
        if code is None:
            raise _CellError(message.format(value=text, allowed=", ".join(labels.values())))
        return code

    def target_groups(self, value: Any) -> str:
        parts = [part for part in re.split(r"[,;\n]", _as_text(value)) if part.strip()]
        codes = [self.context.target_groups.get(_normal(part)) for part in parts]
        unknown = [part.strip() for part, code in zip(parts, codes, strict=True) if code is None]
        if unknown:
            message = ngettext(
                "Unknown target group {values}. Allowed are: {allowed}.",
                "Unknown target groups {values}. Allowed are: {allowed}.",
                len(unknown),
            )
            raise _CellError(
                message.format(
                    values=", ".join(f"“{part}”" for part in unknown),
                    allowed=", ".join(TARGET_GROUP_LABELS.values()),
                )
            )
        return encode_target_groups([code for code in codes if code])


def _extra_cells_error(line: int, cells: list[Any], header_length: int) -> RowError | None:
    """In a CSV file, text right of the last header column usually means that an unquoted ';'
    shifted the line; reading on would put values into the wrong fields."""
    if any(not _is_blank([cell]) for cell in cells[header_length:]):
        message = _("The line has {count} fields, the header has {expected}.")
        return RowError(line, None, message.format(count=len(cells), expected=header_length))
    return None


# --- planning -------------------------------------------------------------------------------


def _defaults() -> dict[str, Any]:
    """Values of a new activity for the columns the file does not have."""
    values = {
        name: Activity._meta.get_field(name).get_default()
        for name in IMPORT_FIELDS
        if name not in ("category", "municipality")
    }
    return values | {"municipality": None}


def _same(name: str, old: Any, new: Any) -> bool:
    if name in ("municipality", "category"):
        return (old.pk if old else None) == (new.pk if new else None)
    if name == "target_groups":
        return set(filter(None, old.split(","))) == set(filter(None, new.split(",")))
    if name in TEXT_FIELDS:
        return old.strip().replace("\r\n", "\n") == new
    return old == new


def _permission_error(context: _Context, municipality: Municipality | None) -> str | None:
    """Rows that write need the right to edit where the activity is, and where it was."""
    if municipality is None:
        if context.scope.can_manage_district(context.district):
            return None
        return _("Only the district's coordinators may change activities of the whole district.")
    if context.scope.can_edit_municipality(municipality):
        return None
    return _("You may not change activities of {municipality}.").format(
        municipality=municipality.name
    )


def _date_order_error(parsed: _ParsedRow, merged: dict[str, Any]) -> RowError | None:
    start, end = merged["start_date"], merged["end_date"]
    if start is None or end is None or end >= start:
        return None
    column = HEADERS["end_date" if "end_date" in parsed.values else "start_date"]
    return RowError(parsed.line, column, _("The end must not be before the start."))


def _plan_row(parsed: _ParsedRow, context: _Context) -> tuple[PlannedRow | None, list[RowError]]:
    """Decide create, update or unchanged, and check what the row as a whole must satisfy."""
    errors = list(parsed.errors)
    current = context.activities.get(parsed.activity_id) if parsed.activity_id else None
    if current is None:
        values = _defaults() | parsed.values
        merged = values
        changes: dict[str, tuple[str, str]] = {}
        action, touched = "create", [values["municipality"]]
    else:
        values = parsed.values
        merged = {name: getattr(current, name) for name in IMPORT_FIELDS} | values
        changes = {
            name: (display_value(name, getattr(current, name)), display_value(name, new))
            for name, new in values.items()
            if not _same(name, getattr(current, name), new)
        }
        # A cell that could not be read may hide a change: check the rights as for an update.
        action = "update" if changes or parsed.failed else "unchanged"
        touched = [current.municipality, merged["municipality"]] if action == "update" else []
    if not parsed.failed & {"start_date", "end_date"}:
        order_error = _date_order_error(parsed, merged)
        if order_error:
            errors.append(order_error)
    if not parsed.failed & {"id", "municipality"}:  # else we do not know where the row goes
        for municipality in dict.fromkeys(touched):
            message = _permission_error(context, municipality)
            if message:
                errors.append(RowError(parsed.line, HEADERS["municipality"], message))
    if errors:
        return None, errors
    version = current.version if current else None
    return PlannedRow(parsed.line, action, parsed.activity_id, values, changes, version), []


def _duplicate_errors(parsed_rows: Sequence[_ParsedRow]) -> list[RowError]:
    """The same ID twice would apply two versions of one activity, the second silently."""
    first: dict[int, int] = {}
    errors = []
    for row in parsed_rows:
        if row.activity_id is None:
            continue
        line = first.setdefault(row.activity_id, row.line)
        if line != row.line:
            message = _("The ID {id} already appears on line {line}.")
            errors.append(
                RowError(row.line, HEADERS["id"], message.format(id=row.activity_id, line=line))
            )
    return errors


_COLUMN_ORDER = {column.header: position for position, column in enumerate(COLUMNS)}


def _error_order(error: RowError) -> tuple[int, int]:
    """File order, then column order: the user works through the list top to bottom."""
    return (error.line or 0, _COLUMN_ORDER.get(error.column or "", -1))


def plan_import(data: bytes, filename: str, district: District, scope: Scope) -> ImportPlan:
    """Read a file and say what importing it would do, without writing anything.

    Every problem is collected, with its line and column, so that the user fixes the file once
    rather than once per error. The number of queries does not depend on the number of rows."""
    try:
        table = _read_table(data, filename)
    except _FileError as error:
        return ImportPlan((), (RowError(error.line, None, error.message),))
    header = _read_header(table.header)
    if header.errors:
        return ImportPlan((), header.errors, header.ignored)
    if not table.rows:
        no_rows = RowError(None, None, _("The file contains no activities."))
        return ImportPlan((), (no_rows,), header.ignored)
    context = _load_context(table, header, district, scope)
    errors: list[RowError] = []
    parsed_rows = []
    for line, cells in table.rows:
        shifted = _extra_cells_error(line, cells, len(table.header)) if table.is_csv else None
        if shifted:
            errors.append(shifted)
        else:
            reader = _RowReader(context, header.positions, line, cells)
            parsed_rows.append(reader.read())
    errors.extend(_duplicate_errors(parsed_rows))
    rows = []
    for parsed in parsed_rows:
        planned, row_errors = _plan_row(parsed, context)
        errors.extend(row_errors)
        if planned:
            rows.append(planned)
    return ImportPlan(tuple(rows), tuple(sorted(errors, key=_error_order)), header.ignored)


# --- applying -------------------------------------------------------------------------------


def apply_import(plan: ImportPlan, district: District) -> int:
    """Write a checked plan: every row or, on any problem, none. Returns the rows written.

    Each activity is saved on its own so that the history records who changed what. An
    activity saved by someone else since the plan was made stops the whole import."""
    if not plan.ok:
        raise ValueError("refusing to apply an import plan with errors or without rows")
    written = 0
    with transaction.atomic():
        ids = [row.activity_id for row in plan.rows if row.action == "update"]
        current = Activity.objects.select_for_update().filter(district=district, pk__in=ids)
        activities = {activity.pk: activity for activity in current}
        for row in plan.rows:
            if row.action == "create":
                Activity(district=district, **row.values).save()
            elif row.action == "update":
                activity = activities.get(row.activity_id)  # type: ignore[arg-type]
                if activity is None or activity.version != row.version:
                    raise StaleImportError(
                        _(
                            "The activity with ID {id} was changed by someone else after the "
                            "file was checked. Upload the file again."
                        ).format(id=row.activity_id)
                    )
                for name, value in row.values.items():
                    setattr(activity, name, value)
                activity.version += 1
                activity.save()
            else:
                continue
            written += 1
    return written
