"""The XLSX annex of a report: the tables behind it, one sheet each, from the snapshot alone."""

import io
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from teilhabe.reports import presentation, rendering

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NONE = "–"


def _sheet(book: openpyxl.Workbook, title: str, heading: str, header: list[str]) -> Worksheet:
    sheet = book.create_sheet(title[:31])
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A4"
    return sheet


def _finish(sheet: Worksheet, widths: list[int], empty: str) -> None:
    if sheet.max_row == 3:
        sheet.append([empty])
    for i, width in enumerate(widths):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _summary(book: openpyxl.Workbook, s: dict[str, Any], view: dict[str, Any]) -> None:
    sheet = book.active
    sheet.title = _("Report")[:31]
    sheet.append([rendering.title(s)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Period"), view["since"], view["until"]])
    sheet.append([_("Data as of"), view["generated_at"].replace(tzinfo=None)])
    for cell in (sheet["B2"], sheet["C2"]):
        cell.number_format = "DD.MM.YYYY"
    sheet["B3"].number_format = "DD.MM.YYYY HH:MM"
    sheet.append([])
    sheet.append([_("Figure"), _("Value")])
    labels = {
        "municipalities": _("Municipalities"),
        "population": _("Population"),
        "activities": _("Activities (not ended)"),
        "active": _("Active activities"),
        "without_activities": _("Municipalities without any activity"),
        "new": _("New activities in the period"),
        "ended": _("Ended activities in the period"),
        "changes": _("Changes in the period"),
        "response_rate": _("Response rate of the latest wave (%)"),
        "fulfilment": _("Fulfilment of the allocation target (%)"),
        "arrived_in_period": _("Persons arrived in the period"),
        "warnings": _("Municipalities with a capacity warning"),
        "events": _("Events held"),
        "represented": _("Municipalities represented"),
        "measures": _("Measures"),
        "overdue": _("Overdue measures"),
        "volunteers": _("Volunteers in active activities"),
        "tandems": _("Peer tandems"),
    }
    for key, label in labels.items():
        value = s["summary"].get(key)
        sheet.append([label, NONE if value is None else value])
    sheet.column_dimensions["A"].width = 46
    sheet.column_dimensions["B"].width = 18
    sheet.column_dimensions["C"].width = 18


def annex_xlsx(s: dict[str, Any]) -> bytes:
    view = presentation.context(s)
    book = openpyxl.Workbook()
    _summary(book, s, view)
    none = _("No data for this period.")
    whole = _("whole district")

    categories = [c["label"] for c in s["coverage"]["categories"]]
    sheet = _sheet(
        book,
        _("Coverage"),
        _("Coverage matrix: number of activities and best status"),
        [_("Municipality"), *categories],
    )
    for row in view["matrix"]:
        cells = [f"{c['total']} ({c['label']})" if c["total"] else "" for c in row["cells"]]
        sheet.append([row["name"] or whole, *cells])
    _finish(sheet, [28] + [14] * len(categories), none)

    sheet = _sheet(
        book,
        _("Changes"),
        _("What changed in the period"),
        [
            _("Municipality"),
            _("Activity"),
            _("Field of action"),
            _("Change"),
            _("Status before"),
            _("Status after"),
        ],
    )
    for r in view["changes"]:
        sheet.append(
            [
                r["municipality"] or whole,
                r["title"],
                r["category"],
                r["kind_label"],
                r["before_label"],
                r["after_label"],
            ]
        )
    _finish(sheet, [28, 36, 30, 16, 14, 14], none)

    sheet = _sheet(
        book,
        _("Questionnaires"),
        _("Questionnaire waves: key results"),
        [_("Wave"), _("Response rate (%)"), _("Question"), _("Answer"), _("Count")],
    )
    for wave in s["surveys"]["waves"]:
        for q in wave["key_results"]:
            for label, n in q["counts"]:
                sheet.append([wave["name"], wave["rate"], q["label"], label, n])
    _finish(sheet, [26, 12, 60, 14, 10], none)

    quotas = s["allocation"]
    sheet = _sheet(
        book,
        _("Allocation"),
        quotas["period"]["name"] if quotas else _("Allocation"),
        [
            _("Municipality"),
            _("Population"),
            _("Target"),
            _("Arrived"),
            _("Arrivals in the report period"),
            _("Remaining"),
            _("Fulfilment (%)"),
            _("Free places"),
            _("Staff FTE"),
            _("Persons per staff FTE"),
            _("More than free places"),
            _("Staff overloaded"),
        ],
    )
    for r in quotas["rows"] if quotas else []:
        sheet.append(
            [
                r["name"],
                r["population"],
                r["target"],
                r["arrived"],
                r["arrived_in_period"],
                r["remaining"],
                r["fulfilment"],
                r["free_places"],
                r["staff_fte"],
                r["per_fte"],
                r["housing_short"] or None,
                _("yes") if r["staff_overloaded"] else "",
            ]
        )
    _finish(sheet, [28] + [12] * 11, none)

    sheet = _sheet(
        book,
        _("Events"),
        _("Events held in the period"),
        [_("Date"), _("Event"), _("Kind"), _("Municipalities represented")],
    )
    for e in view["events"]:
        sheet.append([e["date"], e["title"], e["kind_label"], ", ".join(e["represented"])])
        sheet.cell(sheet.max_row, 1).number_format = "DD.MM.YYYY"
    _finish(sheet, [12, 40, 18, 60], none)

    sheet = _sheet(
        book,
        _("Measures"),
        _("Priorities and measures"),
        [
            _("Priority"),
            _("Measure"),
            _("Responsible"),
            _("Due"),
            _("Status"),
            _("Progress in percent"),
            _("Overdue"),
        ],
    )
    for p in view["priorities"]:
        for m in p["measures"]:
            sheet.append(
                [
                    p["title"],
                    m["title"],
                    m["responsible"],
                    m["due"],
                    m["status_label"],
                    m["progress"],
                    _("yes") if m["overdue"] else "",
                ]
            )
            sheet.cell(sheet.max_row, 4).number_format = "DD.MM.YYYY"
    _finish(sheet, [34, 40, 28, 12, 14, 12, 10], none)

    sheet = _sheet(
        book,
        _("Peer tandems"),
        _("Peer tandems"),
        [_("Helping municipality"), _("Municipality starting"), _("Field of action"), _("Status")],
    )
    for t in s["peers"]["rows"]:
        sheet.append([t["giver"], t["receiver"], t["field"], t["status_label"]])
    _finish(sheet, [30, 30, 30, 16], none)

    sheet = _sheet(
        book,
        _("Volunteering"),
        _("Volunteers in active activities"),
        [_("Municipality"), _("Active activities"), _("with volunteers"), _("Volunteers")],
    )
    for r in s["volunteering"]["rows"]:
        sheet.append([r["name"] or whole, r["activities"], r["with"], r["volunteers"]])
    _finish(sheet, [30, 16, 16, 14], none)

    sheet = _sheet(
        book,
        _("Sources"),
        _("Data sources"),
        [_("Title"), _("Attribution"), _("Licence"), _("Link")],
    )
    for source in s["sources"]:
        sheet.append([source["title"], source["attribution"], source["licence"], source["url"]])
    _finish(sheet, [50, 50, 40, 30], none)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
