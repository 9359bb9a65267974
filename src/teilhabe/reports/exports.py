"""The XLSX annex of a report: the tables behind it, one sheet each, from the snapshot alone.

One function per sheet, in the order of the workbook (`SHEETS`); the rows that the page shows
with labels come from the same functions of `presentation` as the page."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.core.tabular import writer
from teilhabe.reports import presentation, rendering, shapes

NONE = "–"


def _table(
    title: str, heading: str, columns: Sequence[tuple[str, int]], rows: Iterable[Sequence[Any]]
) -> writer.Sheet:
    """A sheet of the annex: its heading, a blank line, the table; a line when it is empty."""
    return writer.Sheet(
        title,
        [writer.Column(header, width, wrap=True) for header, width in columns],
        list(rows),
        above=[[heading], []],
        empty=_("No data for this period."),
    )


def _place(name: str) -> str:
    """A municipality's name; "" stands for what belongs to the whole district."""
    return name or _("whole district")


def _yes(value: bool) -> str:
    return _("yes") if value else ""


def _summary(s: shapes.Snapshot) -> writer.Sheet:
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
    rows = []
    for key, label in labels.items():
        value = s["summary"].get(key)
        rows.append([label, NONE if value is None else value])
    facts = presentation.facts(s)
    above: list[list[object]] = [
        [rendering.title(s)],
        [_("Period"), facts["since"], facts["until"]],
        [_("Data as of"), facts["generated_at"].replace(tzinfo=None)],
        [],
    ]
    columns = [writer.Column(_("Figure"), 46), writer.Column(_("Value"), 18), writer.Column("", 18)]
    return writer.Sheet(_("Report"), columns, rows, above=above)


def _coverage(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Coverage"),
        _("Coverage matrix: number of activities and best status"),
        [(_("Municipality"), 28), *((c["label"], 14) for c in s["coverage"]["categories"])],
        (
            [
                _place(row["name"]),
                *(f"{c['total']} ({c['label']})" if c["total"] else "" for c in row["cells"]),
            ]
            for row in presentation.matrix(s["coverage"])
        ),
    )


def _changes(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Changes"),
        _("What changed in the period"),
        [
            (_("Municipality"), 28),
            (_("Activity"), 36),
            (_("Field of action"), 30),
            (_("Change"), 16),
            (_("Status before"), 14),
            (_("Status after"), 14),
        ],
        (
            [
                _place(r["municipality"]),
                r["title"],
                r["category"],
                r["kind_label"],
                r["before_label"],
                r["after_label"],
            ]
            for r in presentation.changes(s["changes"])
        ),
    )


def _questionnaires(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Questionnaires"),
        _("Questionnaire waves: key results"),
        [
            (_("Wave"), 26),
            (_("Response rate (%)"), 12),
            (_("Question"), 60),
            (_("Answer"), 14),
            (_("Count"), 10),
        ],
        (
            [wave["name"], wave["rate"], q["label"], label, n]
            for wave in s["surveys"]["waves"]
            for q in wave["key_results"]
            for label, n in q["counts"]
        ),
    )


def _allocation(s: shapes.Snapshot) -> writer.Sheet:
    quotas = s["allocation"]
    return _table(
        _("Allocation"),
        quotas["period"]["name"] if quotas else _("Allocation"),
        [
            (_("Municipality"), 28),
            (_("Population"), 12),
            (_("Target"), 12),
            (_("Arrived"), 12),
            (_("Arrivals in the report period"), 12),
            (_("Remaining"), 12),
            (_("Fulfilment (%)"), 12),
            (_("Free places"), 12),
            (_("Staff FTE"), 12),
            (_("Persons per staff FTE"), 12),
            (_("More than free places"), 12),
            (_("Staff overloaded"), 12),
        ],
        (
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
                _yes(r["staff_overloaded"]),
            ]
            for r in (quotas["rows"] if quotas else [])
        ),
    )


def _events(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Events"),
        _("Events held in the period"),
        [
            (_("Date"), 12),
            (_("Event"), 40),
            (_("Kind"), 18),
            (_("Municipalities represented"), 60),
        ],
        (
            [e["date"], e["title"], e["kind_label"], ", ".join(e["represented"])]
            for e in presentation.network(s["network"])["events"]
        ),
    )


def _measures(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Measures"),
        _("Priorities and measures"),
        [
            (_("Priority"), 34),
            (_("Measure"), 40),
            (_("Responsible"), 28),
            (_("Due"), 12),
            (_("Status"), 14),
            (_("Progress in percent"), 12),
            (_("Overdue"), 10),
        ],
        (
            [
                p["title"],
                m["title"],
                m["responsible"],
                m["due"],
                m["status_label"],
                m["progress"],
                _yes(m["overdue"]),
            ]
            for p in presentation.network(s["network"])["priorities"]
            for m in p["measures"]
        ),
    )


def _tandems(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Peer tandems"),
        _("Peer tandems"),
        [
            (_("Helping municipality"), 30),
            (_("Municipality starting"), 30),
            (_("Field of action"), 30),
            (_("Status"), 16),
        ],
        ([t["giver"], t["receiver"], t["field"], t["status_label"]] for t in s["peers"]["rows"]),
    )


def _volunteering(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Volunteering"),
        _("Volunteers in active activities"),
        [
            (_("Municipality"), 30),
            (_("Active activities"), 16),
            (_("with volunteers"), 16),
            (_("Volunteers"), 14),
        ],
        (
            [_place(r["name"]), r["activities"], r["with"], r["volunteers"]]
            for r in s["volunteering"]["rows"]
        ),
    )


def _sources(s: shapes.Snapshot) -> writer.Sheet:
    return _table(
        _("Sources"),
        _("Data sources"),
        [(_("Title"), 50), (_("Attribution"), 50), (_("Licence"), 40), (_("Link"), 30)],
        (
            [source["title"], source["attribution"], source["licence"], source["url"]]
            for source in s["sources"]
        ),
    )


SHEETS: list[Callable[[shapes.Snapshot], writer.Sheet]] = [
    _summary,
    _coverage,
    _changes,
    _questionnaires,
    _allocation,
    _events,
    _measures,
    _tandems,
    _volunteering,
    _sources,
]


def annex_xlsx(s: shapes.Snapshot) -> bytes:
    return writer.xlsx_bytes([sheet(s) for sheet in SHEETS])
