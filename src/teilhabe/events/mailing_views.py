"""Sending an event's invitations and reminders in one step, its automatic reminder dates,
the progress of a mailing and bounces recorded by hand. Coordinators of the event's district
only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from teilhabe.core import mailing_views as shared
from teilhabe.core.mailing import MailingKind
from teilhabe.events import mailing
from teilhabe.events.forms import EventMailingForm
from teilhabe.events.models import Event

VIEWS = shared.SendingViews(
    campaign=mailing.CAMPAIGN,
    owners=Event.objects.select_related("district"),
    district_of=lambda event: event.district,
    to_district="event__district",
    page=lambda event: reverse("events:event-detail", args=[event.pk]),
    form=lambda data, event: EventMailingForm(data, district=event.district),
    send=mailing.send,
    chosen="municipalities",
    texts={
        MailingKind.LINK: _("Invitations to %(n)d recipients are being sent."),
        MailingKind.REMINDER: _("Reminders to %(n)d recipients are being sent."),
    },
)
event_send, mailing_status, reminder_add, reminder_delete, invitation_bounce = VIEWS.views()
