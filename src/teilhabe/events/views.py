"""Pages of events for the district's members; personal-link pages are in link_views."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core import links
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.forms import EmailForm
from teilhabe.core.mailing import skipped
from teilhabe.core.mailing_views import ReminderDateForm
from teilhabe.core.scoping import require, scope_of
from teilhabe.events import mailing, queries, services
from teilhabe.events.forms import (
    AttendanceForm,
    EventFileForm,
    EventForm,
    EventMailingForm,
    InviteForm,
)
from teilhabe.events.models import Event, EventFile, Invitation

ICS = "text/calendar; charset=utf-8"


def _event(request: HttpRequest, pk: int) -> Event:
    return scope_of(request).get(Event.objects.select_related("district"), pk=pk)


def _managed_event(request: HttpRequest, pk: int) -> Event:
    event = _event(request, pk)
    require(scope_of(request).can_manage_district(event.district))
    return event


@require_GET
def event_list(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    events = list(Event.objects.filter(district=district).prefetch_related("invitations"))
    today = timezone.localdate()
    represented = services.represented(events)
    rows = [
        (e, queries.rsvp_summary(e.invitations.all()), represented.get(e.pk, [])) for e in events
    ]
    context = {
        "district": district,
        "upcoming": [r for r in rows if r[0].date >= today][::-1],
        "past": [r for r in rows if r[0].date < today],
        "can_manage": scope_of(request).can_manage_district(district),
        "municipality_count": district.municipalities.count(),
    }
    return render(request, "events/event_list.html", context)


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    form = EventForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        event = services.create_event(district, form.cleaned_data)
        messages.success(request, _("The event has been created. Now invite the participants."))
        return redirect("events:invite", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"district": district, "form": form, "title": _("New event")},
    )


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = EventForm(request.POST or None, instance=event, district=event.district)
    if request.method == "POST" and form.is_valid():
        services.update_event(event, form.cleaned_data)
        messages.success(request, _("The event has been saved."))
        return redirect("events:event-detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {"district": event.district, "form": form, "title": event.title, "event": event},
    )


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    scope = scope_of(request)
    invitations = list(event.invitations.select_related("municipality", "contact"))
    attendance = list(event.attendance.select_related("municipality").order_by("municipality"))
    context = {
        "event": event,
        "district": event.district,
        "invitations": invitations,
        "summary": queries.rsvp_summary(invitations),
        "attendance": attendance,
        "attending_persons": sum(a.persons for a in attendance),
        "municipality_count": event.district.municipalities.count(),
        "files": event.files.all(),
        "file_form": EventFileForm(),
        "proposal_count": event.proposals.count(),
        "can_manage": scope.can_manage_district(event.district),
        "show_details": scope.can_contribute(event.district),
    }
    if context["can_manage"]:
        context |= _sending(event)
    return render(request, "events/event_detail.html", context)


def _sending(event: Event) -> dict[str, object]:
    """What the coordinators' part of the page shows about sending."""
    last = event.mailings.first()
    return {
        "mailing": last,
        "skipped": skipped(mailing.CAMPAIGN, last) if last else [],
        "reminder_dates": event.reminder_dates.all(),
        "reminder_form": ReminderDateForm(),
        "send_form": EventMailingForm(district=event.district),
        "municipalities": event.district.municipalities.order_by("name"),
        "closed": event.cancelled or event.date < timezone.localdate(),
    }


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = InviteForm(request.POST or None, district=event.district)
    if request.method == "POST" and form.is_valid():
        try:
            tokens = services.invite(
                event, form.cleaned_data["contacts"], form.cleaned_data["all_municipalities"]
            )
        except services.NoConsent as refused:
            # The names are not repeated: a contact without consent is shown nowhere.
            form.add_error(
                "contacts",
                _(
                    "%(n)s of the chosen contacts have no recorded consent and cannot be "
                    "invited. Nobody has been invited."
                )
                % {"n": len(refused.contacts)},
            )
        else:
            if not tokens:
                messages.info(request, _("Everyone chosen had already been invited."))
                return redirect("events:event-detail", pk=event.pk)
            return render(
                request,
                "events/links.html",
                {"event": event, "links": queries.links(request, tokens)},
            )
    return render(
        request, "events/invite.html", {"event": event, "district": event.district, "form": form}
    )


