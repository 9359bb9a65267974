"""The stock-take as a spreadsheet: the columns of the file, its German vocabulary, the export.

Coordinators keep lists in Excel; they take the inventory out (`export_activities_xlsx`), fill
it in and bring it back (`importing`). `COLUMNS` describes the file once for both directions:
the German header and the other spellings accepted, the Activity field behind it, how its cells
read, and the width and help text of the export.

Column headers and the labels of statuses, provider kinds and target groups are German *data*:
the files are made for German Excel users, whatever the language of the web interface, so they
are plain strings here and not translated. Messages to the user go through gettext.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.models import declared_field
from teilhabe.core.tabular import writer
from teilhabe.core.tabular.cells import (
    NO,
    YES,
    CellProblem,
    ChoiceParser,
    as_boolean,
    as_date,
    as_decimal,
    as_text,
    as_whole_number,
    date_text,
    free_text,
    normal,
)
from teilhabe.core.tabular.table import Column, TableSpec, cell
from teilhabe.inventory.models import (
    Accessibility,
    Activity,
    ActivityStatus,
    Category,
    Cost,
    ProviderKind,
    Registration,
    TargetGroup,
    encode_target_groups,
)
from teilhabe.regions.models import Municipality

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

COST_LABELS: dict[str, str] = {Cost.FREE: "kostenlos", Cost.FEE: "mit Kosten"}
ACCESS_LABELS: dict[str, str] = {
    Accessibility.YES: "barrierefrei",
    Accessibility.PARTLY: "teilweise barrierefrei",
    Accessibility.NO: "nicht barrierefrei",
}
REGISTRATION_LABELS: dict[str, str] = {
    Registration.NONE: "keine Anmeldung",
    Registration.REQUIRED: "Anmeldung nötig",
}

# Shown in the "Kommune" column for activities of the whole district; read back as such.
DISTRICT_WIDE = "kreisweit"

SHEET_TITLE = "Angebote"
NOTES_TITLE = "Hinweise"

# --- how cells read ------------------------------------------------------------------------

STATUSES = ChoiceParser(
    STATUS_LABELS, ActivityStatus, lambda: _("Unknown status “{value}”. Allowed are: {allowed}.")
)
PROVIDER_KINDS = ChoiceParser(
    PROVIDER_KIND_LABELS,
    ProviderKind,
    lambda: _("Unknown kind of provider “{value}”. Allowed are: {allowed}."),
)
_TARGET_GROUPS = ChoiceParser(TARGET_GROUP_LABELS, TargetGroup, lambda: "")
COSTS = ChoiceParser(
    COST_LABELS, Cost, lambda: _("Unknown costs “{value}”. Allowed are: {allowed}.")
)
ACCESS = ChoiceParser(
    ACCESS_LABELS, Accessibility, lambda: _("Unknown access “{value}”. Allowed are: {allowed}.")
)
REGISTRATIONS = ChoiceParser(
    REGISTRATION_LABELS,
    Registration,
    lambda: _("Unknown registration “{value}”. Allowed are: {allowed}."),
)


def _coordinate(low: int, high: int) -> Any:
    """Degrees as 53.2981 or 53,2981 (never a thousands grouping), within Germany's range."""

    def read(value: Any) -> Decimal:
        number = as_decimal(as_text(value).replace(",", "."), german=False)
        if not low <= number <= high:
            raise CellProblem(
                _("“{value}” is not a coordinate in Germany.").format(value=as_text(value))
            )
        return number.quantize(Decimal("0.00001"))

    return read


def target_groups(value: Any) -> str:
    """Several labels (or codes), separated by ',', ';' or line breaks; every unknown one named."""
    parts = [part for part in re.split(r"[,;\n]", as_text(value)) if part.strip()]
    codes = [_TARGET_GROUPS.lookup.get(normal(part)) for part in parts]
    unknown = [part.strip() for part, code in zip(parts, codes, strict=True) if code is None]
    if unknown:
        message = ngettext(
            "Unknown target group {values}. Allowed are: {allowed}.",
            "Unknown target groups {values}. Allowed are: {allowed}.",
            len(unknown),
        )
        values = ", ".join(f"“{part}”" for part in unknown)
        raise CellProblem(message.format(values=values, allowed=_TARGET_GROUPS.allowed))
    return encode_target_groups([code for code in codes if code])


class Lookups(Protocol):
    """What reading the file needs from the district; `importing` loads it once per file."""

    def activity_id(self, value: Any) -> int: ...
    def municipality(self, value: Any) -> Municipality: ...
    def category(self, value: Any) -> Category: ...


def _text(field_name: str) -> Any:
    return cell(free_text, limit=declared_field(Activity, field_name).max_length)


# --- the columns ---------------------------------------------------------------------------

