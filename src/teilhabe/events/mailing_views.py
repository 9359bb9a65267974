"""Sending an event's invitations and reminders in one step, its automatic reminder dates,
the progress of a mailing and bounces recorded by hand. Coordinators of the event's district
only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from teilhabe.accounts.models import User
from teilhabe.core import mailing_views as shared
from teilhabe.core.mailing import MailingKind
from teilhabe.core.scoping import require, scope_of
from teilhabe.events import mailing
from teilhabe.events.forms import EventMailingForm
from teilhabe.events.models import Event, EventMailing, EventReminderDate, Invitation


def _managed_event(request: HttpRequest, pk: int) -> Event:
    event = scope_of(request).get(Event.objects.select_related("district"), pk=pk)
    require(scope_of(request).can_manage_district(event.district))
    return event


@require_POST
def event_send(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = EventMailingForm(request.POST, district=event.district)
    if not form.is_valid():
        messages.error(request, shared.first_error(form))
        return redirect("events:event-detail", pk=event.pk)
    data = form.cleaned_data
    user = request.user if isinstance(request.user, User) else None
    try:
        started = mailing.send(
            event, data["municipalities"], data["kind"], request.build_absolute_uri("/"), user
        )
    except mailing.MailingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        text = (
            _("Reminders to %(n)d recipients are being sent.")
            if started.kind == MailingKind.REMINDER
            else _("Invitations to %(n)d recipients are being sent.")
        )
        messages.success(request, text % {"n": started.total})
    return redirect("events:event-detail", pk=event.pk)


@require_GET
def mailing_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of one mailing: the fragment the event page polls while it runs."""
    found = scope_of(request).get(EventMailing.objects.select_related("event__district"), pk=pk)
    require(scope_of(request).can_manage_district(found.event.district))
    return shared.progress(request, found)


@require_POST
def reminder_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    shared.add_reminder_date(request, mailing.CAMPAIGN, event)
    return redirect("events:event-detail", pk=event.pk)


@require_POST
def reminder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    date = scope_of(request).get(EventReminderDate.objects.select_related("event__district"), pk=pk)
    require(scope_of(request).can_manage_district(date.event.district))
    date.delete()
    messages.success(request, _("The reminder date has been removed."))
    return redirect("events:event-detail", pk=date.event_id)


@require_POST
def invitation_bounce(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = scope_of(request).get(
        Invitation.objects.select_related("event__district", "municipality", "contact"), pk=pk
    )
    require(scope_of(request).can_manage_district(invitation.event.district))
    shared.record_bounce(request, invitation, str(invitation))
    return redirect("events:event-detail", pk=invitation.event_id)
