"""Arrivals from a spreadsheet: many rows of "so many persons arrived there on that day" at once.

The same all-or-nothing way as the stock-take import (`teilhabe.inventory.tabular`):
`plan_import` reads the file without writing and returns an `ArrivalPlan` with every problem,
located by line and column; the user sees a preview with the counts per municipality; only
`apply_import` writes, every row through `services.record_arrival` in one transaction, so that
the rules of a single arrival hold for each row (an open allocation period, households not more
than persons).

Teilhabe stores counts only. A file with a column that looks like personal data (names, dates
of birth, nationalities and the like) is refused as a whole, before any row is read.

Column headers and the German labels of the kinds of arrival are *data*: the files are made for
German Excel users whatever the language of the web interface. Messages go through gettext.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.allocation import services
from teilhabe.allocation.models import AllocationPeriod, Arrival, ArrivalKind
from teilhabe.core.scoping import Scope

# The reading layer of the stock-take import: the file formats of German Excel (CSV in
# Windows-1252 or UTF-8 with ';', XLSX, refusal of .xls and UTF-16) and the cell parsers (dates,
# whole numbers, ARS without its leading 0, ja/nein, labels or codes of choices). Imported
# rather than copied, so that both imports read files the same way and share their messages;
# the underscore names are internal to `tabular` today.
from teilhabe.inventory.tabular import (
    RowError,
    StaleImportError,
    _ars,
    _as_text,
    _boolean,
    _CellError,
    _choice_lookup,
    _count,
    _date,
    _extra_cells_error,
    _FileError,
    _free_text,
    _key_of,
    _normal,
    _read_table,
)
from teilhabe.regions.models import District, Municipality

__all__ = [
    "COLUMNS",
    "HEADERS",
    "KIND_LABELS",
    "ArrivalPlan",
    "MunicipalityTotal",
    "PlannedArrival",
    "RowError",
    "StaleImportError",
    "apply_import",
    "plan_import",
]

# --- the German vocabulary of the files ----------------------------------------------------

KIND_LABELS: dict[str, str] = {
    ArrivalKind.ASYLUM: "Asylsuchende",
    ArrivalKind.FAMILY: "Familiennachzug",
    ArrivalKind.RESETTLEMENT: "Resettlement und Aufnahmeprogramme",
    ArrivalKind.UKRAINE: "vorübergehender Schutz (Ukraine)",
    ArrivalKind.OTHER: "Sonstige",
}


@dataclass(frozen=True)
class Column:
    """One column of the file: its German header and the Arrival field behind it."""

    header: str
    field: str  # an Arrival field, or "municipality_name"
    required: bool = False  # a file without this column is refused
    aliases: tuple[str, ...] = ()  # further headers accepted (other spellings, English)


COLUMNS: tuple[Column, ...] = (
    Column("Kommune (ARS)", "municipality",
           aliases=("ARS", "Regionalschlüssel", "municipality key (ARS)", "regional key (ARS)")),
    Column("Kommune", "municipality_name",
           aliases=("Kommune (Name)", "Gemeinde", "Gemeindename", "Kommunenname",
                    "Name der Kommune", "municipality", "municipality name")),
    Column("Datum", "date", required=True, aliases=("date", "Ankunft", "Ankunftsdatum")),
    Column("Personen", "persons", required=True, aliases=("persons", "Anzahl Personen")),
    Column("Haushalte", "households", required=True,
           aliases=("households", "Anzahl Haushalte")),
    Column("Art", "kind", required=True, aliases=("kind",)),
    Column("Wird angerechnet", "counts_toward_quota",
           aliases=("angerechnet", "Anrechnung", "counts toward the quota")),
    Column("Bemerkung", "note", aliases=("note", "Bemerkungen")),
)  # fmt: skip

HEADERS: dict[str, str] = {column.field: column.header for column in COLUMNS}

_HEADER_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        _HEADER_LOOKUP.setdefault(_normal(_name), _column)

# Words of a header that mean the column holds data about a person rather than a count.
# Matched against the header's words, after the known columns; a false alarm costs a renamed
# column, a miss would put personal data where none may be.
_PERSONAL_WORDS = frozenset(
    {
        "name",
        "namen",
        "vorname",
        "vornamen",
        "nachname",
        "nachnamen",
        "familienname",
        "geburtsname",
        "rufname",
        "geb",
        "geboren",
        "geburtsdatum",
        "geburtstag",
        "geburtsort",
        "geburtsjahr",
        "alter",
        "geschlecht",
        "staatsangehörigkeit",
        "staatsangehoerigkeit",
        "nationalität",
        "nationalitaet",
        "herkunft",
        "herkunftsland",
        "religion",
        "adresse",
        "anschrift",
        "straße",
        "strasse",
        "hausnummer",
        "telefon",
        "handy",
        "mail",
        "email",
        "aktenzeichen",
        "azr",
        "ausweis",
        "ausweisnummer",
        "pass",
        "passnummer",
        "surname",
        "forename",
        "firstname",
        "lastname",
        "birth",
        "birthday",
        "dob",
        "age",
        "sex",
        "gender",
        "nationality",
        "citizenship",
        "address",
        "phone",
    }
)
_PERSONAL_STEMS = ("vorname", "nachname", "familienname", "geburt", "staatsangeh", "nationalit")


def _looks_personal(header: Any) -> bool:
    words = re.findall(r"\w+", _normal(header))
    return any(
        word in _PERSONAL_WORDS or word.startswith(_PERSONAL_STEMS) or word.endswith("name")
        for word in words
    )


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedArrival:
    """One line of the file, checked: the arrival it will record."""

    line: int
    municipality: Municipality
    period: AllocationPeriod
    values: dict[str, Any]  # the Arrival fields `services.record_arrival` takes


@dataclass(frozen=True)
class MunicipalityTotal:
    """What the file adds to one municipality, for the preview."""

    municipality: Municipality
    arrivals: int
    persons: int
    households: int
    counted: int  # persons that count toward the quota


@dataclass(frozen=True)
class ArrivalPlan:
    """Everything a file would record, and everything wrong with it. Nothing is written yet."""

    rows: tuple[PlannedArrival, ...]
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...] = ()  # headers the import does not know, for the preview
    already_recorded: int = 0  # rows equal to an arrival already recorded: imported twice?

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def persons(self) -> int:
        return sum(row.values["persons"] for row in self.rows)

    @property
    def households(self) -> int:
        return sum(row.values["households"] for row in self.rows)

    @property
    def counted(self) -> int:
        """Persons that count toward the quota."""
        return sum(row.values["persons"] for row in self.rows if row.values["counts_toward_quota"])

    @property
    def by_municipality(self) -> list[MunicipalityTotal]:
        """Totals per municipality, by name."""
        grouped: dict[int, list[PlannedArrival]] = {}
        for row in self.rows:
            grouped.setdefault(row.municipality.pk, []).append(row)
        totals = [
            MunicipalityTotal(
                municipality=rows[0].municipality,
                arrivals=len(rows),
                persons=sum(row.values["persons"] for row in rows),
                households=sum(row.values["households"] for row in rows),
                counted=sum(
                    row.values["persons"] for row in rows if row.values["counts_toward_quota"]
                ),
            )
            for rows in grouped.values()
        ]
        return sorted(totals, key=lambda total: total.municipality.name)


# --- the header -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    positions: dict[str, int]  # field -> position of its column
    ignored: tuple[str, ...]
    errors: tuple[RowError, ...]


def _read_header(cells: Sequence[Any]) -> _Header:
    """Find the known columns. Unknown ones are ignored, unless they look like personal data:
    then the whole file is refused, since a single such cell must not be uploaded at all."""
    positions: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    personal: list[RowError] = []
    for position, raw in enumerate(cells):
        column = _HEADER_LOOKUP.get(_normal(raw))
        if column is None:
            if _looks_personal(raw):
                header = _as_text(raw)
                message = _(
                    "The column “{column}” looks like personal data. Teilhabe stores counts "
                    "only: no names, dates of birth, nationalities or other data about a "
                    "person. Remove the column and upload the file again."
                )
                personal.append(RowError(1, header, message.format(column=header)))
            elif _normal(raw):
                ignored.append(_as_text(raw))
        elif column.field in positions:
            message = _("The column “{column}” appears more than once in the header.")
            errors.append(RowError(1, column.header, message.format(column=column.header)))
        else:
            positions[column.field] = position
    if personal:
        return _Header({}, (), tuple(personal))
    if "municipality" not in positions and "municipality_name" not in positions:
        message = _("The file needs the column “{ars}” or the column “{name}”.")
        ars, name = HEADERS["municipality"], HEADERS["municipality_name"]
        errors.append(RowError(1, ars, message.format(ars=ars, name=name)))
    for column in COLUMNS:
        if column.required and column.field not in positions:
            message = _("The required column “{column}” is missing from the header.")
            errors.append(RowError(1, column.header, message.format(column=column.header)))
    return _Header(positions, tuple(ignored), tuple(errors))


# --- rows -----------------------------------------------------------------------------------


@dataclass
class _Context:
    """What every row is checked against, loaded with a fixed number of queries."""

    district: District
    scope: Scope
    municipalities: dict[str, Municipality]  # ARS -> municipality, also of other districts
    by_name: dict[str, Municipality]  # normalised name -> municipality of the district
    periods: list[AllocationPeriod]  # the district's periods
    kinds: dict[str, str]  # normalised label or code -> code


def _load_context(keys: set[str], district: District, scope: Scope) -> _Context:
    """`keys`: the ARS in the file, so that one of another district is named as such."""
    own = list(Municipality.objects.filter(district=district))
    foreign = Municipality.objects.filter(ars__in=keys).exclude(district=district)
    return _Context(
        district=district,
        scope=scope,
        municipalities={m.ars: m for m in [*own, *foreign]},
        by_name={_normal(m.name): m for m in own},
        periods=list(AllocationPeriod.objects.filter(district=district)),
        kinds=_choice_lookup(KIND_LABELS, ArrivalKind),
    )


_FAILED = object()  # a cell that could not be read; its error is already recorded


class _RowReader:
    """Turns the cells of one line into an arrival, collecting every problem in it."""

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

    def fail(self, field_name: str, message: str) -> Any:
        self.errors.append(RowError(self.line, HEADERS[field_name], message))
        return _FAILED

    def cell(self, field_name: str) -> Any:
        """The cell's value, None when empty or when the file has no such column."""
        position = self.positions.get(field_name)
        if position is None or position >= len(self.cells):
            return None
        value = self.cells[position]
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def read(self) -> PlannedArrival | None:
        municipality, column = self.municipality()
        day = self.day()
        persons, households = self.count("persons"), self.count("households")
        if persons is not _FAILED and households is not _FAILED and households > persons:
            self.fail("households", _("There cannot be more households than persons."))
        values = {
            "date": day,
            "persons": persons,
            "households": households,
            "kind": self.kind(),
            "counts_toward_quota": self.counts_toward_quota(),
            "note": self.note(),
        }
        period = self.period(day) if day is not _FAILED else _FAILED
        if municipality is not _FAILED and not self.context.scope.can_edit_municipality(
            municipality
        ):
            message = _("You may not record arrivals for {municipality}.")
            self.fail(column, message.format(municipality=municipality.name))
        if self.errors:
            return None
        return PlannedArrival(self.line, municipality, period, values)

    def municipality(self) -> tuple[Any, str]:
        """By ARS; by name only when the ARS is empty. Returns the column it was read from."""
        value = self.cell("municipality")
        if value is None:
            if self.cell("municipality_name") is not None:
                return self.municipality_by_name(), "municipality_name"
            column = "municipality" if "municipality" in self.positions else "municipality_name"
            message = _("“{column}” must not be empty.").format(column=HEADERS[column])
            return self.fail(column, message), column
        try:
            key = _ars(value)
        except _CellError as error:
            return self.fail("municipality", str(error)), "municipality"
        municipality = self.context.municipalities.get(key)
        if municipality is None:
            message = _("There is no municipality with the regional key {ars}.")
            return self.fail("municipality", message.format(ars=key)), "municipality"
        if municipality.district_id != self.context.district.pk:
            message = _("{municipality} ({ars}) belongs to another district.")
            message = message.format(municipality=municipality.name, ars=key)
            return self.fail("municipality", message), "municipality"
        return municipality, "municipality"

    def municipality_by_name(self) -> Any:
        value = self.cell("municipality_name")
        municipality = self.context.by_name.get(_normal(value))
        if municipality is None:
            message = _(
                "There is no municipality “{name}” in {district}. Enter its regional key in "
                "the column “{column}”."
            )
            return self.fail(
                "municipality_name",
                message.format(
                    name=_as_text(value),
                    district=self.context.district.name,
                    column=HEADERS["municipality"],
                ),
            )
        return municipality

    def required(self, field_name: str) -> Any:
        value = self.cell(field_name)
        if value is None:
            raise _CellError(_("“{column}” must not be empty.").format(column=HEADERS[field_name]))
        return value

    def day(self) -> Any:
        try:
            return _date(self.required("date"))
        except _CellError as error:
            return self.fail("date", str(error))

    def count(self, field_name: str) -> Any:
        try:
            number = _count(self.required(field_name))
        except _CellError as error:
            return self.fail(field_name, str(error))
        if number < 1:
            message = _("“{column}” must be at least 1.").format(column=HEADERS[field_name])
            return self.fail(field_name, message)
        return number

    def kind(self) -> Any:
        try:
            text = _as_text(self.required("kind"))
        except _CellError as error:
            return self.fail("kind", str(error))
        code = self.context.kinds.get(_normal(text))
        if code is None:
            message = _("Unknown kind of arrival “{value}”. Allowed are: {allowed}.")
            allowed = ", ".join(KIND_LABELS.values())
            return self.fail("kind", message.format(value=text, allowed=allowed))
        return code

    def counts_toward_quota(self) -> Any:
        value = self.cell("counts_toward_quota")
        if value is None:
            return True
        try:
            return _boolean(value)
        except _CellError as error:
            return self.fail("counts_toward_quota", str(error))

    def note(self) -> Any:
        value = self.cell("note")
        text = "" if value is None else _free_text(value)
        limit = Arrival._meta.get_field("note").max_length
        if limit and len(text) > limit:
            message = _("The text has {length} characters; at most {limit} are allowed.")
            return self.fail("note", message.format(length=len(text), limit=limit))
        return text

    def period(self, day: datetime.date) -> Any:
        """The rule of `services.period_for`, checked against the periods loaded once."""
        period = next((p for p in self.context.periods if p.start <= day <= p.end), None)
        if period is None:
            message = _(
                "{date} lies in no allocation period of {district}. Arrivals can only be "
                "recorded in a period; the district's coordinators create them."
            )
            return self.fail(
                "date", message.format(date=f"{day:%d.%m.%Y}", district=self.context.district.name)
            )
        if period.is_closed:
            message = _(
                "{date} lies in the period “{period}”, which is closed. No more arrivals can be "
                "recorded in it."
            )
            return self.fail("date", message.format(date=f"{day:%d.%m.%Y}", period=period.name))
        return period