def _invitation(request: HttpRequest, pk: int) -> Invitation:
    related = Invitation.objects.select_related("event__district", "municipality", "contact")
    invitation = scope_of(request).get(related, pk=pk)
    require(scope_of(request).can_manage_district(invitation.event.district))
    return invitation


REVOKE = Question(
    gettext_lazy("Revoke the link for %(name)s?"),
    gettext_lazy("The personal link stops working at once. Replies given so far are kept."),
    gettext_lazy("Revoke link"),
)
RENEW = Question(
    gettext_lazy("Create a new link for %(name)s?"),
    gettext_lazy(
        "The current personal link stops working at once; only the new link works from now on. "
        "Replies given so far are kept."
    ),
    gettext_lazy("Create new link"),
)


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    back = reverse("events:event-detail", args=[invitation.event_id])
    if page := ask_first(request, REVOKE, back, name=invitation):
        return page
    links.revoke(invitation)
    messages.success(request, _("The link no longer works."))
    return redirect("events:event-detail", pk=invitation.event_id)


@require_POST
def invitation_renew(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    back = reverse("events:event-detail", args=[invitation.event_id])
    if page := ask_first(request, RENEW, back, name=invitation):
        return page
    token = links.renew(invitation)
    shown = queries.links(request, {invitation.pk: token})
    return render(request, "events/links.html", {"event": invitation.event, "links": shown})


@require_POST
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation(request, pk)
    form = EmailForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        services.send_invitation(invitation, email, request.build_absolute_uri("/"))
        messages.success(
            request, _("The invitation is being sent to %(email)s.") % {"email": email}
        )
    else:
        messages.error(request, _("Please enter a valid e-mail address."))
    return redirect("events:event-detail", pk=invitation.event_id)


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick the municipalities represented on the day, with how many people came."""
    event = _managed_event(request, pk)
    municipalities = list(event.district.municipalities.order_by("name"))
    recorded = dict(event.attendance.values_list("municipality_id", "persons"))
    if not recorded:  # start from the answers given
        for i in event.invitations.filter(rsvp="yes").exclude(municipality=None):
            m = i.municipality_id
            assert m is not None  # excluded by the query
            recorded[m] = recorded.get(m, 0) + i.persons
    data = request.POST if request.method == "POST" else None  # nothing ticked is an answer too
    form = AttendanceForm(data, municipalities=municipalities)
    if form.is_valid():
        chosen = form.attendance()
        services.record_attendance(event, chosen)
        messages.success(
            request,
            _("Attendance recorded: %(n)s of %(total)s municipalities represented.")
            % {"n": len(chosen), "total": len(municipalities)},
        )
        return redirect("events:event-detail", pk=event.pk)
    errors = form.errors_by_municipality()
    shown: dict[int, int | str] = dict(recorded)
    if form.is_bound:  # show what was typed
        shown = {
            m.pk: request.POST.get(f"persons-{m.pk}", "")
            for m in municipalities
            if request.POST.get(f"present-{m.pk}")
        }
    rows = [(m, m.pk in shown, shown.get(m.pk, 1), errors.get(m.pk)) for m in municipalities]
    return render(
        request,
        "events/attendance.html",
        {"event": event, "district": event.district, "rows": rows, "errors": errors},
    )


@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_event(request, pk)
    form = EventFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_file(
                event, form.cleaned_data["file"], form.cleaned_data["title"], request.user
            )
        except services.FileRefused as refused:
            text = {
                "type": _(
                    "This kind of file is not accepted. Please upload PDF, office "
                    "documents or images."
                ),
                "size": _("The file is larger than 20 MB."),
            }[refused.code]
            messages.error(request, text)
        else:
            messages.success(request, _("The file has been added."))
    else:
        messages.error(request, _("Please choose a file."))
    return redirect("events:event-detail", pk=event.pk)


@require_GET
def file_download(request: HttpRequest, pk: int) -> FileResponse:
    record = scope_of(request).get(EventFile.objects.select_related("event"), pk=pk)
    name = (record.file.name or "").rsplit("/", 1)[-1].split("-", 1)[-1]
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=name)


@require_GET
def event_ical(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    response = HttpResponse(queries.calendar(request, [event]), content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="termin-{event.pk}.ics"'
    return response
