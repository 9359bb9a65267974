"""Peer start-up help: gaps, suggestions with reasons, tandems."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.core.mailing import skipped
from teilhabe.core.mailing_views import ReminderDateForm
from teilhabe.core.scoping import require, scope_of
from teilhabe.inventory.models import ActivityStatus, Category
from teilhabe.peers import mailing, queries, reasons, services
from teilhabe.peers.forms import NoteForm, OutcomeForm, TandemForm, WeightsForm
from teilhabe.peers.models import ScoringWeights, Tandem, TandemStatus
from teilhabe.regions.models import Municipality
from teilhabe.regions.queries import district_map

REFUSED = {
    "same_municipality": gettext_noop("A municipality cannot be its own tandem partner."),
    "other_district": gettext_noop(
        "Both municipalities and the field must belong to the same district."
    ),
    "activity_not_offered": gettext_noop(
        "The activity must be an active one of the helping municipality."
    ),
    "exists": gettext_noop("This tandem has already been proposed."),
    "not_proposed": gettext_noop("Only a proposed tandem can be confirmed."),
    "transition": gettext_noop("This change of status is not possible."),
    "outcome_elsewhere": gettext_noop("The activity must be one of the receiving municipality."),
}


def _refused(request: HttpRequest, error: services.TandemRefused) -> None:
    messages.error(request, _(REFUSED.get(error.code, gettext_noop("This is not possible."))))


def _municipality(request: HttpRequest, ars: str) -> Municipality:
    return scope_of(request).get(Municipality.objects.select_related("district"), ars=ars)


@require_GET
def overview(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    gaps = queries.gaps(district)
    municipalities = list(district.municipalities.order_by("name"))
    rows = [(m, gaps[m.pk], sum(1 for g in gaps[m.pk] if g.need)) for m in municipalities]
    tandems = list(queries.tandems(district))
    layout = district_map(district)
    points = {s.key: (s.label_x, s.label_y) for s in layout.shapes} if layout else {}
    edges = [
        (t, points[t.giver.ars], points[t.receiver.ars])
        for t in tandems
        if t.status != TandemStatus.CANCELLED and t.giver.ars in points and t.receiver.ars in points
    ]
    context = {
        "district": district,
        "rows": rows,
        "tandems": tandems,
        "map": layout,
        "edges": edges,
        "categories": Category.objects.filter(district=district).count(),
        "can_manage": scope_of(request).can_manage_district(district),
    }
    if context["can_manage"]:
        last = district.tandem_mailings.first()
        context |= {
            "mailing": last,
            "skipped": skipped(mailing.CAMPAIGN, last) if last else [],
            "proposed": [t for t in tandems if t.status == TandemStatus.PROPOSED],
            "reminder_dates": district.tandem_reminder_dates.all(),
            "reminder_form": ReminderDateForm(),
        }
    return render(request, "peers/overview.html", context)


@require_GET
def municipality(request: HttpRequest, ars: str) -> HttpResponse:
    place = _municipality(request, ars)
    context = {
        "municipality": place,
        "district": place.district,
        "offers": queries.offers(place),
        "gaps": queries.gaps(place.district)[place.pk],
        "status_labels": dict(ActivityStatus.choices),
        "tandems": queries.tandems(place.district).filter(
            pk__in=Tandem.objects.filter(giver=place)
            .values("pk")
            .union(Tandem.objects.filter(receiver=place).values("pk"))
        ),
    }
    return render(request, "peers/municipality.html", context)


@require_GET
def suggestions(request: HttpRequest, ars: str, category: int) -> HttpResponse:
    place = _municipality(request, ars)
    field = scope_of(request).get(Category.objects.filter(district=place.district), pk=category)
    offers = queries.suggestions(place, field, timezone.localdate())
    rows = [(o, [(r, reasons.describe(r)) for r in o.suggestion.reasons]) for o in offers]
    need = queries.stated_needs(place.district).get((place.pk, field.key), "")
    context = {
        "municipality": place,
        "district": place.district,
        "category": field,
        "rows": rows,
        "need": need,
        "weights": queries.weights(place.district),
        "can_manage": scope_of(request).can_manage_district(place.district),
    }
    return render(request, "peers/suggestions.html", context)


@require_POST
def tandem_create(request: HttpRequest, ars: str, category: int) -> HttpResponse:
    receiver = _municipality(request, ars)
    require(scope_of(request).can_manage_district(receiver.district))
    scope = scope_of(request)
    field = scope.get(Category.objects.filter(district=receiver.district), pk=category)
    form = TandemForm(request.POST, receiver=receiver)
    if not form.is_valid():
        messages.error(request, _("Please choose the helping municipality from the list."))
        return redirect("peers:suggestions", ars=ars, category=category)
    giver, activity = form.cleaned_data["giver"], form.cleaned_data["activity"]
    try:
        tandem = services.propose(receiver, field, giver, activity, request.user)
    except services.TandemRefused as refused:
        _refused(request, refused)
        return redirect("peers:suggestions", ars=ars, category=category)
    messages.success(
        request, _("The tandem has been proposed. Both municipalities can now confirm it.")
    )
    return redirect("peers:tandem-detail", pk=tandem.pk)


def _tandem(request: HttpRequest, pk: int) -> Tandem:
    related = Tandem.objects.select_related(
        "district", "giver", "receiver", "category", "giver_activity", "outcome_activity"
    )
    return scope_of(request).get(related, pk=pk)


@require_GET
def tandem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tandem = _tandem(request, pk)
    scope = scope_of(request)
    mailing.mark_opened(tandem, scope.edited)
    context = {
        "tandem": tandem,
        "requests": tandem.requests.select_related("municipality"),
        "district": tandem.district,
        "notes": tandem.notes.select_related("author"),
        "note_form": NoteForm(initial={"date": timezone.localdate()}),
        "outcome_form": OutcomeForm(tandem=tandem),
        "next": sorted(services.NEXT[TandemStatus(tandem.status)]),
        "statuses": dict(TandemStatus.choices),
        "can_manage": scope.can_manage_district(tandem.district),
        "can_confirm_giver": scope.can_edit_municipality(tandem.giver),
        "can_confirm_receiver": scope.can_edit_municipality(tandem.receiver),
    }
    return render(request, "peers/tandem_detail.html", context)


@require_POST
def tandem_confirm(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    tandem = _tandem(request, pk)
    where = {"giver": tandem.giver, "receiver": tandem.receiver}.get(side)
    if where is None:  # neither side of a tandem
        raise PermissionDenied
    require(scope_of(request).can_edit_municipality(where))
    try:
        tandem = services.confirm(tandem, side)
        messages.success(request, _("Confirmed for %(name)s.") % {"name": where.name})
    except services.TandemRefused as refused:
        _refused(request, refused)
    return redirect("peers:tandem-detail", pk=pk)


def _managed(request: HttpRequest, pk: int) -> Tandem:
    tandem = _tandem(request, pk)
    require(scope_of(request).can_manage_district(tandem.district))
    return tandem


@require_POST
def tandem_status(request: HttpRequest, pk: int) -> HttpResponse:
    tandem = _managed(request, pk)
    try:
        services.set_status(tandem, request.POST.get("status", ""))
        messages.success(request, _("The status has been changed."))
    except services.TandemRefused as refused:
        _refused(request, refused)
    return redirect("peers:tandem-detail", pk=pk)


@require_POST
def tandem_note(request: HttpRequest, pk: int) -> HttpResponse:
    tandem = _managed(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.add_note(tandem, data["date"], data["kind"], data["text"], request.user)
        messages.success(request, _("The note has been saved."))
    else:
        messages.error(request, _("Please enter a date and a note. Nothing has been saved."))
    return redirect("peers:tandem-detail", pk=pk)


@require_POST
def tandem_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    tandem = _managed(request, pk)
    form = OutcomeForm(request.POST, tandem=tandem)
    if form.is_valid():
        services.record_outcome(tandem, form.cleaned_data["activity"], form.cleaned_data["outcome"])
        messages.success(request, _("The outcome has been saved."))
    else:
        messages.error(
            request,
            _("Please choose an activity of the receiving municipality. Nothing has been saved."),
        )
    return redirect("peers:tandem-detail", pk=pk)


@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    row = ScoringWeights.objects.filter(district=district).first()
    form = WeightsForm(request.POST or None, instance=row or ScoringWeights(district=district))
    if request.method == "POST" and form.is_valid():
        services.save_weights(district, form.cleaned_data)
        messages.success(request, _("The weights have been saved."))
        return redirect("peers:overview", ags=ags)
    return render(request, "peers/weights.html", {"district": district, "form": form})
