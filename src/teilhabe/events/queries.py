"""Reads of events for the pages and the calendar."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from teilhabe.engine import ical
from teilhabe.events.models import Event, Invitation, Rsvp


@dataclass(frozen=True)
class RsvpSummary:
    invited: int
    yes: int
    no: int
    pending: int
    persons: int
    municipalities_yes: int


def rsvp_summary(invitations: Iterable[Invitation]) -> RsvpSummary:
    rows = list(invitations)
    counts = Counter(i.rsvp for i in rows)
    return RsvpSummary(
        invited=len(rows),
        yes=counts[Rsvp.YES],
        no=counts[Rsvp.NO],
        pending=counts[Rsvp.PENDING],
        persons=sum(i.persons for i in rows if i.rsvp == Rsvp.YES),
        municipalities_yes=len(
            {i.municipality_id for i in rows if i.rsvp == Rsvp.YES and i.municipality_id}
        ),
    )


def links(request: HttpRequest, tokens: dict[int, str]) -> list[tuple[Invitation, str]]:
    """The new personal links, absolute; shown once after they are made."""
    invitations = Invitation.objects.filter(pk__in=tokens).select_related("municipality", "contact")
    return [
        (i, request.build_absolute_uri(reverse("events:rsvp", args=[tokens[i.pk]])))
        for i in invitations
    ]


def calendar_event(event: Event, url: str, *, with_agenda: bool = True) -> ical.CalendarEvent:
    """An event for a calendar file; the public directory's leaves the (internal) agenda out."""
    start: datetime.datetime | datetime.date = event.date
    end: datetime.datetime | datetime.date | None = None
    if event.start_time:
        start = datetime.datetime.combine(event.date, event.start_time)
        end = (
            datetime.datetime.combine(event.date, event.end_time)
            if event.end_time
            else start + datetime.timedelta(hours=2)
        )
    stamp = timezone.now().astimezone(datetime.UTC)
    return ical.CalendarEvent(
        uid=f"event-{event.pk}@teilhabe",
        title=event.title,
        start=start,
        end=end,
        location=event.place,
        description=event.agenda if with_agenda else "",
        url=url,
        stamp=stamp,
        cancelled=event.cancelled,
    )


def calendar(request: HttpRequest, events: Iterable[Event], name: str = "") -> str:
    return ical.calendar(
        [
            calendar_event(
                e, request.build_absolute_uri(reverse("events:event-detail", args=[e.pk]))
            )
            for e in events
        ],
        name,
    )
