"""From a snapshot to what the report template shows: dates as dates, codes as labels, charts
as geometry. Uses nothing but the snapshot, so an issued report renders the same forever
(apart from the translation of fixed labels).

One function per section of the report; `context` puts them together for `reports/_body.html`,
and the XLSX annex takes the same rows from them. The shapes below are the stored ones
(`shapes`) with what the page adds; where a stored ISO date becomes a date, they extend the
stored shape's `...Body`, since a TypedDict cannot change the type of a key it inherits."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NotRequired, TypedDict

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from teilhabe.actionplan.models import MeasureStatus
from teilhabe.allocation.models import NoticeStatus, Shortage
from teilhabe.engine.charts import BarChart, bar_chart
from teilhabe.events.models import EventKind
from teilhabe.inventory.display import SYMBOLS
from teilhabe.inventory.models import ActivityStatus
from teilhabe.reports import shapes

# Map shades by active activities: (upper bound, css class, fill, text colour); the last bound is
# open. Colours are SVG attributes rather than CSS, so WeasyPrint draws what the browser draws.
SHADES = [
    (0, "shade-0", "#F3F4F7", "#1A1A1A"),
    (2, "shade-1", "#C9D7EE", "#1A1A1A"),
    (4, "shade-2", "#86A6D8", "#1A1A1A"),
    (None, "shade-3", "#0B2F6B", "#FFFFFF"),
]


@dataclass(frozen=True)
class Issued:
    """What the report template needs to know about the report beyond its snapshot."""

    at: datetime.datetime | None = None  # None: a draft

    @property
    def is_issued(self) -> bool:
        return self.at is not None


DRAFT = Issued()


# --- what the page shows -------------------------------------------------------------------


class Facts(TypedDict):
    since: datetime.date | None
    until: datetime.date | None
    meeting_date: datetime.date | None
    generated_at: datetime.datetime
    population_date: datetime.date | None


class MatrixCell(shapes.CoverageCell):
    category: str
    symbol: str  # the status's shape, so the matrix does not rely on colour alone
    label: str


class MatrixRow(TypedDict):
    name: str
    cells: list[MatrixCell]


class Shade(TypedDict):
    shade: str  # css class
    fill: str
    text: str


class ShadedShape(shapes.MapShape, Shade):
    pass


class Coverage(TypedDict):
    matrix: list[MatrixRow]
    by_status: list[tuple[str, str, str, int]]  # code, symbol, label, activities
    statuses_present: list[tuple[str, int]]  # label, activities; only statuses that occur
    category_chart: BarChart | None
    map_shapes: list[ShadedShape]
    shade_legend: list[tuple[str, str]]  # fill, label


class Change(shapes.ChangeRow):
    kind_label: str
    before_label: str
    after_label: str


class Wave(shapes.WaveBody):
    opens: datetime.date | None
    closes: datetime.date | None


class Answer(TypedDict):
    label: str | int
    before: str | int
    after: str | int
    delta: str  # "+2", "-1", "±0"


class ComparisonRow(TypedDict):
    label: str
    answers: list[Answer]


class Comparison(TypedDict):
    earlier: str
    later: str
    rows: list[ComparisonRow]
    municipalities: list[str] | None  # like for like; None in reports issued before


class Surveys(TypedDict):
    waves: list[Wave]
    comparison: Comparison | None


class Period(shapes.PeriodBody):
    start: datetime.date | None
    end: datetime.date | None


class PlacedBatch(shapes.PlacedBatch):
    arrival: datetime.date | None


class Notice(shapes.Notice):
    since_date: datetime.date | None
    shortage_label: str
    status_label: str


class Allocation(TypedDict):
    period: Period | None
    fulfilment_chart: BarChart | None
    batches: NotRequired[list[PlacedBatch]]
    notices: NotRequired[list[Notice]]


class Event(shapes.EventBody):
    date: datetime.date | None
    kind_label: str


class Measure(shapes.MeasureBody):
    due: datetime.date | None
    status_label: str


class OverdueMeasure(Measure):
    priority: str


class Priority(TypedDict):
    title: str
    adopted_on: datetime.date | None
    measures: list[Measure]


class Network(TypedDict):
    events: list[Event]
    priorities: list[Priority]
    overdue: list[OverdueMeasure]


class Context(Facts, Coverage, Surveys, Allocation, Network):
    r: shapes.Snapshot
    issued: Issued
    changes: list[Change]


# --- helpers -------------------------------------------------------------------------------


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _label(choices: Any, code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def change_kind(kind: str) -> str:
    return {
        "new": _("new"),
        "ended": _("ended"),
        "status": _("status changed"),
        "moved": _("moved"),
        "removed": _("removed"),
    }.get(kind, kind)


def shade(active: int) -> Shade:
    for bound, css, fill, text in SHADES:
        if bound is None or active <= bound:
            return {"shade": css, "fill": fill, "text": text}
    raise AssertionError("the last shade has no bound")


def shade_legend() -> list[tuple[str, str]]:
    labels = [
        _("no active activity"),
        _("1–2 active activities"),
        _("3–4 active activities"),
        _("5 or more active activities"),
    ]
    return [(fill, label) for (_b, _c, fill, _t), label in zip(SHADES, labels, strict=True)]


def _chart(items: list[tuple[str, float]], label_width: float = 290) -> BarChart | None:
    return bar_chart(items, width=660, label_width=label_width) if items else None


# --- one function per section --------------------------------------------------------------


def context(snapshot: shapes.Snapshot, issued: Issued = DRAFT) -> Context:
    """The template context of the report body (`reports/_body.html`)."""
    s = snapshot
    return {
        "r": s,
        "issued": issued,
        **facts(s),
        **coverage(s["coverage"], s["map"]),
        "changes": changes(s["changes"]),
        **surveys(s["surveys"]),
        **allocation(s["allocation"]),
        **network(s["network"]),
    }


def facts(s: shapes.Snapshot) -> Facts:
    """The title block: period, meeting, and when the data was taken."""
    return {
        "since": _date(s["since"]),
        "until": _date(s["until"]),
        "meeting_date": _date(s["meeting_date"]),
        "generated_at": datetime.datetime.fromisoformat(s["generated_at"]),
        "population_date": _date(s["population_date"]),
    }


def matrix(found: shapes.Coverage) -> list[MatrixRow]:
    """Municipalities by fields of action, each cell with its status's symbol and label."""
    categories = found["categories"]
    return [
        {
            "name": row["name"],
            "cells": [
                {
                    **cell,
                    "category": categories[i]["label"],
                    "symbol": SYMBOLS.get(cell["best"] or "", ""),
                    "label": _label(ActivityStatus, cell["best"]),
                }
                for i, cell in enumerate(row["cells"])
            ],
        }
        for row in found["rows"]
    ]


