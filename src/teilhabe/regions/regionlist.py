"""Read the German national municipality list and group it into districts.

The input is the Destatis-based list shipped as ``data/de_gemeinden.csv`` (one row per Gemeinde,
with Verband and Kreis codes), either as shipped or after a round trip through German Excel.
The output is plain frozen dataclasses, so that the import into the database, previews and tests
all work on the same validated, immutable structure and no half-read file reaches the database.

Joint municipalities (Samtgemeinde, Amt, Verbandsgemeinde) become one municipality with their
member Gemeinden, because that is the level at which the coordination offices work. All other
Verband types (Verwaltungsgemeinschaft etc.) only share an administration; their Gemeinden stay
municipalities of their own.
"""

import csv
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from teilhabe.core.tabular import cells
from teilhabe.core.tabular.cells import CellProblem, as_code, as_text
from teilhabe.core.tabular.reading import FileProblem, read_table, width_problem
from teilhabe.core.tabular.table import Column, TableSpec, cell, located

ZENSUS_DATE = date(2022, 5, 15)
UPDATE_DATE = date(2022, 12, 31)

# Digits of each key column. Excel turns these into numbers and drops leading zeros.
KEY_DIGITS = {"ars": 12, "ags": 8, "verband_ars": 9, "kreis_ags": 5, "plz_seat": 5}

STADT_TYPES = frozenset({"Stadt", "große Kreisstadt", "kreisfreie Stadt", "Stadtkreis"})
# verband_type -> (kind, name prefix) for the Verband types that form one municipality.
JOINT_TYPES = {
    "Samtgemeinde": ("samtgemeinde", "Samtgemeinde"),
    "Amt": ("amt", "Amt"),
    "Verbandsgemeinde": ("verbandsgemeinde", "Verbandsgemeinde"),
}
KREIS_PREFIXES = {"Landkreis": "Landkreis", "Kreis": "Kreis", "Regionalverband": "Regionalverband"}
CITY_KREIS_TYPES = frozenset({"kreisfreie Stadt", "Stadtkreis"})

KREISE_FILE = Path(__file__).resolve().parent / "data" / "de_kreise.csv"


@dataclass(frozen=True)
class GemeindeRecord:
    """One row of the list, with keys padded and numbers parsed."""

    line: int
    ars: str
    ags: str
    name: str
    gemeinde_type: str
    verband_ars: str
    verband_name: str
    verband_type: str
    kreis_ags: str
    kreis_name: str
    land: str
    area_km2: Decimal | None
    population_2022_12_31: int | None
    population_zensus_2022_05_15: int | None
    plz_seat: str
    lat: Decimal | None
    lon: Decimal | None


@dataclass(frozen=True)
class MemberSpec:
    """A Gemeinde as a member of a municipality (itself, or its joint municipality)."""

    ars: str
    ags: str
    name: str
    designation: str
    area_km2: Decimal | None
    lat: Decimal | None
    lon: Decimal | None
    plz_seat: str
    populations: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class MunicipalitySpec:
    """A Kommune: a single Gemeinde or a joint municipality with its members."""

    ars: str
    ags: str | None
    name: str
    kind: str
    area_km2: Decimal | None
    lat: Decimal | None
    lon: Decimal | None
    members: tuple[MemberSpec, ...]
    populations: tuple[tuple[date, int], ...]


@dataclass(frozen=True)
class DistrictSpec:
    """A Kreis or kreisfreie Stadt with its municipalities, sorted by name."""

    ags: str
    name: str
    land: str
    municipalities: tuple[MunicipalitySpec, ...]


class RegionListError(ValueError):
    """A problem in the list, located so that the user can fix it in the file."""

    def __init__(self, filename: str, line: int | None, column: str | None, message: str) -> None:
        super().__init__(filename, line, column, message)
        self.filename = filename
        self.line = line
        self.column = column
        self.message = message
        # Built now, in the language the message was translated in, so the two never mix.
        self.sentence = located(message, line, column, file=filename)

    def __str__(self) -> str:
        """One sentence, so that a CLI or form can show it without assembling parts."""
        return self.sentence


# --- the columns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Format:
    german: bool  # ';' as German Excel saves: numbers as 22.698 and 150,42


def parse_integer(text: str, *, german: bool) -> int:
    """Parse a non-negative whole number; German files may use '.' as thousands separator.

    Raises ValueError with a translated message.
    """
    return cells.as_whole_number(text, grouping=german, maximum=None)


def parse_decimal(text: str, *, german: bool) -> Decimal:
    """Parse a decimal number; German files write '1.234,5', but plain '150.42' is accepted too.

    A German value such as '1.234' is a valid thousands grouping and therefore means 1234.
    Raises ValueError with a translated message.
    """
    return cells.as_decimal(text, german=german)