# --- planning -------------------------------------------------------------------------------

_COLUMN_ORDER = {column.header: position for position, column in enumerate(COLUMNS)}


def _error_order(error: RowError) -> tuple[int, int]:
    """File order, then column order: the user works through the list top to bottom."""
    return (error.line or 0, _COLUMN_ORDER.get(error.column or "", -1))


def _already_recorded(rows: Sequence[PlannedArrival], district: District) -> int:
    """How many rows equal an arrival already recorded: a hint that the file came twice."""
    if not rows:
        return 0
    fields = ("municipality_id", "date", "persons", "households", "kind")
    recorded = set(
        Arrival.objects.filter(
            municipality__district=district, date__in={row.values["date"] for row in rows}
        ).values_list(*fields)
    )
    return sum(
        1
        for row in rows
        if (row.municipality.pk, *(row.values[name] for name in fields[1:])) in recorded
    )


def plan_import(data: bytes, filename: str, district: District, scope: Scope) -> ArrivalPlan:
    """Read a file and say what importing it would record, without writing anything.

    Every problem is collected, with its line and column, so that the user fixes the file once
    rather than once per error. The number of queries does not depend on the number of rows."""
    try:
        table = _read_table(data, filename)
    except _FileError as error:
        return ArrivalPlan((), (RowError(error.line, None, error.message),))
    header = _read_header(table.header)
    if header.errors:
        return ArrivalPlan((), header.errors, header.ignored)
    if not table.rows:
        no_rows = RowError(None, None, _("The file contains no arrivals."))
        return ArrivalPlan((), (no_rows,), header.ignored)
    position = header.positions.get("municipality")
    keys = set()
    if position is not None:
        keys = {_key_of(cells[position]) for _, cells in table.rows if position < len(cells)}
    context = _load_context({key for key in keys if key}, district, scope)
    errors: list[RowError] = []
    rows: list[PlannedArrival] = []
    for line, cells in table.rows:
        shifted = _extra_cells_error(line, cells, len(table.header)) if table.is_csv else None
        if shifted:
            errors.append(shifted)
            continue
        reader = _RowReader(context, header.positions, line, cells)
        planned = reader.read()
        errors.extend(reader.errors)
        if planned:
            rows.append(planned)
    return ArrivalPlan(
        tuple(rows),
        tuple(sorted(errors, key=_error_order)),
        header.ignored,
        already_recorded=_already_recorded(rows, district) if not errors else 0,
    )


# --- applying -------------------------------------------------------------------------------


def apply_import(plan: ArrivalPlan) -> int:
    """Record every arrival of a checked plan or, on any problem, none. Returns the number.

    Each row goes through `services.record_arrival`, so a period closed since the plan was made
    stops the whole import; the periods are locked first, so that none closes half-way."""
    if not plan.ok:
        raise ValueError("refusing to apply an import plan with errors or without rows")
    with transaction.atomic():
        periods = {row.period.pk for row in plan.rows}
        list(AllocationPeriod.objects.select_for_update().filter(pk__in=periods))
        for row in plan.rows:
            try:
                services.record_arrival(row.municipality, dict(row.values))
            except ValidationError as error:
                problem = RowError(row.line, None, " ".join(error.messages))
                raise StaleImportError(
                    _(
                        "Nothing has been imported, because the data changed after the file "
                        "was checked. {problem} Upload the file again."
                    ).format(problem=problem)
                ) from error
    return len(plan.rows)