COLUMNS: tuple[Column[Lookups], ...] = (
    Column("ID", "id", lambda c, v: c.activity_id(v), width=8,
           note="Nummer des Angebots. Bei neuen Angeboten leer lassen, bei bestehenden nicht "
                "verändern."),
    Column("Kommune (ARS)", "municipality", lambda c, v: c.municipality(v), width=16,
           note="12-stelliger Regionalschlüssel der Kommune; leer für ein Angebot des ganzen "
                "Kreises. Die Spalte als Text formatieren, damit die führende Null erhalten "
                "bleibt.",
           aliases=("ARS", "municipality key (ARS)", "regional key (ARS)")),
    Column("Kommune", "municipality_name", width=30,
           note=f"Name der Kommune, „{DISTRICT_WIDE}“ für den ganzen Kreis. Nur zur Information; "
                "wird beim Hochladen nur gelesen, wenn die ARS fehlt.", aliases=("municipality",)),
    Column("Titel", "title", _text("title"), required=True, width=40, note="Pflichtangabe.",
           aliases=("title",)),
    Column("Handlungsfeld", "category", lambda c, v: c.category(v), required=True, width=34,
           note="Pflichtangabe; eines der Handlungsfelder unten.",
           aliases=("field of action", "category")),
    Column("Status", "status", cell(STATUSES), required=True, width=12,
           note="Pflichtangabe; siehe unten."),
    Column("Trägerart", "provider_kind", cell(PROVIDER_KINDS), required=True, width=28,
           note="Pflichtangabe; siehe unten.", aliases=("kind of provider", "provider kind")),
    Column("Träger", "provider_name", _text("provider_name"), empty="", width=28,
           note="Name des Trägers.", aliases=("provider",)),
    Column("Zielgruppen", "target_groups", cell(target_groups), empty="", width=32,
           note="Mehrere durch Komma getrennt; siehe unten.", aliases=("target groups",)),
    Column("Sprachen", "languages", _text("languages"), empty="", width=22,
           note="Zum Beispiel: Deutsch, Arabisch, Ukrainisch.", aliases=("languages",)),
    Column("Ehrenamtliche", "volunteers", cell(as_whole_number), width=14,
           note="Anzahl beteiligter Ehrenamtlicher (ganze Zahl).",
           aliases=("volunteers", "volunteers involved")),
    Column("Plätze/Reichweite", "reach", cell(as_whole_number), width=17,
           note="Angebotene Plätze oder erreichte Personen pro Jahr (ganze Zahl).",
           aliases=("reach", "places or people reached")),
    Column("Beginn", "start_date", cell(as_date), width=12, note="Datum (TT.MM.JJJJ).",
           aliases=("start",)),
    Column("Ende", "end_date", cell(as_date), width=12,
           note="Datum (TT.MM.JJJJ); nicht vor dem Beginn.", aliases=("end",)),
    Column("Kontakt (Organisation)", "contact_organisation", _text("contact_organisation"),
           empty="", width=28, note="Kontaktstelle als Organisation, keine Namen von Personen.",
           aliases=("contact (organisation)", "contact")),
    Column("Öffentlich", "public", cell(as_boolean), empty=False, width=11,
           note=f"„{YES}“: im öffentlichen Verzeichnis zeigen, sonst „{NO}“.",
           aliases=("public",)),
    Column("Zuletzt bestätigt", "last_confirmed", cell(as_date), width=16,
           note="Datum, an dem die Angaben zuletzt bestätigt wurden (TT.MM.JJJJ).",
           aliases=("last confirmed",)),
    Column("Beschreibung", "description", _text("description"), empty="", width=60,
           note="Freier Text.", aliases=("description",)),
    # What the public directory (Wegweiser) shows; never the name of a person (privacy: the
    # named contact is chosen in the form, from contacts with recorded consent).
    Column("Adresse", "address", _text("address"), empty="", width=34,
           note="Straße, Hausnummer, PLZ und Ort des Angebots.", aliases=("address",)),
    Column("Breitengrad", "latitude", cell(_coordinate(47, 56)), width=12,
           note="Optional, z. B. 53,29810.", aliases=("latitude",)),
    Column("Längengrad", "longitude", cell(_coordinate(5, 16)), width=12,
           note="Optional, z. B. 9,27640.", aliases=("longitude",)),
    Column("Wann", "opening_hours", _text("opening_hours"), empty="", width=34,
           note="Zeiten in einfachen Worten.", aliases=("when", "opening hours")),
    Column("Kosten", "cost", cell(COSTS), empty="", width=14, note="Siehe unten.",
           aliases=("costs", "cost")),
    Column("Kosten (Details)", "cost_note", _text("cost_note"), empty="", width=20,
           note="Z. B. „5 € im Monat“.", aliases=("costs in detail",)),
    Column("Barrierefrei", "barrier_free", cell(ACCESS), empty="", width=20,
           note="Siehe unten.", aliases=("barrier-free",)),
    Column("Anmeldung", "registration", cell(REGISTRATIONS), empty="", width=18,
           note="Siehe unten.", aliases=("registration",)),
    Column("Telefon (öffentlich)", "public_phone", _text("public_phone"), empty="", width=18,
           note="Telefonnummer der Organisation.", aliases=("public phone number",)),
    Column("E-Mail (öffentlich)", "public_email", _text("public_email"), empty="", width=26,
           note="E-Mail-Adresse der Organisation.", aliases=("public e-mail",)),
    Column("Website", "public_website", _text("public_website"), empty="", width=26,
           note="Adresse der Website (https://…).", aliases=("website",)),
    Column("Sucht Ehrenamtliche", "seeks_volunteers", cell(as_boolean), empty=False, width=12,
           note=f"„{YES}“ oder „{NO}“.", aliases=("looks for volunteers",)),
    Column("Aufgaben für Ehrenamtliche", "volunteer_tasks", _text("volunteer_tasks"),
           empty="", width=30, note="Was Ehrenamtliche tun würden.",
           aliases=("what volunteers would do",)),
    Column("Zeitaufwand", "volunteer_time", _text("volunteer_time"), empty="", width=18,
           note="Z. B. „2 Stunden pro Woche“.", aliases=("time needed",)),
)  # fmt: skip

