"""Allocation section: the period running at the end of the report period, each municipality's
target, arrivals and capacity, with the overload warnings."""

import datetime
from fractions import Fraction

from django.db.models import Q, Sum

from teilhabe.allocation.models import AllocationPeriod, Arrival, OverloadNotice
from teilhabe.allocation.queries import Row, period_view
from teilhabe.placement.facts import percent
from teilhabe.placement.models import Batch, BatchStatus
from teilhabe.regions.models import District
from teilhabe.reports import shapes


def _period(district: District, until: datetime.date) -> AllocationPeriod | None:
    periods = AllocationPeriod.objects.filter(district=district, start__lte=until)
    return periods.filter(end__gte=until).first() or periods.order_by("-end").first()


def _percent(value: Fraction | float | None) -> int | None:
    return None if value is None else round(100 * value)


def _row(r: Row, arrived_in_period: int) -> shapes.AllocationRow:
    status = r.status
    return {
        "name": r.municipality.name,
        "population": r.line.population,
        "target": r.line.target,
        "arrived": status.arrived,
        "arrived_in_period": arrived_in_period,
        "remaining": status.remaining,
        "fulfilment": _percent(status.fulfilment),
        "free_places": status.free_places,
        "staff_fte": None if status.staff_fte is None else float(status.staff_fte),
        "per_fte": None if status.persons_per_fte is None else round(status.persons_per_fte),
        "housing_short": status.housing_short,
        "staff_overloaded": status.staff_overloaded,
        "exempt": r.exempt,
    }


def _about(period: AllocationPeriod) -> shapes.Period:
    return {
        "name": period.name,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "quota": period.quota,
        "method": period.get_method_display(),
        "staff_ratio_limit": period.staff_ratio_limit,
        "closed": period.is_closed,
    }


def _batches(period: AllocationPeriod, until: datetime.date) -> list[shapes.PlacedBatch]:
    """The period's batches confirmed up to `until`, with the comparison frozen with them."""
    found: list[shapes.PlacedBatch] = []
    batches = Batch.objects.filter(
        period=period, status=BatchStatus.CONFIRMED, confirmed_at__date__lte=until
    ).order_by("arrival_date", "pk")
    for batch in batches:
        outcome = batch.outcome or {}
        ours, theirs = outcome.get("proposal", {}), outcome.get("baseline", {})
        found.append(
            {
                "name": batch.name,
                "arrival_date": batch.arrival_date.isoformat(),
                "households": outcome.get("households", 0),
                "persons": outcome.get("persons", 0),
                "persons_placed": ours.get("persons", 0),
                "largest_shortfall": round(percent(ours.get("largest_shortfall", "0")), 1),
                "baseline_largest_shortfall": round(
                    percent(theirs.get("largest_shortfall", "0")), 1
                ),
                "empty_places": ours.get("empty_places", 0),
                "baseline_empty_places": theirs.get("empty_places", 0),
            }
        )
    return found


def _notices(district: District, until: datetime.date) -> list[shapes.Notice]:
    """Overload notices filed up to `until`, open ones first, each with its last answer."""
    notices = (
        OverloadNotice.objects.filter(municipality__district=district, filed_at__date__lte=until)
        .select_related("municipality")
        .prefetch_related("answers")
        .order_by("status", "municipality__name", "-since")
    )
    found: list[shapes.Notice] = []
    for notice in notices:
        answers = list(notice.answers.all())
        last = answers[-1] if answers else None
        found.append(
            {
                "municipality": notice.municipality.name,
                "shortage": notice.shortage,
                "amount": str(notice.amount),
                "since": notice.since.isoformat(),
                "status": notice.status,
                "answer": last.answer if last else "",
                "action": last.action if last else "",
            }
        )
    return found


def allocation(
    district: District, since: datetime.date, until: datetime.date
) -> shapes.Allocation | None:
    period = _period(district, until)
    if period is None:
        return None
    view = period_view(period, today=until)
    arrivals = Arrival.objects.filter(municipality__district=district, date__range=(since, until))
    in_period = dict(
        arrivals.filter(counts_toward_quota=True)
        .values_list("municipality_id")
        .annotate(n=Sum("persons"))
    )
    rows = [_row(r, in_period.get(r.municipality.pk, 0)) for r in view.rows]
    totals = view.totals
    counted = arrivals.aggregate(
        every=Sum("persons"), counted=Sum("persons", filter=Q(counts_toward_quota=True))
    )
    return {
        "batches": _batches(period, until),
        "notices": _notices(district, until),
        "period": _about(period),
        "rows": rows,
        "totals": {
            "target": totals["target"],
            "arrived": totals["arrived"],
            "remaining": totals["remaining"],
            "fulfilment": _percent(
                totals["arrived"] / totals["target"] if totals["target"] > 0 else None
            ),
            "arrived_in_period": counted["every"] or 0,
            "counted_in_period": counted["counted"] or 0,
        },
        "warnings": sum(1 for r in rows if r["housing_short"] or r["staff_overloaded"]),
    }
