"""`teilhabe place` as a coordinator runs it: three CSV files in (as German Excel saves them),
CSV out, German messages on stderr, exit status 2 for bad input."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest

from teilhabe.place_cli import add_parser, run

SRC = Path(__file__).resolve().parents[3]

TARGETS = "municipality,target,arrived\nZeven,40,25\nBothel,20,2\n"
UNITS = (
    "unit,municipality,places,kind,barrier_free\n"
    "Am Markt 3,Zeven,5,flat,0\n"
    "GU Bothel,Bothel,10,shared,1\n"
)
# By hand: Zeven owes 15 (target 40), Bothel 18 (target 20). H1 (5) and H3 (4) both fit
# either the flat or the shared unit; H2 needs barrier-free: only "GU Bothel".
#   H1 -> GU, H3 -> flat: Bothel 18-7 = 11 -> 11/20 = 0.55; Zeven 15-4 = 11 -> 0.275
#   H1 -> flat, H3 -> GU: Bothel 18-6 = 12 -> 0.60
# Goal 2 takes the first, although the flat then keeps one place empty (goal 3 comes later).
HOUSEHOLDS = "household,size,barrier_free\nH1,5,0\nH2,2,1\nH3,4,0\n"
EXPECTED = (
    "household,unit,municipality\nH1,GU Bothel,Bothel\nH2,GU Bothel,Bothel\nH3,Am Markt 3,Zeven\n"
)


def write(
    tmp_path: Path,
    units: str = UNITS,
    households: str = HOUSEHOLDS,
    targets: str = TARGETS,
    encoding: str = "utf-8",
) -> list[str]:
    files = {"units": units, "households": households, "targets": targets}
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_bytes(text.encode(encoding))
    return [a for name in files for a in (f"--{name}", str(tmp_path / f"{name}.csv"))]


def call(argv: list[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="teilhabe")
    add_parser(parser.add_subparsers(dest="command", required=True))
    out, err = io.StringIO(), io.StringIO()
    code = run(parser.parse_args(["place", *argv]), io.StringIO(), out, err)
    return code, out.getvalue(), err.getvalue()


def test_it_writes_one_line_per_household_in_input_order(tmp_path):
    code, out, err = call(write(tmp_path))
    assert (code, out, err) == (0, EXPECTED, "")


def test_german_excel_semicolons_windows_1252_and_bom(tmp_path):
    def excel(text: str) -> str:
        return text.replace(",", ";").replace("\n", "\r\n")

    targets = TARGETS.replace("Zeven", "Bremervörde")
    units = UNITS.replace("Zeven", "Bremervörde")
    argv = write(tmp_path, excel(units), excel(HOUSEHOLDS), excel(targets), "cp1252")
    code, out, _ = call(argv)
    assert code == 0
    assert out == EXPECTED.replace("Zeven", "Bremervörde")
    argv = write(tmp_path, "\ufeff" + excel(units), excel(HOUSEHOLDS), "\ufeff" + targets)
    assert call(argv)[:2] == (0, EXPECTED.replace("Zeven", "Bremervörde"))


def test_optional_columns_in_any_order(tmp_path):
    units = "KIND,unit,places,municipality,barrier_free,occupied\nflat,A,4,m,,\nshared,B,6,m,0,5\n"
    households = "size,household,barrier_free,children\n3,fam,0,1\n1,one,,\n"
    targets = "municipality,arrived,target,childcare\nm,0,10,\n"
    code, out, err = call(write(tmp_path, units, households, targets))
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == ["fam,A,m", "one,B,m"]


def test_a_household_without_a_place_has_empty_columns_and_a_note(tmp_path):
    # 8 persons, 8 free places; but flats take one household each and nothing is barrier-free.
    units = (
        "unit,municipality,places,kind,barrier_free\nA,m,5,flat,0\nB,m,2,flat,0\nC,m,1,shared,0\n"
    )
    households = "household,size,barrier_free\nH3,3,0\nH2a,2,0\nH2b,2,0\nW,1,1\n"
    code, out, err = call(
        write(tmp_path, units, households, "municipality,target,arrived\nm,9,0\n")
    )
    assert code == 0
    assert out == "household,unit,municipality\nH3,A,m\nH2a,B,m\nH2b,,\nW,,\n"
    assert err.splitlines() == [
        "Hinweis: Haushalt „H2b“ (2 Personen) ohne Unterkunft: die 2 passenden Unterkünfte "
        "sind mit anderen Haushalten dieser Ankündigung belegt.",
        "Hinweis: Haushalt „W“ (1 Person) ohne Unterkunft: braucht eine barrierefreie "
        "Unterkunft, und keine hat freie Plätze.",
    ]


def test_a_time_limit_gives_a_labelled_proposal_not_an_error(tmp_path):
    code, out, err = call([*write(tmp_path), "--time-limit", "0"])
    assert code == 0
    assert out.startswith("household,unit,municipality\n") and len(out.splitlines()) == 4
    assert "Die Zeitgrenze von 0 s ist erreicht" in err


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            "households",
            "household,size,barrier_free\nH1,5,0\nH2,11,0\n",
            "Datei „{households}“, Zeile 3, Spalte „size“: Der Haushalt „H2“ hat 11 Personen, mehr "
            "als jede Unterkunft (die größte hat 10 Plätze).",
        ),
        (
            "households",
            "household,size,barrier_free\nH1,5,0\nH2,5,0\nH3,6,0\n",
            "Datei „{households}“, Spalte „size“: Die Haushalte umfassen zusammen 16 Personen, frei "
            "sind aber nur 15 Plätze. Bitte die Ankündigung teilen oder Unterkünfte ergänzen.",
        ),
        (
            "households",
            "household,size,barrier_free\nH1,-2,0\n",
            "Datei „{households}“, Zeile 2, Spalte „size“: „-2“ ist negativ; erwartet wird eine "
            "Anzahl ab 0.",
        ),
        (
            "households",
            "household,size,barrier_free\nH1,2.5,0\n",
            "Datei „{households}“, Zeile 2, Spalte „size“: „2.5“ ist keine ganze Zahl.",
        ),
        (
            "households",
            "household,size,barrier_free\nH1,0,0\n",
            "Datei „{households}“, Zeile 2, Spalte „size“: Ein Haushalt hat mindestens 1 Person.",
        ),
        (
            "households",
            "household,size,barrier_free\nH1,1,0\nH1,2,0\n",
            "Datei „{households}“, Zeile 3, Spalte „household“: „H1“ steht schon in Zeile 2.",
        ),
        (
            "households",
            "household,size,barrier_free\nH1,1,ja\n",
            "Datei „{households}“, Zeile 2, Spalte „barrier_free“: „ja“ ist weder 1 (ja) noch 0 "
            "(nein).",
        ),
        (
            "households",
            "household,size\nH1,1\n",
            "Datei „{households}“, Zeile 1: Es fehlt die Spalte „barrier_free“ (erwartet wird die "
            "Kopfzeile „household,size,barrier_free“).",
        ),
        (
            "units",
            UNITS + "Keller,Zeven,2,shared,0\nKeller,Zeven,3,shared,0\n",
            "Datei „{units}“, Zeile 5, Spalte „unit“: „Keller“ steht schon in Zeile 4.",
        ),
        (
            "units",
            "unit,municipality,places,kind,barrier_free,occupied\nA,Zeven,5,shared,0,6\n",
            "Datei „{units}“, Zeile 2, Spalte „occupied“: 6 belegte Plätze, die Unterkunft hat "
            "aber nur 5 (Spalte „places“).",
        ),
        (
            "units",
            "unit,municipality,places,kind,barrier_free\nA,Sittensen,5,flat,0\n",
            "Datei „{units}“, Zeile 2, Spalte „municipality“: Die Gemeinde „Sittensen“ steht nicht "
            "in der Datei der Ziele (Spalte „municipality“).",
        ),
        (
            "units",
            "unit,municipality,places,kind,barrier_free\nA,Zeven,5,Wohnung,0\n",
            "Datei „{units}“, Zeile 2, Spalte „kind“: „Wohnung“ ist weder „flat“ (Wohnung für "
            "einen Haushalt) noch „shared“ (Gemeinschaftsunterkunft).",
        ),
        (
            "units",
            "unit,municipality,places,kind,barierfrei\n",
            "Datei „{units}“, Zeile 1, Spalte 5: unbekannte Spalte „barierfrei“. Erlaubt sind "
            "„unit“, „municipality“, „places“, „kind“, „barrier_free“, „occupied“.",
        ),
        (
            "targets",
            "municipality,target,arrived\nZeven,40,-1\nBothel,20,0\n",
            "Datei „{targets}“, Zeile 2, Spalte „arrived“: „-1“ ist negativ; erwartet wird eine "
            "Anzahl ab 0.",
        ),
        (
            "targets",
            "municipality,target,arrived\nZeven,40,0\nZeven,20,0\n",
            "Datei „{targets}“, Zeile 3, Spalte „municipality“: „Zeven“ steht schon in Zeile 2.",
        ),
    ],
)
def test_bad_input_names_file_line_and_column_and_exits_2(tmp_path, file, text, message):
    argv = write(tmp_path, **{file: text})
    code, out, err = call(argv)
    paths = {name: str(tmp_path / f"{name}.csv") for name in ("units", "households", "targets")}
    assert (code, out) == (2, "")
    assert err == "Fehler: " + message.format(**paths) + "\n"


def test_a_missing_file_is_bad_input(tmp_path):
    code, out, err = call(
        [
            "--units",
            str(tmp_path / "nope.csv"),
            "--households",
            "x",
            "--targets",
            str(tmp_path / "nope.csv"),
        ]
    )
    assert (code, out) == (2, "")
    assert "kann nicht gelesen werden: Sie existiert nicht." in err


def test_end_to_end_in_a_real_process_without_django(tmp_path):
    argv = write(tmp_path, UNITS.replace(",", ";"), HOUSEHOLDS, TARGETS, "cp1252")
    code = (
        "import sys\n"
        "from teilhabe.place_cli import main\n"
        "status = main(sys.argv[1:])\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
        "sys.exit(status)\n"
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code, "place", *argv],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout.decode(), done.stderr.decode()) == (0, EXPECTED, "")
    # and through the `teilhabe` command itself
    bad = write(tmp_path, households="household,size,barrier_free\nH1,x,0\n")
    done = subprocess.run(
        [sys.executable, "-m", "teilhabe.cli", "place", *bad],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        f"Fehler: Datei „{tmp_path / 'households.csv'}“, Zeile 2, Spalte „size“: „x“ ist keine "
        "ganze Zahl.\n"
    )
