"""A snapshot as an issued report stored it (data/snapshot_v1.json, format version 1): it must
render for as long as the report is kept, and its XLSX annex must stay the same cell for cell.

The expected annex (data/annex_v1.json) is written in English, so that it pins what the code
writes rather than the current German catalog. When the annex changes on purpose, write
`annex_cells` of the new workbook to that file and review the difference like code."""

import datetime
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
from django.utils import translation

from teilhabe.reports import exports, rendering
from teilhabe.reports.presentation import Issued

DATA = Path(__file__).parent / "data"


def stored() -> dict[str, Any]:
    return json.loads((DATA / "snapshot_v1.json").read_text(encoding="utf-8"))


def annex_cells(data: bytes) -> list[dict[str, Any]]:
    """Every sheet of a workbook as JSON: title, column widths, and each cell's value (a date
    with its number format, so that date and date-and-time stay apart)."""
    book = openpyxl.load_workbook(io.BytesIO(data))

    def cell(c: Any) -> Any:
        if isinstance(c.value, datetime.datetime):
            return {"datetime": c.value.isoformat(), "format": c.number_format}
        return c.value

    return [
        {
            "title": sheet.title,
            "widths": {key: d.width for key, d in sorted(sheet.column_dimensions.items())},
            "rows": [[cell(c) for c in row] for row in sheet.iter_rows()],
        }
        for sheet in book.worksheets
    ]


def test_the_annex_of_a_stored_snapshot_stays_the_same_cell_for_cell():
    with translation.override("en"):
        cells = annex_cells(exports.annex_xlsx(stored()))
    expected = json.loads((DATA / "annex_v1.json").read_text(encoding="utf-8"))
    assert [sheet["title"] for sheet in cells] == [sheet["title"] for sheet in expected]
    for sheet, pinned in zip(cells, expected, strict=True):
        assert sheet == pinned, sheet["title"]


def test_a_stored_snapshot_renders_as_a_document():
    issued = Issued(datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC))
    with translation.override("en"):
        html = rendering.document(stored(), issued)
    assert "Sozialausschuss" in html and "Starterpaket Sprachcafé" in html
    assert "Zweite Welle" in html and "Dolmetscherpool" in html
    assert "=HYPERLINK" in html and "<svg" in html
