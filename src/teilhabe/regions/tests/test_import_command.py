"""`teilhabe regions import`: the national list, German Excel files, and bad input."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from teilhabe.regions.models import District, MemberMunicipality, Municipality, PopulationFigure
from teilhabe.testing import national_list

pytestmark = pytest.mark.django_db


def run(path, *kreis):
    out = io.StringIO()
    call_command("import_regions", str(path), *[f"--kreis={k}" for k in kreis], stdout=out)
    return out.getvalue()


@pytest.fixture
def national_file(tmp_path):
    path = tmp_path / "de_gemeinden.csv"
    path.write_bytes(national_list())
    return path


def test_it_adds_landkreis_osterholz_with_its_samtgemeinde(national_file):
    output = run(national_file, "03356")
    osterholz = District.objects.get(ags="03356")
    assert osterholz.name == "Landkreis Osterholz"
    assert osterholz.land == "Niedersachsen"
    assert osterholz.municipalities.count() == 7
    hambergen = Municipality.objects.get(ars="033565401000")
    assert hambergen.name == "Samtgemeinde Hambergen"
    assert hambergen.kind == "samtgemeinde"
    assert sorted(hambergen.members.values_list("name", flat=True)) == [
        "Axstedt",
        "Hambergen",
        "Holste",
        "Lübberstedt",
        "Vollersode",
    ]
    zensus = hambergen.population_figures.get(reference_date=datetime.date(2022, 5, 15))
    assert zensus.population == 1225 + 5536 + 1380 + 731 + 2887
    assert Municipality.objects.get(ars="033560007007").kind == "stadt"
    assert "Landkreis Osterholz" in output


def test_importing_again_updates_in_place(national_file):
    run(national_file, "03356")
    run(national_file, "03356")
    assert District.objects.count() == 1
    assert MemberMunicipality.objects.count() == 11


def test_german_excel_file_gives_the_same_result(tmp_path, national_file):
    lines = national_list().decode("utf-8").splitlines()
    rows = [lines[0]] + [line for line in lines[1:] if ",03356," in line]
    reader = csv.reader(rows)
    header = next(reader)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    numeric = {"area_km2", "lat", "lon", "population_2022_12_31", "population_zensus_2022_05_15"}
    for row in reader:
        cells = []
        for name, value in zip(header, row, strict=True):
            if name in numeric and value:
                if "." in value:
                    value = value.replace(".", ",")
                else:
                    value = f"{int(value):,}".replace(",", ".")
            cells.append(value)
        writer.writerow(cells)
    excel = tmp_path / "osterholz.csv"
    excel.write_bytes(out.getvalue().encode("cp1252"))
    run(excel)
    from_excel = list(
        Municipality.objects.order_by("ars").values_list("ars", "name", "kind", "area_km2")
    )
    figures = list(_figures())
    Municipality.objects.all().delete()
    District.objects.all().delete()
    run(national_file, "03356")
    assert (
        list(Municipality.objects.order_by("ars").values_list("ars", "name", "kind", "area_km2"))
        == from_excel
    )
    assert list(_figures()) == figures


def _figures():
    return PopulationFigure.objects.order_by("municipality__ars", "reference_date").values_list(
        "municipality__ars", "reference_date", "population"
    )


HEADER = (
    "ars,ags,name,gemeinde_type,verband_ars,verband_name,verband_type,kreis_ags,kreis_name,land,"
    "area_km2,population_2022_12_31,population_zensus_2022_05_15,plz_seat,lat,lon"
)
GOOD = (
    "033560002002,03356002,Grasberg,kreisangehörige Gemeinde,033560002,Grasberg,"
    "verbandsfreie Gemeinde,03356,Osterholz,Niedersachsen,55.77,8004,7664,28879,53.18,8.98"
)
SAMT = (
    "033565401001,03356001,Axstedt,kreisangehörige Gemeinde,{verband},Hambergen,Samtgemeinde,"
    "03356,Osterholz,Niedersachsen,10.74,1263,1225,27729,53.35,8.77"
)


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        pytest.param(
            HEADER.replace("verband_type", "verbandstyp") + "\n" + GOOD,
            1,
            "verband_type",
            id="header",
        ),
        pytest.param(
            HEADER + "\n" + GOOD.replace(",7664,", ",sieben,"),
            2,
            "population_zensus_2022_05_15",
            id="text-population",
        ),
        pytest.param(
            HEADER + "\n" + GOOD.replace(",7664,", ",-7664,"),
            2,
            "population_zensus_2022_05_15",
            id="negative-population",
        ),
        pytest.param(HEADER + "\n" + GOOD + "\n" + GOOD, 3, "ars", id="duplicate-ars"),
        pytest.param(
            HEADER + "\n" + GOOD + "\n" + SAMT.format(verband=""),
            3,
            "verband_ars",
            id="missing-verband",
        ),
        pytest.param(
            HEADER + "\n" + GOOD + "\n" + SAMT.format(verband="033569999"),
            3,
            "verband_ars",
            id="wrong-verband",
        ),
    ],
)
def test_malformed_files_fail_cleanly_and_write_nothing(tmp_path, content, line, column):
    path = tmp_path / "kaputt.csv"
    path.write_text(content, encoding="utf-8")
    with translation.override("de"), pytest.raises(CommandError) as error:
        run(path)
    message = str(error.value)
    assert "kaputt.csv" in message
    assert f"Zeile {line}" in message
    assert column in message
    assert District.objects.count() == 0
    assert Municipality.objects.count() == 0


def test_wrong_encoding_fails_cleanly(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes((HEADER + "\n" + GOOD).encode("utf-16"))
    with translation.override("de"), pytest.raises(CommandError) as error:
        run(path)
    assert "utf16.csv" in str(error.value)
    assert District.objects.count() == 0


def test_a_file_that_cannot_be_read_says_so(tmp_path):
    with translation.override("de"), pytest.raises(CommandError) as error:
        run(tmp_path / "fehlt.csv")
    assert "fehlt.csv" in str(error.value)
