"""Network and workshop section: events held in the period and who was represented, the agreed
priorities with their measures and progress, and the measures overdue at the end of the period."""

import datetime

from teilhabe.actionplan import services as plan
from teilhabe.actionplan.models import Measure
from teilhabe.events import services as events
from teilhabe.events.models import Event
from teilhabe.regions.models import District
from teilhabe.reports import shapes


def _measure(m: Measure, late: bool) -> shapes.Measure:
    return {
        "title": m.title,
        "responsible": m.responsible,
        "municipalities": [x.name for x in m.municipalities.all()],
        "due": m.due.isoformat() if m.due else None,
        "status": m.status,
        "progress": m.progress,
        "overdue": late,
    }


def _events(district: District, since: datetime.date, until: datetime.date) -> list[shapes.Event]:
    held = list(
        Event.objects.filter(district=district, date__range=(since, until), cancelled=False)
        .order_by("date", "start_time", "pk")
        .prefetch_related("attendance")
    )
    represented = events.represented(held)
    return [
        {
            "date": event.date.isoformat(),
            "title": event.title,
            "kind": event.kind,
            "represented": [m.name for m in represented.get(event.pk, [])],
            "persons": sum(a.persons for a in event.attendance.all()),
        }
        for event in held
    ]


def _plan(
    district: District, until: datetime.date
) -> tuple[list[shapes.Priority], list[shapes.OverdueMeasure]]:
    """The priorities with their measures, and the measures overdue at the end of `until`."""
    priorities: list[shapes.Priority] = []
    overdue: list[shapes.OverdueMeasure] = []
    for priority, measures in plan.plan(district.pk):
        late = set(plan.overdue(measures, until))
        entries = [_measure(m, m in late) for m in measures]
        overdue += [{**entry, "priority": priority.title} for entry in entries if entry["overdue"]]
        priorities.append(
            {
                "title": priority.title,
                "adopted_on": priority.adopted_on.isoformat(),
                "measures": entries,
            }
        )
    return priorities, overdue


def network(district: District, since: datetime.date, until: datetime.date) -> shapes.Network:
    rows = _events(district, since, until)
    municipalities = list(district.municipalities.order_by("name").values_list("name", flat=True))
    seen = {name for row in rows for name in row["represented"]}
    priorities, overdue = _plan(district, until)
    return {
        "events": rows,
        "municipality_count": len(municipalities),
        "represented": sorted(seen),
        "not_represented": [n for n in municipalities if n not in seen] if rows else [],
        "priorities": priorities,
        "measures": sum(len(p["measures"]) for p in priorities),
        "overdue": overdue,
    }
