"""Tests for the national municipality list reader, on the real shipped data.

The German-Excel variants are built from the real rows, so these tests prove that a file the
user opened and saved in Excel gives exactly the same districts as the original.
"""

import csv
import dataclasses
import io
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.regions.regionlist import (
    KEY_DIGITS,
    UPDATE_DATE,
    ZENSUS_DATE,
    DistrictSpec,
    GemeindeRecord,
    RegionListError,
    build_districts,
    district_name,
    parse_decimal,
    parse_integer,
    parse_region_list,
    read_region_list,
)

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "de_gemeinden.csv"
DATA = DATA_FILE.read_bytes()
COLUMNS = DATA.decode("utf-8").split("\r\n" if b"\r\n" in DATA else "\n", 1)[0].split(",")
INTEGER_COLUMNS = ("population_2022_12_31", "population_zensus_2022_05_15")
DECIMAL_COLUMNS = ("area_km2", "lat", "lon")

Row = dict[str, str]


@pytest.fixture(autouse=True)
def german() -> None:
    """Run every test with the German locale, as the application does."""
    with translation.override("de"):
        yield


# --- helpers ---------------------------------------------------------------------------------


def real_rows(*kreise: str) -> list[Row]:
    """The shipped rows as strings, optionally only those of some Kreise."""
    rows = list(csv.DictReader(io.StringIO(DATA.decode("utf-8"), newline="")))
    return [row for row in rows if not kreise or row["kreis_ags"] in kreise]


