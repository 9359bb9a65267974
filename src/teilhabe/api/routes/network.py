from django.http import HttpRequest
from ninja import Query, Router

from teilhabe.actionplan.models import Measure
from teilhabe.actionplan.services import plan
from teilhabe.api import access
from teilhabe.api.paging import Fields, Page, Paging, page_schema, paged
from teilhabe.api.schemas import (
    ContactOut,
    Day,
    EventOut,
    MeasureOut,
    OrganisationOut,
    PriorityOut,
    TandemOut,
)
from teilhabe.events.models import Event, Rsvp
from teilhabe.events.services import represented
from teilhabe.network.models import Contact, Organisation
from teilhabe.peers.models import Tandem

router = Router(tags=["Network, events, action plan, tandems"])
OrganisationPage = page_schema(OrganisationOut, "OrganisationPage")
ContactPage = page_schema(ContactOut, "ContactPage")
EventPage = page_schema(EventOut, "EventPage")
TandemPage = page_schema(TandemOut, "TandemPage")


class EventFilters(Paging):
    since: Day | None = None
    until: Day | None = None
    kind: str | None = None


@router.get("/districts/{ags}/organisations", response=OrganisationPage, url_name="organisations")
def organisations(request: HttpRequest, ags: str, paging: Query[Paging]) -> Page:
    district = access.district(request, ags)
    rows = Organisation.objects.filter(district=district).select_related("municipality")
    return paged(
        rows.order_by("name", "pk"),
        paging,
        lambda o: {
            "id": o.pk,
            "name": o.name,
            "kind": o.kind,
            "municipality": o.municipality.ars if o.municipality else None,
        },
    )


@router.get("/districts/{ags}/contacts", response=ContactPage, url_name="contacts")
def contacts(request: HttpRequest, ags: str, paging: Query[Paging]) -> Page:
    """Only contacts who agreed to be listed; e-mail and phone as on the web page."""
    district = access.district(request, ags)
    details = access.scope(request).can_contribute(district)
    rows = Contact.objects.listed().filter(district=district)
    return paged(
        rows.select_related("organisation", "municipality").order_by("name", "pk"),
        paging,
        lambda c: {
            "id": c.pk,
            "name": c.name,
            "role": c.role,
            "organisation": c.organisation.name if c.organisation else None,
            "municipality": c.municipality.ars if c.municipality else None,
            "designated": c.designated,
            "email": c.email if details else None,
            "phone": c.phone if details else None,
        },
    )


def _events(events: list[Event]) -> list[Fields]:
    present = represented(events)
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "title": e.title,
            "date": e.date,
            "start_time": e.start_time,
            "end_time": e.end_time,
            "place": e.place,
            "cancelled": e.cancelled,
            "invited": len(e.invitations.all()),
            "attending": sum(1 for i in e.invitations.all() if i.rsvp == Rsvp.YES),
            "municipalities_represented": [m.ars for m in present.get(e.pk, [])],
        }
        for e in events
    ]


@router.get("/districts/{ags}/events", response=EventPage, url_name="events")
def events(request: HttpRequest, ags: str, filters: Query[EventFilters]) -> Page:
    """Events, newest first; filter by date range and kind."""
    district = access.district(request, ags)
    rows = Event.objects.filter(district=district)
    if filters.since:
        rows = rows.filter(date__gte=filters.since)
    if filters.until:
        rows = rows.filter(date__lte=filters.until)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    page = paged(
        rows.prefetch_related("invitations").order_by("-date", "-pk"), filters, lambda e: e
    )
    page["results"] = _events(page["results"])
    return page


@router.get("/events/{pk}", response=EventOut, url_name="event")
def event(request: HttpRequest, pk: int) -> Fields:
    e = access.scope(request).get(Event.objects.prefetch_related("invitations"), pk=pk)
    return _events([e])[0]


def _measure(m: Measure) -> Fields:
    return {
        "id": m.pk,
        "title": m.title,
        "responsible": m.responsible,
        "due": m.due,
        "status": m.status,
        "progress": m.progress,
        "overdue": m.is_overdue(),
        "municipalities": [x.ars for x in m.municipalities.all()],
    }


@router.get("/districts/{ags}/priorities", response=list[PriorityOut], url_name="priorities")
def priorities(request: HttpRequest, ags: str) -> list[Fields]:
    """The action plan: priorities with their measures and progress."""
    district = access.district(request, ags)
    return [
        {
            "id": p.pk,
            "title": p.title,
            "adopted_on": p.adopted_on,
            "field_of_action": p.category.key if p.category else None,
            "measures": [_measure(m) for m in measures],
        }
        for p, measures in plan(district.pk)
    ]


@router.get("/measures/{pk}", response=MeasureOut, url_name="measure")
def measure(request: HttpRequest, pk: int) -> Fields:
    related = Measure.objects.prefetch_related("municipalities")
    return _measure(access.scope(request).get(related, pk=pk))


@router.get("/districts/{ags}/tandems", response=TandemPage, url_name="tandems")
def tandems(request: HttpRequest, ags: str, paging: Query[Paging]) -> Page:
    district = access.district(request, ags)
    rows = Tandem.objects.filter(district=district).select_related("giver", "receiver", "category")
    return paged(
        rows.order_by("pk"),
        paging,
        lambda t: {
            "id": t.pk,
            "giver": t.giver.ars,
            "receiver": t.receiver.ars,
            "field_of_action": t.category.key,
            "status": t.status,
            "outcome_activity": t.outcome_activity_id,
        },
    )