def _key(digits: int) -> Any:
    """Restore the leading zeros Excel drops, and insist on at most `digits` digits."""
    return lambda _fmt, value: as_code(
        value,
        digits,
        wrong=lambda: _("“{value}” is not a code of {digits} digits"),
        scientific=lambda: _(
            "“{value}” is in scientific notation; format the column as text in Excel "
            "and save the file again"
        ),
    )


def _integer(fmt: _Format, value: Any) -> int:
    return parse_integer(value, german=fmt.german)


def _decimal(limit: int | None = None) -> Any:
    """Non-negative without `limit`, else within ±limit (coordinates)."""

    def parse(fmt: _Format, value: Any) -> Decimal:
        number = parse_decimal(value, german=fmt.german)
        text = as_text(value)
        if limit is None and number < 0:
            raise cells.negative(text)
        if limit is not None and abs(number) > limit:
            raise CellProblem(
                _("“{value}” is not between -{limit} and {limit}").format(value=text, limit=limit)
            )
        return number

    return parse


_TEXT = cell(as_text)

# In the order of GemeindeRecord, so that the first problem of a row is the first reported.
# Empty cells: the keys, name, Kreis and Land are needed to place and name a row.
COLUMNS: TableSpec[_Format] = TableSpec(
    [
        Column("ars", "ars", _key(12), required=True),
        Column("ags", "ags", _key(8), required=True),
        Column("name", "name", _TEXT, required=True),
        Column("gemeinde_type", "gemeinde_type", _TEXT, required=True, empty=""),
        Column("verband_ars", "verband_ars", _key(9), required=True, empty=""),
        Column("verband_name", "verband_name", _TEXT, required=True, empty=""),
        Column("verband_type", "verband_type", _TEXT, required=True, empty=""),
        Column("kreis_ags", "kreis_ags", _key(5), required=True),
        Column("kreis_name", "kreis_name", _TEXT, required=True),
        Column("land", "land", _TEXT, required=True),
        Column("area_km2", "area_km2", _decimal(), required=True, empty=None),
        Column(
            "population_2022_12_31", "population_2022_12_31", _integer, required=True, empty=None
        ),
        Column(
            "population_zensus_2022_05_15",
            "population_zensus_2022_05_15",
            _integer,
            required=True,
            empty=None,
        ),
        Column("plz_seat", "plz_seat", _key(5), empty=""),
        Column("lat", "lat", _decimal(90)),
        Column("lon", "lon", _decimal(180)),
    ]
)


# --- consistency ---------------------------------------------------------------------------


