"""Sending an event's invitations to all or some municipalities in one step, reminders to
those who have not answered (by hand or on the event's reminder dates), and what became of each
mail: sent, reminded, opened, answered, delivery failed. The mechanism is shared
(`teilhabe.core.mailing`); this module says what is particular to an event."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.core import mailing as shared
from teilhabe.core.mailing import MailingKind, MailingRefused
from teilhabe.events import services, tasks
from teilhabe.events.models import Event, EventMailing, EventReminderDate, Invitation, Rsvp
from teilhabe.regions.models import Municipality

__all__ = ["MailingRefused"]


def require_open(event: Event, today: datetime.date) -> None:
    """Nothing is sent for a cancelled event or one whose day has passed."""
    values = {"title": event.title, "date": f"{event.date:%d.%m.%Y}"}
    if event.cancelled:
        raise MailingRefused(
            _("The event “%(title)s” has been cancelled: nothing has been sent.") % values
        )
    if today > event.date:
        raise MailingRefused(
            _("The event “%(title)s” took place on %(date)s: nothing has been sent.") % values
        )


def last_day(event: Event) -> datetime.date:
    """The last day a reminder makes sense: the answer deadline, else the day itself."""
    return min(event.rsvp_until, event.date) if event.rsvp_until else event.date


def _answered(rows: "models.QuerySet[Invitation]") -> "models.QuerySet[Invitation]":
    return rows.exclude(rsvp=Rsvp.PENDING)


def _sendable(invitation: Invitation) -> bool:
    contact = invitation.contact
    return invitation.revoked_at is None and (contact is None or contact.erased_at is None)


CAMPAIGN = shared.Campaign(
    name="events",
    mailing=EventMailing,
    reminder_date=EventReminderDate,
    owner_field="event",
    rows=lambda: Invitation.objects.select_related("event", "municipality", "contact"),
    answered=_answered,
    sendable=_sendable,
    deliver=tasks.deliver,
    require_open=require_open,
    last_day=last_day,
    last_day_message=lambda event: (
        _("A reminder date must lie between today and the last day to answer (%(date)s).")
        % {"date": f"{last_day(event):%d.%m.%Y}"}
    ),
    order_by=("municipality__name", "pk"),
).register()


@transaction.atomic
def send(
    event: Event,
    municipalities: Iterable[Municipality],
    kind: str,
    base_url: str,
    by: Any = None,
) -> EventMailing:
    """Invite the chosen municipalities (their designated contacts, or the municipality
    itself) where not yet invited, and send all their invitations – or remind those who have
    not answered – in one background task. Raises MailingRefused, with nothing written, for a
    cancelled or past event or when nobody is left to mail."""
    require_open(event, timezone.localdate())
    chosen = [m.pk for m in municipalities if m.district_id == event.district_id]
    if kind == MailingKind.LINK:
        services.invite(event, all_municipalities=True, only=set(chosen))
    rows = CAMPAIGN.rows().filter(event=event, municipality__in=chosen)
    started = shared.start(CAMPAIGN, event, rows, kind, base_url, by)
    assert isinstance(started, EventMailing)
    return started
