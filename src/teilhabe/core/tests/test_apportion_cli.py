"""`teilhabe apportion` as a coordinator runs it: CSV in, CSV out, German messages on stderr."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest

from teilhabe.apportion_cli import add_parser, run

SRC = Path(__file__).resolve().parents[3]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="teilhabe")
    add_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def call(argv: list[str], stdin: str | bytes = "") -> tuple[int, str, str]:
    """Run the subcommand; bytes on stdin arrive through a binary buffer like a real pipe."""
    if isinstance(stdin, bytes):
        stdin_stream: io.TextIOBase = io.TextIOWrapper(io.BytesIO(stdin))
    else:
        stdin_stream = io.StringIO(stdin)
    out, err = io.StringIO(), io.StringIO()
    code = run(parse(argv), stdin=stdin_stream, stdout=out, stderr=err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


# Stadt Braunschweig, Wahl-ABC "Hare/Niemeyer": 8 seats -> 4, 3, 1.
BRAUNSCHWEIG = "key,weight\nA,10000\nB,6000\nC,1500\n"


def test_it_writes_exact_quotas_and_seats(tmp_path):
    path = tmp_path / "parteien.csv"
    path.write_text(BRAUNSCHWEIG, encoding="utf-8")
    code, out, err = call(["apportion", "--total", "8", "--method", "hare-niemeyer", str(path)])
    assert (code, err) == (0, "")
    assert out == (
        "key,weight,quota,seats\nA,10000,4.571429,4\nB,6000,2.742857,3\nC,1500,0.685714,1\n"
    )


def test_it_reads_standard_input():
    code, out, err = call(["apportion", "--total", "8", "--method", "dhondt", "-"], BRAUNSCHWEIG)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == ["A,10000,4.571429,5", "B,6000,2.742857,3", "C,1500,0.685714,0"]


def test_a_tie_adds_the_tie_column_and_a_note():
    csv_in = "key,weight\nnord,500\nsued,500\nmitte,0\n"
    code, out, err = call(["apportion", "--total", "3", "--method", "sainte-lague", "-"], csv_in)
    assert code == 0
    assert out == (
        "key,weight,quota,seats,tie\n"
        "nord,500,1.500000,2,yes\n"
        "sued,500,1.500000,1,yes\n"
        "mitte,0,0.000000,0,\n"
    )
    assert err == (
        "Hinweis: Gleichstand bei nord, sued. Über 1 Einheit entscheidet das Los; vorläufig "
        "ist nach der Reihenfolge der Schlüssel zugeteilt (Spalte „tie“).\n"
    )


def test_bounds_columns_in_any_order_and_case():
    csv_in = "Max,KEY,weight,min\n5,gross,90,\n,a,6,\n,b,4,\n,klein,0,1\n"
    code, out, err = call(["apportion", "--total", "11", "--method", "hare-niemeyer", "-"], csv_in)
    assert (code, err) == (0, "")
    assert [line.rsplit(",", 1)[1] for line in out.splitlines()[1:]] == ["5", "3", "2", "1"]


def test_keys_keep_leading_zeros_and_quotes():
    csv_in = 'key,weight\n"033570041041",100\n"Celle, Stadt",300\n'
    code, out, _ = call(["apportion", "--total", "4", "--method", "hare-niemeyer", "-"], csv_in)
    assert code == 0
    assert out.splitlines()[1:] == ["033570041041,100,1.000000,1", '"Celle, Stadt",300,3.000000,3']


def test_a_header_only_file_with_total_zero_gives_a_header_only_result():
    code, out, _ = call(["apportion", "--total", "0", "--method", "dhondt", "-"], "key,weight\n")
    assert (code, out) == (0, "key,weight,quota,seats\n")


GERMAN_EXCEL = "key;weight;min\r\nMüllheim;1500;\r\nSchöppenstedt;500;1\r\n"


@pytest.mark.parametrize(
    "data",
    [
        GERMAN_EXCEL.encode("utf-8-sig"),  # "CSV UTF-8 (durch Trennzeichen getrennt)"
        GERMAN_EXCEL.encode("cp1252"),  # "CSV (Trennzeichen-getrennt)", older Excel
        GERMAN_EXCEL.encode("utf-8"),
    ],
    ids=["utf-8-bom", "cp1252", "utf-8"],
)
def test_it_reads_german_excel_csv(tmp_path, data):
    path = tmp_path / "gemeinden.csv"
    path.write_bytes(data)
    expected = "key,weight,quota,seats\nMüllheim,1500,3.000000,3\nSchöppenstedt,500,1.000000,1\n"
    assert call(["apportion", "--total", "4", "--method", "sainte-lague", str(path)]) == (
        0,
        expected,
        "",
    )
    assert call(["apportion", "--total", "4", "--method", "sainte-lague", "-"], data) == (
        0,
        expected,
        "",
    )


HEADER = "key,weight\n"


@pytest.mark.parametrize(
    ("total", "csv_in", "message"),
    [
        (
            "5",
            "name,einwohner\na,1\n",
            "Zeile 1, Spalte 1: unbekannte Spalte „name“. Erlaubt sind „key“, „weight“, „min“, „max“.",
        ),
        (
            "5",
            "key,weight,maximum\na,1,2\n",
            "Zeile 1, Spalte 3: unbekannte Spalte „maximum“. Erlaubt sind „key“, „weight“, „min“, „max“.",
        ),
        ("5", "key,weight,key\na,1,b\n", "Zeile 1, Spalte 3: Die Spalte „key“ kommt doppelt vor."),
        (
            "5",
            "key,min\na,1\n",
            "Zeile 1: Die Kopfzeile muss „key“ und „weight“ enthalten (dazu optional „min“ und „max“), gefunden: „key,min“.",
        ),
        ("5", HEADER + "a,1\nb,abc\n", "Zeile 3, Spalte „weight“: „abc“ ist keine ganze Zahl."),
        ("5", HEADER + "a,1.5\n", "Zeile 2, Spalte „weight“: „1.5“ ist keine ganze Zahl."),
        ("5", "key;weight\na;1,5\n", "Zeile 2, Spalte „weight“: „1,5“ ist keine ganze Zahl."),
        (
            "5",
            HEADER + "a,82.712.997\n",
            "Zeile 2, Spalte „weight“: „82.712.997“ ist keine ganze Zahl (bitte ohne Tausenderpunkte).",
        ),
        (
            "5",
            HEADER + "a,-5\n",
            "Zeile 2, Spalte „weight“: „-5“ ist negativ; erwartet wird eine Anzahl ab 0.",
        ),
        ("5", HEADER + "a,\n", "Zeile 2, Spalte „weight“: Der Wert fehlt."),
        ("5", HEADER + ",7\n", "Zeile 2, Spalte „key“: Der Schlüssel fehlt."),
        (
            "5",
            HEADER + "a,1\n\nb,2\na,3\n",
            "Zeile 5, Spalte „key“: Der Schlüssel „a“ steht schon in Zeile 2.",
        ),
        ("5", HEADER + "a,1,9\n", "Zeile 2: 3 Felder, die Kopfzeile hat aber nur 2."),
        ("5", "key,weight,min\na,1,x\n", "Zeile 2, Spalte „min“: „x“ ist keine ganze Zahl."),
        (
            "5",
            "key,weight,min,max\na,1,3,2\n",
            "Zeile 2, Spalte „max“: 2 ist kleiner als das Minimum 3 (Spalte „min“).",
        ),
        (
            "5",
            "key,weight,min\na,1,3\nb,1,3\n",
            "Die Grenzen sind nicht erfüllbar: Die Mindestwerte (Spalte „min“) ergeben zusammen 6, mehr als die Gesamtzahl 5.",
        ),
        (
            "5",
            "key,weight,max\na,1,2\nb,1,2\n",
            "Die Grenzen sind nicht erfüllbar: Die Höchstwerte (Spalte „max“) lassen zusammen höchstens 4 zu, weniger als die Gesamtzahl 5.",
        ),
        (
            "5",
            "key,weight,max\na,1,2\nb,0,9\n",
            "Die Grenzen sind nicht erfüllbar: Die Höchstwerte (Spalte „max“) lassen zusammen höchstens 2 zu, weniger als die Gesamtzahl 5. Schlüssel mit Gewicht 0 erhalten nie mehr als ihr Minimum.",
        ),
        (
            "5",
            HEADER + "a,0\nb,0\n",
            "Kein Schlüssel hat ein Gewicht über 0; die Gesamtzahl 5 lässt sich nicht verteilen.",
        ),
        (
            "5",
            HEADER,
            "Kein Schlüssel hat ein Gewicht über 0; die Gesamtzahl 5 lässt sich nicht verteilen.",
        ),
        ("5", "", "Die Eingabe ist leer; erwartet wird die Kopfzeile „key,weight“."),
        ("5", "\n \n", "Die Eingabe ist leer; erwartet wird die Kopfzeile „key,weight“."),
        ("zehn", HEADER + "a,1\n", "--total: „zehn“ ist keine ganze Zahl."),
        ("-3", HEADER + "a,1\n", "--total: „-3“ ist negativ; erwartet wird eine Anzahl ab 0."),
    ],
)
def test_bad_input_is_one_german_message_exit_1_and_no_output(total, csv_in, message):
    code, out, err = call(["apportion", "--total", total, "--method", "hare-niemeyer", "-"], csv_in)
    assert (code, out) == (1, "")
    assert err == f"Fehler: {message}\n"


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "fehlt.csv"
    code, out, err = call(["apportion", "--total", "5", "--method", "dhondt", str(path)])
    assert (code, out) == (1, "")
    assert err == f"Fehler: Die Datei „{path}“ kann nicht gelesen werden: Sie existiert nicht.\n"


def test_a_directory_is_not_a_file(tmp_path):
    code, out, err = call(["apportion", "--total", "5", "--method", "dhondt", str(tmp_path)])
    assert (code, out) == (1, "")
    assert (
        err
        == f"Fehler: Die Datei „{tmp_path}“ kann nicht gelesen werden: Das ist ein Verzeichnis.\n"
    )


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused(tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(b"key,weight\na\x81\xff,1\n")  # 0x81 is undefined in Windows-1252
    code, out, err = call(["apportion", "--total", "5", "--method", "dhondt", str(path)])
    assert (code, out) == (1, "")
    assert err == (
        f"Fehler: Die Datei „{path}“ ist weder UTF-8 noch Windows-1252 kodiert (Byte 13). "
        "Bitte als „CSV UTF-8“ speichern.\n"
    )


def test_an_unknown_method_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        parse(["apportion", "--total", "5", "--method", "webster", "-"])
    assert exc.value.code == 2
    assert "invalid choice: 'webster'" in capsys.readouterr().err


def test_total_and_method_are_required(capsys):
    with pytest.raises(SystemExit):
        parse(["apportion", "-"])
    assert "--total" in capsys.readouterr().err


def test_main_runs_in_a_real_process_without_django(tmp_path):
    code = (
        "import sys\n"
        "from teilhabe.apportion_cli import main\n"
        "status = main(sys.argv[1:])\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "apportion", "--total", "8", "--method", "sainte-lague", "-"],
        input=BRAUNSCHWEIG.replace("\n", "\r\n").encode("cp1252"),
        capture_output=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == (
        "key,weight,quota,seats\nA,10000,4.571429,4\nB,6000,2.742857,3\nC,1500,0.685714,1\n"
    )
    failed = subprocess.run(
        [sys.executable, "-c", code, "apportion", "--total", "8", "--method", "dhondt", "-"],
        input=b"key,weight\nA,x\n",
        capture_output=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    assert (failed.returncode, failed.stdout) == (1, b"")
    assert (
        failed.stderr.decode("utf-8")
        == "Fehler: Zeile 2, Spalte „weight“: „x“ ist keine ganze Zahl.\n"
    )


def test_run_writes_to_the_current_sys_streams(capsys):
    args = parse(["apportion", "--total", "8", "--method", "hare-niemeyer", "-"])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdin", io.StringIO(BRAUNSCHWEIG))
        assert run(args) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("key,weight,quota,seats\nA,10000,4.571429,4\n")
    assert captured.err == ""
