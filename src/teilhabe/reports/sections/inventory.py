"""Stock-take sections: the coverage matrix at the end of the period, what changed in it, the
district map coloured by active activities, and the volunteering figures."""

import datetime

from django.db.models import Count, Q, Sum

from teilhabe.inventory import queries
from teilhabe.inventory.models import ActivityStatus
from teilhabe.regions.models import District
from teilhabe.regions.queries import district_map
from teilhabe.reports import shapes


def coverage(district: District, until: datetime.date) -> shapes.Coverage:
    """Municipalities x fields of action as of the end of `until`: best status and count."""
    found = queries.matrix(district, queries.Filters(as_of=until))
    categories: list[shapes.Category] = [{"key": c.key, "label": c.label} for c in found.categories]
    rows: list[shapes.CoverageRow] = []
    active = [0] * len(found.categories)
    by_status = dict.fromkeys(ActivityStatus.values, 0)
    for m, cells in found.rows:
        for column, (_category, cell) in enumerate(cells):
            active[column] += cell.counts.get("active", 0)
            for status, n in cell.counts.items():
                by_status[status] += n
        rows.append(
            {
                "name": m.name if m else "",
                "cells": [{"best": cell.best, "total": cell.total} for _c, cell in cells],
                "active": sum(cell.counts.get("active", 0) for _c, cell in cells),
            }
        )
    uncovered = [r["name"] for r in rows if r["name"] and not any(c["total"] for c in r["cells"])]
    return {
        "categories": categories,
        "rows": rows,
        "active_by_category": active,
        "by_status": by_status,
        "total": found.total,
        "without_activities": uncovered,
    }


def changes(district: District, since: datetime.date, until: datetime.date) -> shapes.Changes:
    """What changed from the start of `since` to the end of `until`."""
    groups = queries.changes_between(district, since - datetime.timedelta(days=1), until)
    rows: list[shapes.ChangeRow] = [
        {
            "municipality": row.municipality,
            "title": row.title,
            "category": row.category,
            "kind": str(row.change.kind),
            "before": row.before_status,
            "after": row.after_status,
        }
        for group in groups.values()
        for row in group
    ]
    summary = queries.change_summary(groups)
    counts: shapes.ChangeCounts = {
        "new": summary.get("new", 0),
        "ended": summary.get("ended", 0),
        "status": summary.get("status", 0),
        "moved": summary.get("moved", 0),
        "removed": summary.get("removed", 0),
    }
    return {"counts": counts, "rows": rows}


def volunteering(district: District, until: datetime.date) -> shapes.Volunteering:
    """Volunteers involved in the activities that were active at the end of the period."""
    active = queries.activities(
        district, queries.Filters(statuses=(ActivityStatus.ACTIVE,), as_of=until)
    )
    per_place = {
        m: (v or 0, n, w)
        for m, v, n, w in active.order_by()
        .values_list("municipality_id")
        .annotate(
            v=Sum("volunteers"),
            n=Count("*"),
            w=Count("pk", filter=Q(volunteers__gt=0)),
        )
    }
    names = dict(district.municipalities.values_list("pk", "name"))
    rows: list[shapes.VolunteeringRow] = [
        {"name": names.get(m, "") if m else "", "volunteers": v, "activities": n, "with": w}
        for m, (v, n, w) in per_place.items()
    ]
    rows.sort(key=lambda r: (r["name"] == "", r["name"]))
    in_field = active.filter(category__key="volunteering").count()
    return {
        "total": sum(r["volunteers"] for r in rows),
        "activities": sum(r["activities"] for r in rows),
        "with_volunteers": sum(r["with"] for r in rows),
        "volunteering_activities": in_field,
        "rows": rows,
    }


def district_shapes(
    district: District, rows: list[shapes.CoverageRow]
) -> shapes.DistrictMap | None:
    """The map as drawn (paths and label points), with the active activities per municipality.

    Stored in the snapshot, so a later change of the reference boundaries leaves an issued
    report's map as it was."""
    layout = district_map(district)
    if layout is None:
        return None
    active = {r["name"]: r["active"] for r in rows}
    return {
        "view_box": layout.view_box,
        "width": layout.width,
        "height": layout.height,
        "shapes": [
            {
                "key": s.key,
                "label": s.label,
                "path": s.path,
                "x": s.label_x,
                "y": s.label_y,
                "active": active.get(s.label, 0),
            }
            for s in layout.shapes
        ],
    }
