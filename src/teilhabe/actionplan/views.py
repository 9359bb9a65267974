"""Workshop proposals and the dot vote for members of the district; the action plan."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.actionplan import exports, services, voting
from teilhabe.actionplan.forms import MeasureForm, PriorityForm, ProgressForm, ProposalForm
from teilhabe.actionplan.models import Measure, Priority, Proposal
from teilhabe.core.confirm import Question, ask_first
from teilhabe.core.errors import EditConflict
from teilhabe.core.scoping import Scope, require, scope_of
from teilhabe.events.models import Event, EventKind, VotePer


def _workshop(request: HttpRequest, pk: int) -> Event:
    return scope_of(request).get(
        Event.objects.select_related("district").filter(kind=EventKind.WORKSHOP), pk=pk
    )


@require_GET
def proposals(request: HttpRequest, pk: int) -> HttpResponse:
    event = _workshop(request, pk)
    scope = scope_of(request)
    ranking = services.ranking(event)
    context = {
        "event": event,
        "district": event.district,
        "ranking": ranking,
        "changeable": _changeable(scope, event, [p for p, _r in ranking]),
        "show_points": event.vote_closed_at is not None
        or scope.can_manage_district(event.district),
        "ballots": event.ballots.count(),
        "can_manage": scope.can_manage_district(event.district),
        "can_contribute": scope.can_contribute(event.district),
    }
    return render(request, "actionplan/proposals.html", context)


def _changeable(scope: Scope, event: Event, proposals: list[Proposal]) -> set[int]:
    """The proposals this user may still edit or withdraw (until the vote opens)."""
    if event.vote_opened_at is not None:
        return set()
    if scope.can_manage_district(event.district):
        return {p.pk for p in proposals}
    own = {m.pk for m in scope.editable_municipalities(event.district)}
    return {p.pk for p in proposals if p.municipality_id in own}


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _workshop(request, pk)
    scope = scope_of(request)
    require(scope.can_contribute(event.district))
    form = ProposalForm(
        request.POST or None,
        district=event.district,
        municipalities=scope.editable_municipalities(event.district),
        whole_district=scope.can_manage_district(event.district),
    )
    closed = not event.proposals_open or event.vote_opened_at is not None
    if request.method == "POST" and form.is_valid() and not closed:
        try:
            services.submit_proposal(event, form.cleaned_data)
        except services.ProposalsClosed:
            closed = True
        else:
            messages.success(request, _("The proposal has been added."))
            return redirect("actionplan:proposals", pk=event.pk)
    return render(
        request,
        "actionplan/proposal_form.html",
        {"event": event, "district": event.district, "form": form, "closed": closed},
    )


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A logged-in participant's ballot; with points per municipality, the municipality's."""
    event = _workshop(request, pk)
    scope = scope_of(request)
    require(scope.can_contribute(event.district))
    municipalities = scope.editable_municipalities(event.district)
    per_municipality = event.vote_per == VotePer.MUNICIPALITY
    chosen = None
    if per_municipality:
        wanted = request.POST.get("municipality") or request.GET.get("municipality")
        chosen = voting.chosen_municipality(municipalities, wanted)
    error = ""
    own: dict[int, int] = {}
    values: dict[int, object] = {}
    if chosen or not per_municipality:
        key = services.voter_key(event, user_id=request.user.pk, municipality=chosen)
        own = services.ballot_of(event, key)
        values = dict(own)
        if request.method == "POST" and event.vote_closed_at is None:  # closed: the result
            error, values = voting.cast(event, key, request.POST, chosen)
            if not error:
                messages.success(request, _(voting.SAVED))
                return redirect("actionplan:proposals", pk=event.pk)
    context = {
        "event": event,
        "district": event.district,
        "error": error,
        "per_municipality": per_municipality,
        "municipalities": municipalities,
        "chosen": chosen,
        **voting.context(event, values, own),
    }
    return render(request, "actionplan/vote.html", context, status=400 if error else 200)


def _managed_workshop(request: HttpRequest, pk: int) -> Event:
    event = _workshop(request, pk)
    require(scope_of(request).can_manage_district(event.district))
    return event


OPEN_VOTE = Question(
    gettext_lazy("Open the vote?"),
    gettext_lazy(
        "The participants can then give their points. No more proposals can be added to this "
        "workshop, not even after the vote."
    ),
    gettext_lazy("Open the vote"),
)
CLOSE_VOTE = Question(
    gettext_lazy("Close the vote?"),
    gettext_lazy("No more points can be given, and the ranking becomes final."),
    gettext_lazy("Close the vote"),
)


