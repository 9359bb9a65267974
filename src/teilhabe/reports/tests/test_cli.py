"""`teilhabe report` on a fresh data directory, as a coordinator would first try it."""

import io
import os
import subprocess
import sys

import openpyxl
import pytest

from teilhabe.reports.tests.conftest import de, pdf_text

EMPTY = "There is no data on the stock-take: no activities were recorded by the end of the period."


def report(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEILHABE_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["TEILHABE_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "teilhabe.cli", "report", *args],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Fresh for the first report of this module (which prepares it), then shared: preparing a
    data directory is most of a report's time, and the formats need not pay for it thrice."""
    return tmp_path_factory.mktemp("report-cli") / "data"


@pytest.mark.parametrize("fmt", ["pdf", "html", "xlsx"])
def test_a_report_in_every_format_from_a_fresh_data_directory(data_dir, tmp_path, fmt):
    out = tmp_path / f"bericht.{fmt}"
    args = ["--district", "03357", "--since", "2026-09-18", "--until", "2026-11-24"]
    result = report(data_dir, *args, "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    data = out.read_bytes()
    if fmt == "pdf":
        text = pdf_text(data)
        assert "Samtgemeinde Zeven" in text and "18.09.2026 – 24.11.2026" in text
        assert " ".join(de(EMPTY).split()) in text
    elif fmt == "html":
        text = data.decode()
        assert text.startswith("<!DOCTYPE html>") and '<html lang="de">' in text
        assert "Samtgemeinde Zeven" in text and de(EMPTY) in text
        assert "<svg" in text  # the map, inline
    else:
        book = openpyxl.load_workbook(io.BytesIO(data))
        first = [row for row in book.worksheets[0].iter_rows(values_only=True)]
        assert first[0][0].startswith(de("Status report"))
        assert (de("Municipalities"), 13) in [(r[0], r[1]) for r in first if r]
        allocation = book[de("Allocation")[:31]]
        assert de("No data for this period.") in [
            r[0] for r in allocation.iter_rows(values_only=True)
        ]


def test_an_unknown_district_or_a_reversed_period_is_an_error(data_dir, tmp_path):
    out = tmp_path / "x.pdf"
    result = report(data_dir, "--district", "99999", "--format", "pdf", "-o", str(out))
    assert result.returncode == 1 and not out.exists()
    assert "99999" in result.stderr.decode()
    result = report(
        data_dir,
        "--district",
        "03357",
        "--since",
        "2026-11-24",
        "--until",
        "2026-11-01",
        "--format",
        "html",
        "-o",
        str(out),
    )
    assert result.returncode == 1 and not out.exists()
    result = report(
        data_dir,
        "--district",
        "03357",
        "--since",
        "24.11.2026",
        "--format",
        "html",
        "-o",
        str(out),
    )
    assert result.returncode == 2 and "24.11.2026" in result.stderr.decode()