def coverage(found: shapes.Coverage, shown: shapes.DistrictMap | None) -> Coverage:
    """The stock-take: the matrix, the statuses, the chart by field of action and the map."""
    by_status = [
        (code, SYMBOLS.get(code, ""), _label(ActivityStatus, code), n)
        for code, n in found["by_status"].items()
    ]
    active = zip(found["categories"], found["active_by_category"], strict=True)
    return {
        "matrix": matrix(found),
        "by_status": by_status,
        "statuses_present": [(label, n) for _code, _symbol, label, n in by_status if n],
        "category_chart": _chart([(c["label"], n) for c, n in active]),
        "map_shapes": [{**m, **shade(m["active"])} for m in shown["shapes"]] if shown else [],
        "shade_legend": shade_legend(),
    }


def changes(found: shapes.Changes) -> list[Change]:
    return [
        {
            **row,
            "kind_label": change_kind(row["kind"]),
            "before_label": _label(ActivityStatus, row["before"]),
            "after_label": _label(ActivityStatus, row["after"]),
        }
        for row in found["rows"]
    ]


def surveys(found: shapes.Surveys) -> Surveys:
    return {
        "waves": [
            {**w, "opens": _date(w["opens"]), "closes": _date(w["closes"])} for w in found["waves"]
        ],
        "comparison": _comparison(found["comparison"]),
    }


def _comparison(found: shapes.Comparison | None) -> Comparison | None:
    if not found:
        return None
    rows: list[ComparisonRow] = [
        {
            "label": row["label"],
            "answers": [
                {
                    "label": label,
                    "before": a,
                    "after": b,
                    "delta": _delta(a, b),
                }
                for label, a, b in row["counts"]
            ],
        }
        for row in found["rows"]
    ]
    return {
        "earlier": found["earlier"],
        "later": found["later"],
        "rows": rows,
        "municipalities": found.get("municipalities"),
    }


def _delta(before: str | int, after: str | int) -> str:
    """ "+2", "-1" or "±0". The counts are ints, stored in one list with the answer's label."""
    return f"{int(after) - int(before):+d}" if after != before else "±0"


def allocation(quotas: shapes.Allocation | None) -> Allocation:
    if not quotas:
        return {"period": None, "fulfilment_chart": None}
    p = quotas["period"]
    return {
        "period": {**p, "start": _date(p["start"]), "end": _date(p["end"])},
        "fulfilment_chart": _chart([(r["name"], r["fulfilment"] or 0) for r in quotas["rows"]]),
        "batches": [{**b, "arrival": _date(b["arrival_date"])} for b in quotas.get("batches", [])],
        "notices": [
            {
                **n,
                "amount": number_format(Decimal(n["amount"]).normalize(), force_grouping=True),
                "since_date": _date(n["since"]),
                "shortage_label": _label(Shortage, n["shortage"]),
                "status_label": _label(NoticeStatus, n["status"]),
            }
            for n in quotas.get("notices", [])
        ],
    }


def network(found: shapes.Network) -> Network:
    return {
        "events": [
            {**e, "date": _date(e["date"]), "kind_label": _label(EventKind, e["kind"])}
            for e in found["events"]
        ],
        "priorities": [
            {
                **p,
                "adopted_on": _date(p["adopted_on"]),
                "measures": [_measure(m) for m in p["measures"]],
            }
            for p in found["priorities"]
        ],
        "overdue": [{**_measure(m), "priority": m["priority"]} for m in found["overdue"]],
    }


def _measure(m: shapes.Measure) -> Measure:
    return {
        **m,
        "due": _date(m["due"]),
        "status_label": _label(MeasureStatus, m["status"]),
    }