class _Validator:
    """Checks each record against itself and the records before it.

    Checking in file order reports the first problem in the file first. Both reading and
    building use it, because build_districts relies on these rules and may get records that
    were not read from a file.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.ars_lines: dict[str, int] = {}
        self.verbands: dict[str, GemeindeRecord] = {}
        self.kreise: dict[str, GemeindeRecord] = {}

    def error(self, record: GemeindeRecord, column: str, message: str) -> RegionListError:
        return RegionListError(self.filename, record.line, column, message)

    def check(self, record: GemeindeRecord) -> None:
        self._check_codes(record)
        self._check_verband(record)
        self._check_unique(record)
        self._check_same(
            self.verbands, record.verband_ars, record, ("verband_type", "verband_name")
        )
        self._check_same(self.kreise, record.kreis_ags, record, ("kreis_name", "land"))

    def _check_codes(self, record: GemeindeRecord) -> None:
        if record.kreis_ags != record.ars[:5]:
            raise self.error(
                record,
                "kreis_ags",
                _("Kreis AGS {kreis_ags} is not the start of ARS {ars}").format(
                    kreis_ags=record.kreis_ags, ars=record.ars
                ),
            )
        if record.ags != record.ars[:5] + record.ars[9:]:
            raise self.error(
                record,
                "ags",
                _("AGS {ags} does not match ARS {ars}").format(ags=record.ags, ars=record.ars),
            )

    def _check_verband(self, record: GemeindeRecord) -> None:
        if record.verband_type not in JOINT_TYPES:
            return
        if not record.verband_ars:
            raise self.error(
                record,
                "verband_ars",
                _("the Verband ARS is missing for a member of a {verband_type}").format(
                    verband_type=record.verband_type
                ),
            )
        if record.verband_ars != record.ars[:9]:
            raise self.error(
                record,
                "verband_ars",
                _("Verband ARS {verband_ars} is not the start of ARS {ars}").format(
                    verband_ars=record.verband_ars, ars=record.ars
                ),
            )
        if not record.verband_name:
            raise self.error(record, "verband_name", _("the value is missing"))

    def _check_unique(self, record: GemeindeRecord) -> None:
        first = self.ars_lines.setdefault(record.ars, record.line)
        if first != record.line:
            raise self.error(
                record,
                "ars",
                _("ARS {ars} already appears on line {line}").format(ars=record.ars, line=first),
            )

    def _check_same(
        self,
        seen: dict[str, GemeindeRecord],
        key: str,
        record: GemeindeRecord,
        fields: tuple[str, ...],
    ) -> None:
        """All rows with the same Verband or Kreis code must describe it the same way."""
        if not key:
            return
        first = seen.setdefault(key, record)
        for field in fields:
            other = getattr(first, field)
            if getattr(record, field) != other:
                message = _mismatch_message(field).format(key=key, other=other, line=first.line)
                raise self.error(record, field, message)


def _mismatch_message(field: str) -> str:
    """Translated lazily: these messages are only needed when a file is inconsistent."""
    messages = {
        "verband_type": _("Verband {key} has the type “{other}” on line {line}"),
        "verband_name": _("Verband {key} has the name “{other}” on line {line}"),
        "kreis_name": _("Kreis {key} has the name “{other}” on line {line}"),
        "land": _("Kreis {key} lies in “{other}” on line {line}"),
    }
    return messages[field]


# --- reading -------------------------------------------------------------------------------


def read_region_list(data: bytes, filename: str) -> list[GemeindeRecord]:
    """Read and validate the whole file; raise RegionListError at the first problem."""
    try:
        table = read_table(data, filename, csv_only=True, max_rows=None, max_bytes=None)
    except FileProblem as problem:
        raise RegionListError(filename, problem.line, None, problem.brief) from None
    header = COLUMNS.match(table.header)
    if header.repeated:
        column = header.repeated[0].key
        message = _("the column appears more than once in the header")
        raise RegionListError(filename, 1, column, message)
    if header.missing:
        missing = [column.key for column in header.missing]
        message = ngettext(
            "the header lacks the column {columns}",
            "the header lacks the columns {columns}",
            len(missing),
        ).format(columns=", ".join(missing))
        raise RegionListError(filename, 1, missing[0], message)
    fmt = _Format(german=table.delimiter == ";")
    validator = _Validator(filename)
    records = []
    for line, row in table.rows:
        shifted = width_problem(row, len(table.header), exact=True)
        if shifted:
            raise RegionListError(filename, line, None, shifted.brief)
        parsed = COLUMNS.read(line, row, header, fmt)
        if parsed.problems:
            first = parsed.problems[0]
            raise RegionListError(filename, line, first.column, first.brief)
        values = {column.key: parsed.value(column.key) for column in COLUMNS.columns}
        record = GemeindeRecord(line=line, **values)
        validator.check(record)
        records.append(record)
    if not records:
        raise RegionListError(filename, None, None, _("the file contains no municipalities"))
    return records


# --- building ------------------------------------------------------------------------------


def strip_suffix(name: str) -> str:
    """Drop Destatis' designation suffix: 'Zeven, Stadt' -> 'Zeven'."""
    return name.split(", ", 1)[0]