def to_csv(
    rows: list[Row],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> bytes:
    """Write rows like the shipped file (or, with ';' and cp1252, like German Excel)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    columns = columns or COLUMNS
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return out.getvalue().encode(encoding)


def german_integer(text: str) -> str:
    """Format as German Excel does with the thousands separator on: 22698 -> '22.698'."""
    return f"{int(text):,}".replace(",", ".")


def german_decimal(text: str) -> str:
    """Format as German Excel does: '1428.18' -> '1.428,18', '53.485106' -> '53,485106'."""
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, fraction = digits.partition(".")
    return sign + german_integer(whole) + ("," + fraction if fraction else "")


def excel_row(row: Row) -> Row:
    """What German Excel makes of a row: numbers reformatted, leading zeros of codes lost."""
    result = dict(row)
    for column in KEY_DIGITS:
        result[column] = row[column].lstrip("0") or "0"
    for column in INTEGER_COLUMNS:
        result[column] = german_integer(row[column]) if row[column] else ""
    for column in DECIMAL_COLUMNS:
        result[column] = german_decimal(row[column]) if row[column] else ""
    return result


def cp1252_safe(rows: list[Row]) -> bool:
    try:
        "".join("".join(row.values()) for row in rows).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def error_of(call: Callable[[], object]) -> RegionListError:
    """Run `call` untranslated, so that the English msgids can be asserted."""
    with translation.override(None), pytest.raises(RegionListError) as info:
        call()
    return info.value


def district(districts: list[DistrictSpec], ags: str) -> DistrictSpec:
    [found] = [item for item in districts if item.ags == ags]
    return found


def population(populations: tuple[tuple[date, int], ...], day: date) -> int | None:
    return dict(populations).get(day)


@pytest.fixture(scope="module")
def national() -> list[DistrictSpec]:
    return parse_region_list(DATA, "de_gemeinden.csv")


# --- real data -------------------------------------------------------------------------------


def test_osterholz_has_six_single_municipalities_and_samtgemeinde_hambergen() -> None:
    [osterholz] = parse_region_list(DATA, "de_gemeinden.csv", kreis=["03356"])

    assert osterholz.name == "Landkreis Osterholz"
    assert osterholz.land == "Niedersachsen"
    assert [m.name for m in osterholz.municipalities] == [
        "Grasberg",
        "Lilienthal",
        "Osterholz-Scharmbeck",
        "Ritterhude",
        "Samtgemeinde Hambergen",
        "Schwanewede",
        "Worpswede",
    ]
    kinds = {m.name: m.kind for m in osterholz.municipalities}
    assert kinds["Osterholz-Scharmbeck"] == "stadt"
    assert kinds["Grasberg"] == "einheitsgemeinde"
    assert kinds["Samtgemeinde Hambergen"] == "samtgemeinde"
    assert sum(len(m.members) == 1 and m.ags is not None for m in osterholz.municipalities) == 6


def test_samtgemeinde_hambergen_sums_its_members() -> None:
    [osterholz] = parse_region_list(DATA, "de_gemeinden.csv", kreis=["03356"])
    [hambergen] = [m for m in osterholz.municipalities if m.kind == "samtgemeinde"]

    assert hambergen.ars == "033565401000"
    assert hambergen.ags is None
    assert (hambergen.lat, hambergen.lon) == (None, None)
    assert [member.name for member in hambergen.members] == [
        "Axstedt",
        "Hambergen",
        "Holste",
        "Lübberstedt",
        "Vollersode",
    ]
    zensus = [population(member.populations, ZENSUS_DATE) for member in hambergen.members]
    assert zensus == [1225, 5536, 1380, 731, 2887]
    assert population(hambergen.populations, ZENSUS_DATE) == sum(zensus)
    assert hambergen.area_km2 == sum((member.area_km2 for member in hambergen.members), Decimal())


def test_single_municipality_is_its_own_only_member() -> None:
    [osterholz] = parse_region_list(DATA, "de_gemeinden.csv", kreis=["03356"])
    [town] = [m for m in osterholz.municipalities if m.name == "Osterholz-Scharmbeck"]
    [member] = town.members

    assert (town.ars, town.ags) == ("033560007007", "03356007")
    assert member.name == "Osterholz-Scharmbeck"
    assert member.designation == "Stadt"
    assert member.populations == ((ZENSUS_DATE, 29762), (UPDATE_DATE, 30659))
    assert town.populations == member.populations
    assert (town.area_km2, town.lat, town.lon) == (member.area_km2, member.lat, member.lon)
    assert member.plz_seat == "27711"


# name, kind, Zensus 2022, area (rounded), members; from data/rotenburg_kommunen.csv
ROTENBURG = [
    ("Bremervörde", "stadt", 18256, "150.42", ["Bremervörde"]),
    ("Gnarrenburg", "einheitsgemeinde", 9200, "123.23", ["Gnarrenburg"]),
    ("Rotenburg (Wümme)", "stadt", 22698, "99.06", ["Rotenburg (Wümme)"]),
    (
        "Samtgemeinde Bothel",
        "samtgemeinde",
        8300,
        "148.94",
        ["Bothel", "Brockel", "Hemsbünde", "Hemslingen", "Kirchwalsede", "Westerwalsede"],
    ),
    (
        "Samtgemeinde Fintel",
        "samtgemeinde",
        7704,
        "122.3",
        ["Fintel", "Helvesiek", "Lauenbrück", "Stemmen", "Vahlde"],
    ),
    (
        "Samtgemeinde Geestequelle",
        "samtgemeinde",
        6463,
        "140.87",
        ["Alfstedt", "Basdahl", "Ebersdorf", "Hipstedt", "Oerel"],
    ),
    (
        "Samtgemeinde Selsingen",
        "samtgemeinde",
        9227,
        "227.05",
        [
            "Anderlingen",
            "Deinstedt",
            "Farven",
            "Ostereistedt",
            "Rhade",
            "Sandbostel",
            "Seedorf",
            "Selsingen",
        ],
    ),
    (
        "Samtgemeinde Sittensen",
        "samtgemeinde",
        11388,
        "139.04",
        [
            "Groß Meckelsen",
            "Hamersen",
            "Kalbe",
            "Klein Meckelsen",
            "Lengenbostel",
            "Sittensen",
            "Tiste",
            "Vierden",
            "Wohnste",
        ],
    ),
    (
        "Samtgemeinde Sottrum",
        "samtgemeinde",
        14483,
        "173.51",
        ["Ahausen", "Bötersen", "Hassendorf", "Hellwege", "Horstedt", "Reeßum", "Sottrum"],
    ),
    (
        "Samtgemeinde Tarmstedt",
        "samtgemeinde",
        10884,
        "186.82",
        [
            "Breddorf",
            "Bülstedt",
            "Hepstedt",
            "Kirchtimke",
            "Tarmstedt",
            "Vorwerk",
            "Westertimke",
            "Wilstedt",
        ],
    ),
    (
        "Samtgemeinde Zeven",
        "samtgemeinde",
        22708,
        "254.31",
        ["Elsdorf", "Gyhum", "Heeslingen", "Zeven"],
    ),
    ("Scheeßel", "einheitsgemeinde", 12734, "150.01", ["Scheeßel"]),
    ("Visselhövede", "stadt", 9451, "159.2", ["Visselhövede"]),
]


def test_rotenburg_matches_the_reference_table() -> None:
    [rotenburg] = parse_region_list(DATA, "de_gemeinden.csv", kreis=["03357"])

    assert rotenburg.name == "Landkreis Rotenburg (Wümme)"
    actual = [
        (
            m.name,
            m.kind,
            population(m.populations, ZENSUS_DATE),
            m.area_km2.quantize(Decimal("0.01")),
            [member.name for member in m.members],
        )
        for m in rotenburg.municipalities
    ]
    expected = [
        (name, kind, zensus, Decimal(area).quantize(Decimal("0.01")), members)
        for name, kind, zensus, area, members in ROTENBURG
    ]
    assert actual == expected


def test_rotenburg_totals() -> None:
    [rotenburg] = parse_region_list(DATA, "de_gemeinden.csv", kreis=["03357"])
    municipalities = rotenburg.municipalities

    assert len(municipalities) == 13
    assert sum(len(m.members) for m in municipalities) == 57
    assert sum(population(m.populations, ZENSUS_DATE) for m in municipalities) == 163_496
    assert sum(population(m.populations, UPDATE_DATE) for m in municipalities) == 167_604
    zeven = next(m for m in municipalities if m.name == "Samtgemeinde Zeven")
    assert {member.name: member.designation for member in zeven.members}["Zeven"] == "Stadt"


def test_whole_national_file(national: list[DistrictSpec]) -> None:
    records = read_region_list(DATA, "de_gemeinden.csv")
    municipalities = [m for item in national for m in item.municipalities]
    samtgemeinden = [m for m in municipalities if m.kind == "samtgemeinde"]

    assert len(records) == 10_775
    assert len(national) == 400
    assert [item.ags for item in national] == sorted(item.ags for item in national)
    assert sum(len(m.members) for m in municipalities) == 10_775
    assert sum(population(m.populations, UPDATE_DATE) for m in municipalities) == 84_358_845
    assert (len(samtgemeinden), sum(len(m.members) for m in samtgemeinden)) == (114, 650)
    assert {m.kind for m in municipalities} == {
        "samtgemeinde",
        "amt",
        "verbandsgemeinde",
        "stadt",
        "einheitsgemeinde",
        "gemeinde",
    }


def test_record_fields_as_in_the_file() -> None:
    records = read_region_list(DATA, "de_gemeinden.csv")
    zeven = next(record for record in records if record.ars == "033575408057")

    assert zeven == GemeindeRecord(
        line=zeven.line,
        ars="033575408057",
        ags="03357057",
        name="Zeven, Stadt",
        gemeinde_type="Stadt",
        verband_ars="033575408",
        verband_name="Zeven",
        verband_type="Samtgemeinde",
        kreis_ags="03357",
        kreis_name="Rotenburg (Wümme)",
        land="Niedersachsen",
        area_km2=zeven.area_km2,
        population_2022_12_31=zeven.population_2022_12_31,
        population_zensus_2022_05_15=zeven.population_zensus_2022_05_15,
        plz_seat="27404",
        lat=zeven.lat,
        lon=zeven.lon,
    )
    assert records[0].line == 2
    assert DATA.decode().splitlines()[zeven.line - 1].startswith("033575408057,")
    with pytest.raises(dataclasses.FrozenInstanceError):
        zeven.name = "Zeven"  # type: ignore[misc]


def test_joint_population_only_for_dates_every_member_has(
    national: list[DistrictSpec],
) -> None:
    """Hürup has no Zensus figure (territory changed), so Amt Hürup has no Zensus total."""
    schleswig_flensburg = district(national, "01059")
    hurup = next(m for m in schleswig_flensburg.municipalities if m.name == "Amt Hürup")

    assert [date for date, _ in hurup.populations] == [UPDATE_DATE]
    for municipality in (m for item in national for m in item.municipalities):
        member_dates = [{day for day, _ in member.populations} for member in municipality.members]
        assert {day for day, _ in municipality.populations} == set.intersection(*member_dates)


@pytest.mark.parametrize(
    ("ags", "name"),
    [
        ("01001", "Flensburg"),
        ("01051", "Kreis Dithmarschen"),
        ("02000", "Hamburg"),
        ("03241", "Region Hannover"),
        ("03356", "Landkreis Osterholz"),
        ("03358", "Heidekreis"),
        ("05334", "Städteregion Aachen"),
        ("05382", "Rhein-Sieg-Kreis"),
        ("08111", "Stuttgart"),
        ("09162", "München"),
        ("10041", "Regionalverband Saarbrücken"),
        ("13072", "Landkreis Rostock"),
        ("13003", "Rostock"),
    ],
)
def test_district_names(national: list[DistrictSpec], ags: str, name: str) -> None:
    assert district(national, ags).name == name


@pytest.mark.parametrize(
    ("kreis", "name", "kind", "designations"),
    [
        ("01057", "Amt Lütjenburg", "amt", ["Stadt"] + ["Gemeinde"] * 14),  # named "Amt …"
        ("03358", "Samtgemeinde Rethem (Aller)", "samtgemeinde", ["Gemeinde"] * 3 + ["Stadt"]),
        ("07131", "Verbandsgemeinde Altenahr", "verbandsgemeinde", ["Gemeinde"] * 12),
        ("03351", "Lohheide", "gemeinde", ["Gemeinde"]),  # gemeindefreies Gebiet, bewohnt
        ("08117", "Bad Ditzenbach", "gemeinde", ["Gemeinde"]),  # in a Verwaltungsgemeinschaft
        ("09171", "Marktl", "gemeinde", ["Markt"]),  # a Markt in a Verwaltungsgemeinschaft
        ("09171", "Tüßling", "einheitsgemeinde", ["Markt"]),  # a Markt without Verband
        ("09162", "München", "stadt", ["Stadt"]),  # kreisfreie Stadt
        ("14626", "Weißwasser/O.L.", "stadt", ["Stadt"]),  # in a Verwaltungsgemeinschaft
    ],
)
def test_municipality_names_and_kinds(
    national: list[DistrictSpec], kreis: str, name: str, kind: str, designations: list[str]
) -> None:
    [municipality] = [m for m in district(national, kreis).municipalities if m.name == name]
    assert municipality.kind == kind
    assert sorted(member.designation for member in municipality.members) == sorted(designations)


def test_municipalities_sorted_with_umlauts_folded(national: list[DistrictSpec]) -> None:
    names = [m.name for m in district(national, "03357").municipalities]
    assert names.index("Scheeßel") < names.index("Visselhövede")
    rhein_pfalz = [m.name for m in district(national, "07338").municipalities]
    assert rhein_pfalz == sorted(rhein_pfalz, key=lambda name: name.casefold())


# --- Excel variants --------------------------------------------------------------------------


def test_german_excel_cp1252_gives_the_same_districts() -> None:
    rows = real_rows("03356", "03357")
    data = to_csv([excel_row(row) for row in rows], delimiter=";", encoding="cp1252")
    assert b"22.698" in data  # population of Rotenburg (Wümme) with thousands separator
    assert b"150,42" in data and b";3357;" in data

    original = parse_region_list(to_csv(rows), "original.csv")
    assert parse_region_list(data, "excel.csv") == original
    assert original == parse_region_list(DATA, "de_gemeinden.csv", kreis=["03356", "03357"])


def test_german_excel_cp1252_whole_country_where_encodable(
    national: list[DistrictSpec],
) -> None:
    """Sorbian names do not fit in cp1252; every other Kreis must come out unchanged."""
    by_kreis: dict[str, list[Row]] = {}
    for row in real_rows():
        by_kreis.setdefault(row["kreis_ags"], []).append(row)
    kept = sorted(ags for ags, rows in by_kreis.items() if cp1252_safe(rows))
    rows = [excel_row(row) for ags in kept for row in by_kreis[ags]]
    data = to_csv(rows, delimiter=";", encoding="cp1252")

    assert len(kept) > 390
    assert parse_region_list(data, "excel.csv") == [item for item in national if item.ags in kept]


def test_excel_csv_utf8_with_bom_gives_the_same_districts(
    national: list[DistrictSpec],
) -> None:
    data = b"\xef\xbb\xbf" + to_csv([excel_row(row) for row in real_rows()], delimiter=";")
    assert parse_region_list(data, "excel-utf8.csv") == national


def test_records_keep_file_line_numbers_in_excel_variant() -> None:
    rows = real_rows("03356")
    records = read_region_list(
        to_csv([excel_row(row) for row in rows], delimiter=";", encoding="cp1252"), "x.csv"
    )
    assert [record.line for record in records] == list(range(2, len(rows) + 2))
    assert records == read_region_list(to_csv(rows), "x.csv")


def test_semicolon_file_accepts_plain_decimals_and_ungrouped_integers() -> None:
    rows = [excel_row(row) for row in real_rows("03356")]
    rows[0] |= {"area_km2": "55.77", "lat": "53.180531", "population_2022_12_31": "8004"}
    [record, *_] = read_region_list(to_csv(rows, delimiter=";"), "x.csv")
    assert (record.area_km2, record.lat, record.population_2022_12_31) == (
        Decimal("55.77"),
        Decimal("53.180531"),
        8004,
    )


def test_extra_columns_ignored_and_optional_columns_may_be_missing() -> None:
    rows = [row | {"remark": "x"} for row in real_rows("03356")]
    columns = ["remark", *(c for c in COLUMNS if c not in ("plz_seat", "lat", "lon"))]
    records = read_region_list(to_csv(rows, columns=columns), "x.csv")

    assert len(records) == 11
    assert {(r.plz_seat, r.lat, r.lon) for r in records} == {("", None, None)}


def test_empty_numbers_are_none_and_blank_lines_are_skipped() -> None:
    rows = real_rows("03356")
    rows[0] |= {column: "" for column in (*INTEGER_COLUMNS, *DECIMAL_COLUMNS)}
    data = to_csv(rows).replace(b"\r\n", b"\r\n\r\n;;\r\n", 1)  # blank line, then separators
    [osterholz] = parse_region_list(data.replace(b";;", b",,"), "x.csv")
    grasberg = osterholz.municipalities[0]

    assert grasberg.name == "Grasberg"
    assert (grasberg.area_km2, grasberg.lat, grasberg.populations) == (None, None, ())


def test_joint_area_is_none_if_a_member_lacks_it() -> None:
    rows = real_rows("03356")
    hambergen_member = next(row for row in rows if row["verband_type"] == "Samtgemeinde")
    hambergen_member["area_km2"] = ""
    [osterholz] = parse_region_list(to_csv(rows), "x.csv")
    hambergen = next(m for m in osterholz.municipalities if m.kind == "samtgemeinde")
    assert hambergen.area_km2 is None


def test_kreis_filter() -> None:
    records = read_region_list(DATA, "de_gemeinden.csv")

    assert [item.ags for item in build_districts(records, ["3357", "03356"])] == [
        "03356",
        "03357",
    ]
    assert [item.ags for item in build_districts(records, "03356")] == ["03356"]
    assert len(build_districts(records, [])) == 400
    assert build_districts(records, None) == build_districts(records)


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "german", "expected"),
    [
        ("22698", False, 22698),
        ("22698", True, 22698),
        ("22.698", True, 22698),
        ("1.234.567", True, 1234567),
        (" 0 ", False, 0),
    ],
)
def test_parse_integer(text: str, german: bool, expected: int) -> None:
    assert parse_integer(text, german=german) == expected


@pytest.mark.parametrize(
    ("text", "german"),
    [("22.698", False), ("22,698", True), ("22.69", True), ("1e3", False), ("", False)],
)
def test_parse_integer_rejects(text: str, german: bool) -> None:
    with pytest.raises(ValueError):
        parse_integer(text, german=german)


@pytest.mark.parametrize(
    ("text", "german", "expected"),
    [
        ("150.42", False, "150.42"),
        ("150,42", True, "150.42"),
        ("150.42", True, "150.42"),  # not a thousands grouping, so a plain decimal
        ("1.428,18", True, "1428.18"),
        ("1.428", True, "1428"),  # a valid grouping wins
        ("-7,5", True, "-7.5"),
        ("53,485106", True, "53.485106"),
    ],
)
def test_parse_decimal(text: str, german: bool, expected: str) -> None:
    assert parse_decimal(text, german=german) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "german"), [("150,42", False), ("1,2,3", True), ("12.5.3", True), ("x", True)]
)
def test_parse_decimal_rejects(text: str, german: bool) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text, german=german)


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip(number: int) -> None:
    assert parse_integer(str(number), german=False) == number
    assert parse_integer(german_integer(str(number)), german=True) == number


@given(st.decimals(min_value=-(10**7), max_value=10**7, places=6, allow_nan=False))
def test_decimals_round_trip(number: Decimal) -> None:
    plain = f"{number:f}"
    assert parse_decimal(plain, german=False) == number
    assert parse_decimal(german_decimal(plain), german=True) == number


# --- bad input -------------------------------------------------------------------------------


def changed(index: int, **cells: str) -> Callable[[list[Row]], None]:
    def change(rows: list[Row]) -> None:
        rows[index] |= cells

    return change


def duplicated(rows: list[Row]) -> None:
    rows.append(dict(rows[0]))


# Osterholz rows, in ARS order: 0 Grasberg ... 5 Worpswede, 6-10 Samtgemeinde Hambergen.
BAD_ROWS = [
    ("population text", changed(2, population_2022_12_31="viele"), 4, "population_2022_12_31"),
    (
        "population negative",
        changed(2, population_zensus_2022_05_15="-5"),
        4,
        "population_zensus_2022_05_15",
    ),
    ("population decimal", changed(0, population_2022_12_31="12.5"), 2, "population_2022_12_31"),
    ("area german in comma file", changed(1, area_km2="72,53"), 3, "area_km2"),
    ("area negative", changed(1, area_km2="-1"), 3, "area_km2"),
    ("latitude out of range", changed(1, lat="153.1"), 3, "lat"),
    ("longitude text", changed(1, lon="8°59'"), 3, "lon"),
    ("ars too long", changed(3, ars="0335600070070"), 5, "ars"),
    ("ars letters", changed(3, ars="03356000700X"), 5, "ars"),
    ("ags wrong", changed(3, ags="03356099"), 5, "ags"),
    ("verband_ars too long", changed(7, verband_ars="0335654010"), 9, "verband_ars"),
    ("kreis_ags of another Kreis", changed(4, kreis_ags="03357"), 6, "kreis_ags"),
    ("plz too long", changed(4, plz_seat="277110"), 6, "plz_seat"),
    ("name missing", changed(5, name=""), 7, "name"),
    ("duplicate ars", duplicated, 13, "ars"),
    ("verband_ars missing", changed(8, verband_ars=""), 10, "verband_ars"),
    ("verband_ars of other Verband", changed(8, verband_ars="033565402"), 10, "verband_ars"),
    ("verband_name differs", changed(9, verband_name="Hamberge"), 11, "verband_name"),
    ("verband_type differs", changed(10, verband_type="Amt"), 12, "verband_type"),
    ("kreis_name differs", changed(10, kreis_name="Osterholz-Land"), 12, "kreis_name"),
    ("land differs", changed(10, land="Bremen"), 12, "land"),
]


@pytest.mark.parametrize(
    ("change", "line", "column"),
    [pytest.param(change, line, column, id=name) for name, change, line, column in BAD_ROWS],
)
def test_bad_rows_are_located(change: Callable[[list[Row]], None], line: int, column: str) -> None:
    rows = real_rows("03356")
    change(rows)
    error = error_of(lambda: parse_region_list(to_csv(rows), "osterholz.csv"))

    assert (error.filename, error.line) == ("osterholz.csv", line)
    assert error.column == column
    assert str(error).startswith(f"osterholz.csv, line {line}, column “{column}”: ")


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"population_2022_12_31": "viele"}, "population_2022_12_31", "“viele” is not a whole"),
        ({"population_2022_12_31": "-5"}, "population_2022_12_31", "“-5” is negative"),
        ({"area_km2": "-1"}, "area_km2", "“-1” is negative"),
        ({"lat": "153.1"}, "lat", "“153.1” is not between -90 and 90"),
        ({"ars": "03356000200X"}, "ars", "“03356000200X” is not a code of 12 digits"),
        ({"kreis_ags": "03357"}, "kreis_ags", "Kreis AGS 03357 is not the start of ARS"),
        ({"name": ""}, "name", "the value is missing"),
    ],
)
def test_bad_cell_messages(cells: Row, column: str, message: str) -> None:
    rows = real_rows("03356")
    rows[0] |= cells
    error = error_of(lambda: read_region_list(to_csv(rows), "x.csv"))

    assert (error.line, error.column) == (2, column)
    assert message in error.message
    assert str(error) == f"x.csv, line 2, column “{column}”: {error.message}"


def test_duplicate_ars_names_the_first_line() -> None:
    rows = real_rows("03356")
    duplicated(rows)
    error = error_of(lambda: read_region_list(to_csv(rows), "x.csv"))
    assert (error.line, error.column) == (13, "ars")
    assert error.message == "ARS 033560002002 already appears on line 2"


def test_verband_mismatch_messages() -> None:
    rows = real_rows("03356")
    rows[8]["verband_ars"] = "033565402"
    error = error_of(lambda: read_region_list(to_csv(rows), "x.csv"))
    assert error.message == "Verband ARS 033565402 is not the start of ARS 033565401004"

    rows = real_rows("03356")
    rows[9]["verband_name"] = "Hamberge"
    error = error_of(lambda: read_region_list(to_csv(rows), "x.csv"))
    assert error.message == "Verband 033565401 has the name “Hambergen” on line 8"


def test_excel_scientific_notation_is_explained() -> None:
    rows = [excel_row(row) for row in real_rows("03356")]
    rows[0]["ars"] = "3,35600E+10"
    error = error_of(lambda: read_region_list(to_csv(rows, delimiter=";"), "x.csv"))
    assert (error.line, error.column) == (2, "ars")
    assert "scientific notation" in error.message


def test_short_line_is_rejected() -> None:
    data = to_csv(real_rows("03356")) + b"033560002099,03356099\r\n"
    error = error_of(lambda: read_region_list(data, "x.csv"))
    assert (error.line, error.column) == (13, None)
    assert error.message == "the line has 2 fields, the header has 16"
    assert str(error) == "x.csv, line 13: the line has 2 fields, the header has 16"


def test_line_numbers_count_line_breaks_inside_quotes() -> None:
    rows = real_rows("03356")
    rows[0]["name"] = "Gras\nberg"
    rows[1]["population_2022_12_31"] = "x"
    error = error_of(lambda: read_region_list(to_csv(rows), "x.csv"))
    assert error.line == 4


def test_missing_columns_are_all_named() -> None:
    columns = [c for c in COLUMNS if c not in ("land", "ars", "plz_seat")]
    error = error_of(lambda: read_region_list(to_csv(real_rows("03356"), columns=columns), "x.csv"))

    assert (error.line, error.column) == (1, "ars")
    assert error.message == "the header lacks the columns ars, land"


def test_one_missing_column() -> None:
    columns = [c for c in COLUMNS if c != "area_km2"]
    error = error_of(lambda: read_region_list(to_csv(real_rows("03356"), columns=columns), "x.csv"))
    assert (error.line, error.column, error.message) == (
        1,
        "area_km2",
        "the header lacks the column area_km2",
    )


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b" \r\n\r\n", "the file is empty", id="blank"),
        pytest.param(
            ",".join(COLUMNS).encode() + b"\r\n", "the file contains no municipalities", id="header"
        ),
        pytest.param(xlsx(), "this is an Excel workbook", id="xlsx"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "this is an Excel workbook", id="xls"),
        pytest.param(to_csv(real_rows("03356"), encoding="utf-16"), "UTF-16", id="utf-16"),
        pytest.param(to_csv(real_rows("03356"), encoding="utf-16-le"), "UTF-16", id="utf-16-le"),
        pytest.param(b"ars,ags\r\n\x00\x00", "NUL bytes", id="nul"),
        pytest.param(
            to_csv(real_rows("03356")).replace("ü".encode(), b"\x81"),
            "neither UTF-8 nor Windows-1252",
            id="cp1252-undefined",
        ),
    ],
)
def test_unreadable_files(data: bytes, message: str) -> None:
    error = error_of(lambda: parse_region_list(data, "x.csv"))
    assert (error.filename, error.line, error.column) == ("x.csv", None, None)
    assert message in error.message
    assert str(error) == f"x.csv: {error.message}"


def test_cp1252_file_with_comma_is_read() -> None:
    rows = real_rows("03356")
    assert read_region_list(to_csv(rows, encoding="cp1252"), "x.csv") == read_region_list(
        to_csv(rows), "x.csv"
    )


def test_oversized_field_is_invalid_csv() -> None:
    data = to_csv(real_rows("03356")) + b'"' + b"x" * 200_000 + b'"\r\n'
    error = error_of(lambda: read_region_list(data, "x.csv"))
    assert (error.line, error.column) == (13, None)
    assert error.message.startswith("the line is not valid CSV")


def test_unknown_kreis_is_named() -> None:
    error = error_of(lambda: parse_region_list(DATA, "de.csv", kreis=["03356", "99999"]))
    assert (error.line, error.column) == (None, None)
    assert error.message == "no municipalities for Kreis 99999"
    assert str(error) == "de.csv: no municipalities for Kreis 99999"
    assert isinstance(error, ValueError)

    error = error_of(lambda: parse_region_list(DATA, "de.csv", kreis=["99999", "x"]))
    assert error.message == "no municipalities for Kreise 99999, x"


def test_build_districts_checks_handmade_records() -> None:
    records = read_region_list(to_csv(real_rows("03356")), "x.csv")
    records.append(dataclasses.replace(records[0], line=99))
    error = error_of(lambda: build_districts(records))
    assert (error.filename, error.line, error.column) == ("region list", 99, "ars")


def test_error_str_variants() -> None:
    with translation.override(None):
        assert str(RegionListError("a.csv", 3, "ars", "bad")) == "a.csv, line 3, column “ars”: bad"
        assert str(RegionListError("a.csv", 3, None, "bad")) == "a.csv, line 3: bad"
        assert str(RegionListError("a.csv", None, "ars", "bad")) == "a.csv, column “ars”: bad"
        assert str(RegionListError("a.csv", None, None, "bad")) == "a.csv: bad"


def test_errors_render_with_german_active() -> None:
    """The German catalogue may translate the msgids; rendering must still work."""
    rows = real_rows("03356")
    rows[0]["lat"] = "x"
    with pytest.raises(RegionListError) as info:
        read_region_list(to_csv(rows), "x.csv")
    assert (info.value.line, info.value.column) == (2, "lat")
    assert "x.csv" in str(info.value)


def test_district_name_rules() -> None:
    assert district_name("Osterholz", "Landkreis") == "Landkreis Osterholz"
    assert district_name("Dithmarschen", "Kreis") == "Kreis Dithmarschen"
    assert district_name("Flensburg, Stadt", "kreisfreie Stadt") == "Flensburg"
    assert district_name("Heilbronn, Stadtkreis", "Stadtkreis") == "Heilbronn"
    assert district_name("Main-Kinzig-Kreis", "Landkreis") == "Main-Kinzig-Kreis"


def test_unknown_kreis_falls_back_to_its_name() -> None:
    """A Kreis missing from de_kreise.csv: 'Landkreis X' if it has several Gemeinden."""
    rows = real_rows("03356")
    for row in rows:
        row["ars"] = "99999" + row["ars"][5:]
        row["ags"] = "99999" + row["ags"][5:]
        row["verband_ars"] = "99999" + row["verband_ars"][5:]
        row["kreis_ags"] = "99999"
    [several] = parse_region_list(to_csv(rows), "x.csv")
    [one] = parse_region_list(to_csv(rows[:1]), "x.csv")
    assert (several.name, one.name) == ("Landkreis Osterholz", "Osterholz")
