from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from teilhabe.allocation import queries, services
from teilhabe.allocation.models import AllocationPeriod, Arrival, ArrivalKind, Capacity
from teilhabe.api import access
from teilhabe.api.paging import Fields, Page, Paging, page_schema, paged
from teilhabe.api.schemas import (
    ArrivalIn,
    ArrivalOut,
    CapacityIn,
    CapacityOut,
    Day,
    PeriodOut,
    QuotaOut,
)
from teilhabe.core.scoping import require
from teilhabe.engine.apportionment import format_quota

router = Router(tags=["Allocation"])
ArrivalPage = page_schema(ArrivalOut, "ArrivalPage")


class ArrivalFilters(Paging):
    since: Day | None = None
    until: Day | None = None


def _period(p: AllocationPeriod) -> Fields:
    return {
        "id": p.pk,
        "name": p.name,
        "start": p.start,
        "end": p.end,
        "quota": p.quota,
        "method": p.method,
        "closed": p.closed_at is not None,
    }


@router.get(
    "/districts/{ags}/allocation-periods", response=list[PeriodOut], url_name="allocation-periods"
)
def periods(request: HttpRequest, ags: str) -> list[Fields]:
    district = access.district(request, ags)
    return [_period(p) for p in AllocationPeriod.objects.filter(district=district)]


def _get(request: HttpRequest, pk: int) -> AllocationPeriod:
    return access.scope(request).get(AllocationPeriod.objects.select_related("district"), pk=pk)


@router.get("/allocation-periods/{pk}", response=PeriodOut, url_name="allocation-period")
def period(request: HttpRequest, pk: int) -> Fields:
    return _period(_get(request, pk))


@router.get("/allocation-periods/{pk}/quotas", response=list[QuotaOut], url_name="quotas")
def quotas(request: HttpRequest, pk: int) -> list[Fields]:
    """Each municipality's quota: exact share, new, carried, credited, target, arrivals."""
    view = queries.period_view(_get(request, pk))
    return [
        {
            "municipality": r.municipality.ars,
            "population": r.line.population,
            "quota": format_quota(r.line.quota),
            "new": r.line.new,
            "carried": r.line.carried,
            "credited": r.line.credited,
            "target": r.line.target,
            "arrived": r.status.arrived,
            "remaining": r.status.remaining,
            "free_places": r.status.free_places,
        }
        for r in view.rows
    ]


def _arrival(a: Arrival) -> Fields:
    return {
        "id": a.pk,
        "municipality": a.municipality.ars,
        "date": a.date,
        "persons": a.persons,
        "households": a.households,
        "kind": a.kind,
        "counts_toward_quota": a.counts_toward_quota,
    }


@router.get("/municipalities/{ars}/arrivals", response=ArrivalPage, url_name="arrivals")
def arrivals(request: HttpRequest, ars: str, filters: Query[ArrivalFilters]) -> Page:
    """Counted arrivals (counts and household sizes only, never persons), by date."""
    m = access.municipality(request, ars)
    rows = Arrival.objects.filter(municipality=m).select_related("municipality")
    if filters.since:
        rows = rows.filter(date__gte=filters.since)
    if filters.until:
        rows = rows.filter(date__lte=filters.until)
    return paged(rows.order_by("date", "pk"), filters, _arrival)


@router.post("/municipalities/{ars}/arrivals", response={201: ArrivalOut}, url_name="arrivals")
def record_arrival(request: HttpRequest, ars: str, data: ArrivalIn) -> Status[Fields]:
    m = access.municipality(request, ars)
    require(access.scope(request).can_edit_municipality(m))
    if data.kind not in ArrivalKind.values:
        raise HttpError(422, f"kind must be one of {', '.join(ArrivalKind.values)}")
    return Status(201, _arrival(access.validated(lambda: services.record_arrival(m, data.dict()))))


def _capacity(c: Capacity) -> Fields:
    return {
        "municipality": c.municipality.ars,
        "date": c.date,
        "housing_total": c.housing_total,
        "housing_occupied": c.housing_occupied,
        "staff_fte": c.staff_fte,
    }


@router.get("/municipalities/{ars}/capacities", response=list[CapacityOut], url_name="capacities")
def capacities(request: HttpRequest, ars: str) -> list[Fields]:
    m = access.municipality(request, ars)
    return [
        _capacity(c)
        for c in Capacity.objects.filter(municipality=m)
        .select_related("municipality")
        .order_by("date")
    ]


@router.post("/municipalities/{ars}/capacities", response={201: CapacityOut}, url_name="capacities")
def record_capacity(request: HttpRequest, ars: str, data: CapacityIn) -> Status[Fields]:
    m = access.municipality(request, ars)
    require(access.scope(request).can_edit_municipality(m))
    return Status(
        201, _capacity(access.validated(lambda: services.record_capacity(m, data.dict())))
    )