@require_POST
def vote_open(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_workshop(request, pk)
    back = reverse("actionplan:proposals", args=[event.pk])
    if page := ask_first(request, OPEN_VOTE, back):
        return page
    try:
        services.open_vote(event)
        messages.success(request, _("The vote is open. No more proposals can be added."))
    except services.VoteNotOpen:
        messages.error(
            request,
            _("The vote cannot be opened: it has closed already, or there are no proposals yet."),
        )
    return redirect("actionplan:proposals", pk=event.pk)


@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed_workshop(request, pk)
    back = reverse("actionplan:proposals", args=[event.pk])
    if page := ask_first(request, CLOSE_VOTE, back):
        return page
    try:
        services.close_vote(event)
        messages.success(request, _("The vote is closed; the ranking is final."))
    except services.VoteNotOpen:
        messages.error(request, _("The vote is not open."))
    return redirect("actionplan:proposals", pk=event.pk)


@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = scope_of(request).get(Proposal.objects.select_related("event__district"), pk=pk)
    require(scope_of(request).can_manage_district(proposal.event.district))
    priority = services.adopt(proposal)
    messages.success(
        request, _("“%(title)s” is now a priority of the action plan.") % {"title": priority.title}
    )
    return redirect("actionplan:proposals", pk=proposal.event_id)


# The action plan ---------------------------------------------------------------------------
@require_GET
def plan(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    rows = services.plan(district.pk)
    measures = [m for _p, ms in rows for m in ms]
    context = {
        "district": district,
        "rows": rows,
        "overdue": services.overdue(measures),
        "measure_count": len(measures),
        "today": timezone.localdate(),
        "can_manage": scope_of(request).can_manage_district(district),
    }
    return render(request, "actionplan/plan.html", context)


@require_GET
def plan_export(request: HttpRequest, ags: str) -> HttpResponse:
    return exports.plan_response(scope_of(request).district(ags))


@require_http_methods(["GET", "POST"])
def priority_create(request: HttpRequest, ags: str) -> HttpResponse:
    district = scope_of(request).district(ags)
    require(scope_of(request).can_manage_district(district))
    form = PriorityForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        services.save_priority(Priority(district=district), form.cleaned_data)
        messages.success(request, _("The priority has been added."))
        return redirect("actionplan:plan", ags=ags)
    return render(
        request,
        "actionplan/form.html",
        {"district": district, "form": form, "title": _("New priority")},
    )


def _priority(request: HttpRequest, pk: int) -> Priority:
    priority = scope_of(request).get(Priority.objects.select_related("district"), pk=pk)
    require(scope_of(request).can_manage_district(priority.district))
    return priority


@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority(request, pk)
    form = PriorityForm(request.POST or None, instance=priority, district=priority.district)
    if request.method == "POST" and form.is_valid():
        services.save_priority(priority, form.cleaned_data)
        messages.success(request, _("The priority has been saved."))
        return redirect("actionplan:plan", ags=priority.district.ags)
    return render(
        request,
        "actionplan/form.html",
        {"district": priority.district, "form": form, "title": priority.title},
    )


def _measure_values(form: MeasureForm) -> dict[str, object]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    priority = _priority(request, pk)
    form = MeasureForm(request.POST or None, district=priority.district)
    if request.method == "POST" and form.is_valid():
        measure = services.save_measure(Measure(priority=priority), _measure_values(form))
        messages.success(request, _("The measure has been added."))
        return redirect("actionplan:measure-detail", pk=measure.pk)
    return render(
        request,
        "actionplan/form.html",
        {
            "district": priority.district,
            "form": form,
            "title": _("New measure for “%(priority)s”") % {"priority": priority.title},
        },
    )


def _measure(request: HttpRequest, pk: int) -> Measure:
    related = Measure.objects.select_related("priority__district")
    return scope_of(request).get(related, pk=pk)


def _measure_page(
    request: HttpRequest, measure: Measure, form: ProgressForm, status: int = 200
) -> HttpResponse:
    district = measure.priority.district
    context = {
        "measure": measure,
        "district": district,
        "form": form,
        "notes": measure.notes.select_related("author"),
        "can_manage": scope_of(request).can_manage_district(district),
    }
    return render(request, "actionplan/measure_detail.html", context, status=status)


@require_GET
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    start = {"progress": measure.progress, "version": measure.version}
    return _measure_page(
        request, measure, ProgressForm(initial=start | {"date": timezone.localdate()})
    )


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    district = measure.priority.district
    require(scope_of(request).can_manage_district(district))
    form = MeasureForm(request.POST or None, instance=measure, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_measure(measure, _measure_values(form), form.cleaned_data["version"])
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed this measure meanwhile. Please reload "
                    "the page; your entries are still shown here."
                ),
            )
        else:
            messages.success(request, _("The measure has been saved."))
            return redirect("actionplan:measure-detail", pk=measure.pk)
    return render(
        request,
        "actionplan/form.html",
        {"district": district, "form": form, "title": measure.title},
    )


@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    require(scope_of(request).can_manage_district(measure.priority.district))
    form = ProgressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress(
                measure, data["progress"], data["text"], request.user, data["date"], data["version"]
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else recorded progress meanwhile. Please check the "
                    "notes below and enter yours again."
                ),
            )
        else:
            messages.success(request, _("The progress has been recorded."))
            return redirect("actionplan:measure-detail", pk=measure.pk)
    return _measure_page(request, measure, form, status=400)
