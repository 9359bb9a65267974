"""Sending an event's invitations and reminders in one step, its automatic reminder dates,
the progress of a mailing and bounces recorded by hand. Coordinators of the event's district
only."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.core import mailing_views as shared
from teilhabe.core.mailing import MailingKind
from teilhabe.core.scoping import scope_of
from teilhabe.events import mailing
from teilhabe.events.forms import EventMailingForm
from teilhabe.events.models import Event


def _event(request: HttpRequest, pk: int) -> Event:
    event: Event = scope_of(request).get(Event.objects.select_related("district"), pk=pk)
    return event


def _form(data: Any, event: Event) -> EventMailingForm:
    return EventMailingForm(data, district=event.district)


VIEWS = shared.SendingViews(
    campaign=mailing.CAMPAIGN,
    find=_event,
    district_of=lambda event: event.district,
    to_district="event__district",
    page=lambda event: reverse("events:event-detail", args=[event.pk]),
    form=_form,
    send=mailing.send,
    chosen="municipalities",
    texts={
        MailingKind.LINK: _("Invitations to %(n)d recipients are being sent."),
        MailingKind.REMINDER: _("Reminders to %(n)d recipients are being sent."),
    },
)
event_send, mailing_status, reminder_add, reminder_delete, invitation_bounce = VIEWS.views()
