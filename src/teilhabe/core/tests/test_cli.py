"""The `teilhabe` command as a coordinator runs it."""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from teilhabe import cli
from teilhabe.regions.models import District


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data_dir, port: int, until: str = "http://127.0.0.1") -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEILHABE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "teilhabe.cli",
            "up",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = ""
    deadline = time.monotonic() + 120  # a loaded machine: migrate, worker start
    while not re.search(until, output) and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        output += line
    return process, output


# A box of "+---+" lines around "| … |" lines, at the end of the startup output.
FRAMED_BLOCK = r"\n\+-+\+\n(\|.*\|\n)+\+-+\+\n"


def wait_for(url: str) -> int:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def test_up_prepares_everything_and_serves_with_gunicorn(tmp_path):
    port = free_port()
    process, output = start(tmp_path, port, until=FRAMED_BLOCK)
    try:
        assert "Landkreis Rotenburg (Wümme) mit 13 Kommunen und 57 Gemeinden" in output, output
        password = re.search(r"Benutzername: admin\s+Passwort: (\S+)", output).group(1)
        # The password comes last, framed, after every startup line (all of them German), so
        # the access log that follows does not push it out of sight among other lines.
        block = re.search(FRAMED_BLOCK, output)
        before = output[: block.start()]
        assert "Passwort" not in before
        assert "Datenverzeichnis:" in before and "Hintergrunddienst gestartet" in before
        assert "Starting" not in output and "worker_id=" not in output
        assert password in block.group(0) and output[block.end() :].strip() == ""
        assert wait_for(f"http://127.0.0.1:{port}/health/") == 200
        assert wait_for(f"http://127.0.0.1:{port}/accounts/login/") == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/") as response:
            assert response.headers["Server"] is None  # gunicorn does not name itself
            assert "script-src 'self';" in response.headers["Content-Security-Policy"]
        server = subprocess.run(
            ["ps", "-o", "args=", "--ppid", str(process.pid)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "gunicorn" in server and "runserver" not in server
        # Operations (core/ops): ready, and the metrics of the node from its loopback.
        assert wait_for(f"http://127.0.0.1:{port}/ready/") == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics/") as response:
            metrics = response.read().decode()
        assert (
            'teilhabe_request_duration_seconds_count{method="GET",status="2xx",view="core:health"}'
            in metrics
        )
        assert list((tmp_path / "metrics").glob("*.db"))  # shared by the node's processes
    finally:
        stop(process)
    db = sqlite3.connect(tmp_path / "teilhabe.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    (stored,) = db.execute("SELECT password FROM accounts_user WHERE username='admin'").fetchone()
    assert stored.startswith("argon2")
    assert Argon2PasswordHasher().verify(password, stored)

    # The second start keeps the data and prints no new password; it forgets the metrics of
    # the processes of the first.
    stale = tmp_path / "metrics" / "histogram_999999.db"
    stale.write_bytes(b"")
    process, output = start(tmp_path, port)
    stop(process)
    assert not stale.exists()
    assert "Passwort:" not in output
    assert "besteht bereits" in output
    assert db.execute("SELECT count(*) FROM regions_district").fetchone()[0] == 1


@pytest.mark.django_db
def test_regions_import_through_the_cli(capsys):
    from teilhabe.testing import national_list

    path = os.path.join(os.environ["TEILHABE_DATA_DIR"], "liste.csv")
    with open(path, "wb") as f:
        f.write(national_list())
    assert cli.main(["regions", "import", path, "--kreis", "03356"]) == 0
    assert District.objects.get(ags="03356").name == "Landkreis Osterholz"
    assert "Landkreis Osterholz" in capsys.readouterr().out


@pytest.mark.django_db
def test_regions_import_reports_errors_in_german_and_exits_1(tmp_path, capsys):
    path = tmp_path / "leer.csv"
    path.write_bytes(b"")
    assert cli.main(["regions", "import", str(path)]) == 1
    assert "leer.csv: die Datei ist leer" in capsys.readouterr().err
    assert not District.objects.exists()


@pytest.mark.django_db
def test_surveys_import_and_export_xlsform(tmp_path, capsys, rotenburg):
    from importlib.resources import files

    from teilhabe.surveys.xlsform import read_xlsform

    source = files("teilhabe.surveys") / "data" / "bestandsaufnahme.xlsx"
    assert cli.main(["surveys", "import-xlsform", str(source), "--district", "03357"]) == 0
    questionnaire_id, questions = capsys.readouterr().out.split()
    original = read_xlsform(source.read_bytes(), "b.xlsx")
    assert int(questions) == sum(1 for _q in original.questions())
    out = tmp_path / "export.xlsx"
    assert cli.main(["surveys", "export-xlsform", questionnaire_id, "-o", str(out)]) == 0
    assert read_xlsform(out.read_bytes(), "export.xlsx") == original
    assert cli.main(["surveys", "import-xlsform", str(source), "--district", "99999"]) == 1
    assert cli.main(["surveys", "export-xlsform", "999", "-o", str(out)]) == 1


@pytest.mark.django_db
def test_surveys_import_with_choice_files_and_export_them_beside(tmp_path, capsys, rotenburg):
    import openpyxl

    from teilhabe.surveys.xlsform import read_xlsform

    book = openpyxl.Workbook()
    book.active.title = "survey"
    book.active.append(["type", "name", "label"])
    book.active.append(["select_one_from_file orte.csv", "ort", "Ort"])
    source = tmp_path / "orte.xlsx"
    book.save(source)
    (tmp_path / "orte.csv").write_text("name,label\nzeven,Zeven\nbremervoerde,Bremervörde\n")
    args = ["surveys", "import-xlsform", str(source), "--district", "03357"]
    assert cli.main(args) == 1  # the file is named but not attached
    assert "orte.csv" in capsys.readouterr().err
    assert cli.main([*args, "--attach", str(tmp_path / "orte.csv")]) == 0
    questionnaire_id, _questions = capsys.readouterr().out.split()
    out = tmp_path / "export" / "orte.xlsx"
    out.parent.mkdir()
    assert cli.main(["surveys", "export-xlsform", questionnaire_id, "-o", str(out)]) == 0
    exported = (out.parent / "orte.csv").read_bytes()
    form = read_xlsform(out.read_bytes(), "orte.xlsx", {"orte.csv": exported})
    assert [c.labels for c in next(form.questions()).choices] == [
        {"default": "Zeven"},
        {"default": "Bremervörde"},
    ]
