"""Assemble the snapshot of a status report: every figure, name and table it shows, as plain
JSON-serialisable data (its shape: `shapes.Snapshot`). Pages, the PDF and the XLSX annex are
rendered from this alone.

Texts taken from the data (names of fields of action, questions and answers) are read in the
installation's language, the language of the committee papers."""

import datetime
from collections.abc import Mapping

from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation

from teilhabe.regions.models import DataSource, District, PopulationFigure
from teilhabe.regions.queries import district_overview
from teilhabe.reports import shapes
from teilhabe.reports.sections import allocation, inventory, network, surveys

PEERS_APP = "teilhabe.peers"


def build(
    district: District,
    since: datetime.date,
    until: datetime.date,
    committee: str = "",
    meeting_date: datetime.date | None = None,
) -> shapes.Snapshot:
    """The snapshot of `district` for the days `since` to `until`, both included."""
    if until < since:
        raise ValueError("the period ends before it begins")
    with translation.override(settings.LANGUAGE_CODE):
        overview = district_overview(district)
        coverage = inventory.coverage(district, until)
        changes = inventory.changes(district, since, until)
        volunteering = inventory.volunteering(district, until)
        waves = surveys.waves(district.pk, since, until)
        quotas = allocation.allocation(district, since, until)
        events = network.network(district, since, until)
        sections: shapes.Sections = {
            "version": shapes.VERSION,
            "language": settings.LANGUAGE_CODE,
            "district": {"ags": district.ags, "name": district.name, "land": district.land},
            "committee": committee,
            "meeting_date": meeting_date.isoformat() if meeting_date else None,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "municipalities": [r.municipality.name for r in overview.rows],
            "population": overview.population_total,
            "population_date": _iso(overview.reference_date),
            "coverage": coverage,
            "changes": changes,
            "surveys": waves,
            "allocation": quotas,
            "network": events,
            "peers": peers(district, since, until),
            "volunteering": volunteering,
            "map": inventory.district_shapes(district, coverage["rows"]),
            "sources": sources(district),
        }
    return {**sections, "summary": summary(sections)}


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def peers(district: District, since: datetime.date, until: datetime.date) -> shapes.Peers:
    """Peer tandems, when the peers app is part of this installation."""
    if not apps.is_installed(PEERS_APP):
        return {"installed": False, "rows": []}
    from teilhabe.peers.queries import tandems_for_report

    rows = tandems_for_report(district, since, until)
    return {"installed": True, "rows": [_tandem(row) for row in rows]}


def _tandem(row: Mapping[str, object]) -> shapes.Tandem:
    def text(key: str) -> str:
        return str(row.get(key, ""))

    return {
        "giver": text("giver"),
        "receiver": text("receiver"),
        "field": text("field"),
        "status": text("status"),
        "status_label": text("status_label"),
    }


def sources(district: District) -> list[shapes.Source]:
    """The reference data behind the figures and the map, with the attribution they require."""
    used = set(
        PopulationFigure.objects.filter(municipality__district=district)
        .values_list("source_id", flat=True)
        .distinct()
    )
    found = list(DataSource.objects.filter(pk__in=used))
    if district.municipalities.filter(boundary__isnull=False).exists():
        found += list(DataSource.objects.filter(key="bkg-vg5000").exclude(pk__in=used))
    return [
        {"title": s.title, "attribution": s.attribution, "licence": s.licence, "url": s.url}
        for s in sorted(found, key=lambda s: s.key)
    ]


def summary(snapshot: shapes.Sections) -> shapes.Summary:
    """The figures of the first page, from the sections (so they always agree with them)."""
    coverage, quotas = snapshot["coverage"], snapshot["allocation"]
    waves = snapshot["surveys"]["waves"]
    events = snapshot["network"]
    return {
        "municipalities": len(snapshot["municipalities"]),
        "population": snapshot["population"],
        "activities": coverage["total"] - coverage["by_status"].get("ended", 0),
        "active": coverage["by_status"].get("active", 0),
        "without_activities": len(coverage["without_activities"]),
        "new": snapshot["changes"]["counts"]["new"],
        "ended": snapshot["changes"]["counts"]["ended"],
        "changes": len(snapshot["changes"]["rows"]),
        "response_rate": waves[-1]["rate"] if waves else None,
        "wave": waves[-1]["name"] if waves else "",
        "fulfilment": quotas["totals"]["fulfilment"] if quotas else None,
        "arrived_in_period": quotas["totals"]["arrived_in_period"] if quotas else None,
        "warnings": quotas["warnings"] if quotas else None,
        "events": len(events["events"]),
        "represented": len(events["represented"]),
        "measures": events["measures"],
        "overdue": len(events["overdue"]),
        "volunteers": snapshot["volunteering"]["total"],
        "tandems": len(snapshot["peers"]["rows"]) if snapshot["peers"]["installed"] else None,
    }