def collation_key(name: str) -> str:
    """Sort German names as people expect: case and umlauts do not count ('Ö' sorts as 'O')."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _populations(values: Iterable[tuple[date, int | None]]) -> tuple[tuple[date, int], ...]:
    return tuple(sorted((day, value) for day, value in values if value is not None))


def _member(record: GemeindeRecord) -> MemberSpec:
    if record.gemeinde_type in STADT_TYPES:
        designation = "Stadt"
    elif record.gemeinde_type == "Markt":
        designation = "Markt"
    else:
        designation = "Gemeinde"
    return MemberSpec(
        ars=record.ars,
        ags=record.ags,
        name=strip_suffix(record.name),
        designation=designation,
        area_km2=record.area_km2,
        lat=record.lat,
        lon=record.lon,
        plz_seat=record.plz_seat,
        populations=_populations(
            [
                (ZENSUS_DATE, record.population_zensus_2022_05_15),
                (UPDATE_DATE, record.population_2022_12_31),
            ]
        ),
    )


def _single(record: GemeindeRecord) -> MunicipalitySpec:
    member = _member(record)
    if member.designation == "Stadt":
        kind = "stadt"
    elif record.gemeinde_type.startswith("gemeindefreies Gebiet"):
        kind = "gemeinde"  # Lohheide, Osterheide: no council, so not an Einheitsgemeinde
    elif record.verband_type == "verbandsfreie Gemeinde":
        kind = "einheitsgemeinde"
    else:
        kind = "gemeinde"
    return MunicipalitySpec(
        ars=member.ars,
        ags=member.ags,
        name=member.name,
        kind=kind,
        area_km2=member.area_km2,
        lat=member.lat,
        lon=member.lon,
        members=(member,),
        populations=member.populations,
    )


def _joint_populations(members: Sequence[MemberSpec]) -> tuple[tuple[date, int], ...]:
    """Sum per date, but only where every member has a figure: a partial sum would mislead."""
    per_member = [dict(member.populations) for member in members]
    days = set.intersection(*(set(figures) for figures in per_member))
    return tuple((day, sum(figures[day] for figures in per_member)) for day in sorted(days))


def _joint(records: Sequence[GemeindeRecord]) -> MunicipalitySpec:
    first = records[0]
    kind, prefix = JOINT_TYPES[first.verband_type]
    base = strip_suffix(first.verband_name)
    name = base if base.startswith(prefix + " ") else f"{prefix} {base}"
    members = tuple(_member(record) for record in records)
    areas = [member.area_km2 for member in members if member.area_km2 is not None]
    return MunicipalitySpec(
        ars=first.verband_ars + "000",
        ags=None,
        name=name,
        kind=kind,
        area_km2=sum(areas, Decimal(0)) if len(areas) == len(members) else None,
        lat=None,
        lon=None,
        members=members,
        populations=_joint_populations(members),
    )


def _municipalities(records: Sequence[GemeindeRecord]) -> tuple[MunicipalitySpec, ...]:
    joint: dict[str, list[GemeindeRecord]] = {}
    result = []
    for record in sorted(records, key=lambda record: record.ars):
        if record.verband_type in JOINT_TYPES:
            joint.setdefault(record.verband_ars, []).append(record)
        else:
            result.append(_single(record))
    result.extend(_joint(members) for members in joint.values())
    return tuple(sorted(result, key=lambda m: (collation_key(m.name), m.name, m.ars)))


@cache
def _kreise() -> dict[str, tuple[str, str]]:
    """Kreis AGS -> (name, kreis_type) from the shipped national Kreis list."""
    with KREISE_FILE.open(encoding="utf-8", newline="") as file:
        return {row["ags"]: (row["name"], row["kreis_type"]) for row in csv.DictReader(file)}


def district_name(name: str, kreis_type: str) -> str:
    """Name a district as it is called: 'Landkreis Osterholz', 'Flensburg', 'Rhein-Sieg-Kreis'.

    Names that already say what they are (Rhein-Sieg-Kreis, Region Hannover, Städteregion
    Aachen, Regionalverband Saarbrücken) get no prefix; 'Kreis Rhein-Sieg-Kreis' would be wrong.
    """
    base = strip_suffix(name)
    prefix = KREIS_PREFIXES.get(kreis_type)
    folded = base.casefold()
    if prefix is None or "kreis" in folded or folded.startswith(("region", "städteregion")):
        return base
    return f"{prefix} {base}"


def _district(ags: str, records: Sequence[GemeindeRecord]) -> DistrictSpec:
    known = _kreise().get(ags)
    if known is not None:
        name = district_name(*known)
    elif len(records) > 1:
        name = district_name(records[0].kreis_name, "Landkreis")
    else:
        name = strip_suffix(records[0].kreis_name)
    return DistrictSpec(
        ags=ags, name=name, land=records[0].land, municipalities=_municipalities(records)
    )


def _normalise_kreis(code: str) -> str:
    """Accept Kreis codes as typed or as Excel shows them ('3356' for '03356')."""
    code = code.strip()
    return code.zfill(5) if code.isascii() and code.isdigit() else code


def build_districts(
    records: Sequence[GemeindeRecord],
    kreis: Collection[str] | None = None,
    *,
    filename: str | None = None,
) -> list[DistrictSpec]:
    """Group records into districts, sorted by AGS; `kreis` limits the result to those codes.

    An empty or missing `kreis` means all districts. `filename` only names the source in errors.
    """
    filename = filename or _("region list")
    validator = _Validator(filename)
    for record in records:
        validator.check(record)
    by_kreis: dict[str, list[GemeindeRecord]] = {}
    for record in records:
        by_kreis.setdefault(record.kreis_ags, []).append(record)
    if isinstance(kreis, str):
        kreis = [kreis]  # a single code, not a collection of one-character codes
    if kreis:
        wanted = sorted({_normalise_kreis(code) for code in kreis})
        unknown = [code for code in wanted if code not in by_kreis]
        if unknown:
            message = ngettext(
                "no municipalities for Kreis {codes}",
                "no municipalities for Kreise {codes}",
                len(unknown),
            ).format(codes=", ".join(unknown))
            raise RegionListError(filename, None, None, message)
        by_kreis = {code: by_kreis[code] for code in wanted}
    return [_district(ags, by_kreis[ags]) for ags in sorted(by_kreis)]


def parse_region_list(
    data: bytes, filename: str, kreis: Collection[str] | None = None
) -> list[DistrictSpec]:
    """Read, validate and group a file in one step."""
    return build_districts(read_region_list(data, filename), kreis, filename=filename)
