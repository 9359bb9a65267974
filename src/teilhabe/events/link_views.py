"""Pages reached without an account: the invited person's personal link, and the calendar feed
(calendar programs cannot log in; the secret in the address is the key). Every invalid link
gets the same page, so nothing about an event leaks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import mailing
from teilhabe.core.links import LinkInvalid, hash_token
from teilhabe.core.scoping import Scope
from teilhabe.events import queries, services
from teilhabe.events.forms import RsvpForm
from teilhabe.events.models import CalendarFeed, Event, Invitation, Rsvp

ICS = "text/calendar; charset=utf-8"


def invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "events/link_invalid.html", status=404)


def by_token(token: str) -> Invitation | None:
    try:
        return services.invitation_for(token)
    except LinkInvalid:
        return None


@login_not_required
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    invitation = by_token(token)
    if invitation is None:
        return invalid_link(request)
    mailing.mark_opened(invitation)
    initial = {
        "rsvp": invitation.rsvp if invitation.rsvp != Rsvp.PENDING else None,
        "persons": invitation.persons or 1,
    }
    form = RsvpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.answer(invitation, form.cleaned_data["rsvp"], form.cleaned_data["persons"] or 0)
        messages.success(
            request, _("Thank you, your answer has been saved. You can change it here at any time.")
        )
        return redirect("events:rsvp", token=token)
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "form": form,
        "token": token,
        "proposals": event.proposals.select_related("municipality"),
    }
    return render(request, "events/rsvp.html", context)


@login_not_required
@require_GET
def rsvp_ical(request: HttpRequest, token: str) -> HttpResponse:
    invitation = by_token(token)
    if invitation is None:
        return invalid_link(request)
    event = invitation.event
    response = HttpResponse(queries.calendar(request, [event]), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="termin-{event.pk}.ics"'
    return response


@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    """Make (or replace) the user's personal feed address; shown once."""
    assert request.user.is_authenticated  # not a public page: the login middleware sees to it
    feed, _created = CalendarFeed.objects.get_or_create(
        user=request.user, defaults={"token_hash": "-"}
    )
    token = feed.new_token()
    feed.save()
    url = request.build_absolute_uri(reverse("events:feed", args=[token]))
    return render(request, "events/feed_created.html", {"url": url})


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    record = (
        CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    )
    if record is None or not record.user.is_active:
        return HttpResponse(status=404)
    scope = Scope.for_user(record.user)
    events = scope.filter(Event.objects.select_related("district")).order_by("date")
    return HttpResponse(queries.calendar(request, events, _("Teilhabe events")), content_type=ICS)
