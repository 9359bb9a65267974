"""Network and workshop section: events held in the period and who was represented, the agreed
priorities with their measures and progress, and the measures overdue at the end of the period."""

import datetime
from typing import Any

from teilhabe.actionplan import services as plan
from teilhabe.events import services as events
from teilhabe.events.models import Event
from teilhabe.regions.models import District


def network(district: District, since: datetime.date, until: datetime.date) -> dict[str, Any]:
    held = list(
        Event.objects.filter(district=district, date__range=(since, until), cancelled=False)
        .order_by("date", "start_time", "pk")
        .prefetch_related("attendance")
    )
    represented = events.represented(held)
    municipalities = list(district.municipalities.order_by("name").values_list("name", flat=True))
    seen: set[str] = set()
    rows = []
    for event in held:
        names = [m.name for m in represented.get(event.pk, [])]
        seen.update(names)
        rows.append(
            {
                "date": event.date.isoformat(),
                "title": event.title,
                "kind": event.kind,
                "represented": names,
                "persons": sum(a.persons for a in event.attendance.all()),
            }
        )
    priorities = []
    overdue = []
    for priority, measures in plan.plan(district.pk):
        late = set(plan.overdue(measures, until))
        entries = []
        for m in measures:
            entry = {
                "title": m.title,
                "responsible": m.responsible,
                "municipalities": [x.name for x in m.municipalities.all()],
                "due": m.due.isoformat() if m.due else None,
                "status": m.status,
                "progress": m.progress,
                "overdue": m in late,
            }
            entries.append(entry)
            if m in late:
                overdue.append({**entry, "priority": priority.title})
        priorities.append(
            {
                "title": priority.title,
                "adopted_on": priority.adopted_on.isoformat(),
                "measures": entries,
            }
        )
    return {
        "events": rows,
        "municipality_count": len(municipalities),
        "represented": sorted(seen),
        "not_represented": [n for n in municipalities if n not in seen] if rows else [],
        "priorities": priorities,
        "measures": sum(len(p["measures"]) for p in priorities),
        "overdue": overdue,
    }
