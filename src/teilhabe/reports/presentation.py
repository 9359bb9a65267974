"""From a snapshot to what the report template shows: dates as dates, codes as labels, charts
as geometry. Uses nothing but the snapshot, so an issued report renders the same forever
(apart from the translation of fixed labels)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from teilhabe.actionplan.models import MeasureStatus
from teilhabe.engine.charts import BarChart, bar_chart
from teilhabe.events.models import EventKind
from teilhabe.inventory.display import SYMBOLS
from teilhabe.inventory.models import ActivityStatus

# Map shades by active activities: (upper bound, css class, fill, text colour); the last bound is
# open. Colours are SVG attributes rather than CSS, so WeasyPrint draws what the browser draws.
SHADES = [
    (0, "shade-0", "#F3F4F7", "#1A1A1A"),
    (2, "shade-1", "#C9D7EE", "#1A1A1A"),
    (4, "shade-2", "#86A6D8", "#1A1A1A"),
    (None, "shade-3", "#0B2F6B", "#FFFFFF"),
]


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


def shade(active: int) -> dict[str, str]:
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


@dataclass(frozen=True)
class Issued:
    """What the report template needs to know about the report beyond its snapshot."""

    at: datetime.datetime | None = None  # None: a draft

    @property
    def is_issued(self) -> bool:
        return self.at is not None


DRAFT = Issued()


def _chart(items: list[tuple[str, float]], label_width: float = 290) -> BarChart | None:
    return bar_chart(items, width=660, label_width=label_width) if items else None


def context(snapshot: dict[str, Any], issued: Issued = DRAFT) -> dict[str, Any]:
    """The template context of the report body (`reports/_body.html`)."""
    s = snapshot
    coverage = s["coverage"]
    categories = coverage["categories"]
    matrix = [
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
        for row in coverage["rows"]
    ]
    changes = [
        {
            **row,
            "kind_label": change_kind(row["kind"]),
            "before_label": _label(ActivityStatus, row["before"]),
            "after_label": _label(ActivityStatus, row["after"]),
        }
        for row in s["changes"]["rows"]
    ]
    network = s["network"]
    events = [
        {**e, "date": _date(e["date"]), "kind_label": _label(EventKind, e["kind"])}
        for e in network["events"]
    ]
    priorities = [
        {
            **p,
            "adopted_on": _date(p["adopted_on"]),
            "measures": [_measure(m) for m in p["measures"]],
        }
        for p in network["priorities"]
    ]
    quotas = s["allocation"]
    fulfilment = (
        _chart([(r["name"], r["fulfilment"] or 0) for r in quotas["rows"]]) if quotas else None
    )
    by_status = [
        (code, SYMBOLS.get(code, ""), _label(ActivityStatus, code), n)
        for code, n in coverage["by_status"].items()
    ]
    present = [(label, n) for _code, _symbol, label, n in by_status if n]
    return {
        "r": s,
        "issued": issued,
        "since": _date(s["since"]),
        "until": _date(s["until"]),
        "meeting_date": _date(s["meeting_date"]),
        "generated_at": datetime.datetime.fromisoformat(s["generated_at"]),
        "population_date": _date(s["population_date"]),
        "matrix": matrix,
        "by_status": by_status,
        "statuses_present": present,
        "category_chart": _chart(
            [
                (c["label"], n)
                for c, n in zip(categories, coverage["active_by_category"], strict=True)
            ]
        ),
        "changes": changes,
        "waves": [
            {**w, "opens": _date(w["opens"]), "closes": _date(w["closes"])}
            for w in s["surveys"]["waves"]
        ],
        "comparison": _comparison(s["surveys"]["comparison"]),
        "events": events,
        "priorities": priorities,
        "overdue": [_measure(m) for m in network["overdue"]],
        "period": _period(quotas),
        "fulfilment_chart": fulfilment,
        "map_shapes": [{**shape, **shade(shape["active"])} for shape in s["map"]["shapes"]]
        if s["map"]
        else [],
        "shade_legend": shade_legend(),
    }


def _measure(m: dict[str, Any]) -> dict[str, Any]:
    return {**m, "due": _date(m["due"]), "status_label": _label(MeasureStatus, m["status"])}


def _period(quotas: dict[str, Any] | None) -> dict[str, Any] | None:
    if not quotas:
        return None
    p = quotas["period"]
    return {**p, "start": _date(p["start"]), "end": _date(p["end"])}


def _comparison(found: dict[str, Any] | None) -> dict[str, Any] | None:
    if not found:
        return None
    rows = [
        {
            "label": row["label"],
            "answers": [
                {
                    "label": label,
                    "before": a,
                    "after": b,
                    "delta": f"{b - a:+d}" if b != a else "±0",
                }
                for label, a, b in row["counts"]
            ],
        }
        for row in found["rows"]
    ]
    return {**found, "rows": rows}