SPEC = TableSpec(COLUMNS, sheet=SHEET_TITLE)
HEADERS: dict[str, str] = SPEC.headers
# Fields the import writes, in column order ("id" and the municipality's name are not fields).
IMPORT_FIELDS: tuple[str, ...] = tuple(
    column.key for column in COLUMNS if column.key not in ("id", "municipality_name")
)
TEXT_FIELDS = ("title", "provider_name", "languages", "contact_organisation", "description")


# --- values as the file shows them ----------------------------------------------------------

CellValue = str | int | Decimal | date | None


def _target_group_text(encoded: str) -> str:
    """Labels in the order of the choices, so that a file reads the same for every activity."""
    codes = {code for code in encoded.split(",") if code}
    known = [label for code, label in TARGET_GROUP_LABELS.items() if code in codes]
    return ", ".join(known + sorted(codes - TARGET_GROUP_LABELS.keys()))


CHOICE_LABELS = {
    "cost": COST_LABELS,
    "barrier_free": ACCESS_LABELS,
    "registration": REGISTRATION_LABELS,
}


def _file_value(field_name: str, value: Any) -> CellValue:
    """An Activity field's value as it goes into a cell: German labels, typed numbers, dates."""
    if value is None or value == "":
        return None  # an empty cell, not an empty text: Excel counts the latter as filled
    if field_name == "municipality":
        return str(value.ars)
    if field_name == "category":
        return str(value.name)
    if field_name == "status":
        return str(STATUS_LABELS.get(value, value))
    if field_name == "provider_kind":
        return str(PROVIDER_KIND_LABELS.get(value, value))
    if field_name == "target_groups":
        return _target_group_text(value)
    if field_name in ("public", "seeks_volunteers"):
        return YES if value else NO
    if field_name in CHOICE_LABELS:
        return str(CHOICE_LABELS[field_name].get(value, value))
    if isinstance(value, datetime):
        return value.date()
    other: CellValue = value  # the other fields hold text, whole numbers or dates
    return other


def _activity_values(activity: Activity) -> list[CellValue]:
    """One row of the export. Reads only the activity and its select_related objects."""
    row: list[CellValue] = []
    for column in COLUMNS:
        if column.key == "id":
            row.append(activity.pk)
        elif column.key == "municipality_name":
            municipality = activity.municipality if activity.municipality_id else None
            row.append(municipality.name if municipality else DISTRICT_WIDE)
        elif column.key == "municipality" and not activity.municipality_id:
            row.append(None)
        else:
            row.append(_file_value(column.key, getattr(activity, column.key)))
    return row


def display_value(field_name: str, value: Any) -> str:
    """A field's value as one string for the import preview, in the file's own vocabulary."""
    if field_name == "municipality":
        return f"{value.name} ({value.ars})" if value else DISTRICT_WIDE
    shown = _file_value(field_name, value)
    if isinstance(shown, date):
        return date_text(shown)
    return "" if shown is None else str(shown)


# --- writing --------------------------------------------------------------------------------


def _columns() -> list[writer.Column]:
    """The ARS column is text, so that Excel keeps its leading 0 (also in rows typed in)."""
    return [
        writer.Column(
            column.header,
            column.width,
            writer.TEXT_FORMAT if column.key == "municipality" else None,
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
        ("Kosten", ", ".join(COST_LABELS.values())),
        ("Barrierefrei", ", ".join(ACCESS_LABELS.values())),
        ("Anmeldung", ", ".join(REGISTRATION_LABELS.values())),
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
