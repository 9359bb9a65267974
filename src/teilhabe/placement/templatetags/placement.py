"""Placement on the pages of the allocation period, without allocation importing placement:
`{% load placement %}{% period_batches period %}` lists the period's announced batches,
`{% municipality_placements period municipality %}` what its confirmed batches placed there
(on the page that computes the municipality's target)."""

from typing import Any

from django import template

from teilhabe.allocation.models import AllocationPeriod
from teilhabe.placement import reasons
from teilhabe.placement.models import AnnouncedHousehold, Batch, BatchStatus
from teilhabe.regions.models import Municipality

register = template.Library()


@register.inclusion_tag("placement/_period_batches.html")
def period_batches(period: AllocationPeriod) -> dict[str, Any]:
    batches = (
        Batch.objects.filter(period=period)
        .select_related("district")
        .prefetch_related("households")
        .order_by("arrival_date", "pk")
    )
    rows = []
    for batch in batches:
        households = list(batch.households.all())
        placed = [h for h in households if h.unit_id or h.municipality_id]
        rows.append(
            {
                "batch": batch,
                "households": len(households),
                "persons": sum(h.size for h in households),
                "placed_households": len(placed),
                "placed_persons": sum(h.size for h in placed),
            }
        )
    return {"period": period, "rows": rows}


@register.inclusion_tag("placement/_municipality_placements.html")
def municipality_placements(period: AllocationPeriod, municipality: Municipality) -> dict[str, Any]:
    placed = (
        AnnouncedHousehold.objects.filter(
            batch__period=period, batch__status=BatchStatus.CONFIRMED, municipality=municipality
        )
        .select_related("batch__district")
        .order_by("batch__arrival_date", "batch__pk", "position")
    )
    lines = [
        {
            "household": h,
            "unit": h.reason["unit"] if h.reason and h.reason["placed"] else "",
            "sentence": reasons.sentence(h.reason) if h.reason else "",
        }
        for h in placed
    ]
    return {"municipality": municipality, "lines": lines}
